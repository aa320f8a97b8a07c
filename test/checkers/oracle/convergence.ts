// Convergence: once the last fault is healed (and nothing else changes), every
// live node's view must match the truth (up nodes alive, crashed/left nodes
// dead, left or removed) within the bound, and stay matching to the end. Views
// are rebuilt from `member`/`removed` lines; the final `view` snapshots are
// cross-checked against the same expectation.

import { convergenceBound, fmtS, resolveBound, secs } from './bounds.js';
import { expectationOf, matches, settlePoint, type Expectation } from './expectation.js';
import { findRun, paramsOf } from './run-meta.js';
import { snapshotFindings } from './snapshots.js';
import type { Checker, CheckContext, CheckerResult, Violation } from './types.js';
import { buildViews } from './views.js';

export const convergence: Checker = { name: 'convergence', check };

function check(ctx: CheckContext): CheckerResult {
  const info = findRun(ctx.events);
  const bound = resolveBound(ctx.overrides, 'convergence', 'converge', () => convergenceBound(paramsOf(info), info.n, info.preset));
  const bounds = { converge: bound };
  const { truth } = ctx;
  const views = buildViews(ctx.events.slice(0, truth.observedLines));
  const end = truth.observedUntil;
  const from = settlePoint(truth, info.line);

  const open = truth.faults.filter((f) => f.to === Infinity && !f.skipped && f.kind !== 'crash');
  if (open.length > 0) {
    return {
      valid: 'unknown',
      metrics: { note: `fault ${open.map((f) => `${f.id} (line ${f.fromLine})`).join(', ')} was never stopped; convergence is judged only after every fault is healed` },
      violations: [],
      bounds,
    };
  }

  const observers = truth.nodes.filter((o) => truth.isUp(o, end));
  const observerSet = new Set(observers);
  const members = [...new Set([...truth.nodes, ...observers.flatMap((o) => views.membersOf(o))])];
  const expect = new Map<string, Expectation>(members.map((m) => [m, expectationOf(truth, m, end)]));
  const key = (o: string, m: string): string => `${o}\u0000${m}`;

  const wrong = new Set<string>();
  for (const o of observers) {
    for (const m of members) if (!matches(o, m, views.stateAt(o, m, from.t), expect.get(m)!)) wrong.add(key(o, m));
  }
  let converged: { t: number; line: number } | undefined = wrong.size === 0 ? from : undefined;
  for (const s of views.steps) {
    if (s.t <= from.t || !observerSet.has(s.observer)) continue;
    const ok = matches(s.observer, s.member, s.state, expect.get(s.member) ?? 'gone');
    const before = wrong.size;
    if (ok) wrong.delete(key(s.observer, s.member));
    else wrong.add(key(s.observer, s.member));
    if (wrong.size === 0 && before > 0) converged = { t: s.t, line: s.line };
    if (wrong.size > 0) converged = undefined;
  }

  const boundMs = bound.value * 1000;
  const elapsed = end - from.t;
  const violations: Violation[] = [];
  const undetermined: string[] = [];
  const since = `the ${from.what} at ${fmtS(from.t)} (line ${from.line})`;

  if (converged && converged.t - from.t > boundMs) {
    violations.push({
      message: `views converged only ${fmtS(converged.t - from.t)} after ${since}, beyond the ${bound.value} s bound (line ${converged.line})`,
      lines: [from.line, converged.line],
      t: converged.t,
    });
  }
  const snaps = snapshotFindings(ctx.events.slice(0, truth.observedLines), observers, expect, from.t);
  for (const k of wrong) {
    const [o, m] = k.split('\u0000') as [string, string];
    const last = views.of(o, m).at(-1);
    const snap = snaps.byObserver.get(o);
    const snapNote = snap ? ` (its /view snapshot at line ${snap.line} shows '${snap.states.get(m) ?? 'removed'}')` : '';
    const message = `${o} still sees ${m} as '${views.stateAt(o, m, end)}' at the end of observation, `
      + `${fmtS(elapsed)} after ${since} (expected ${describe(expect.get(m)!)})${snapNote}`;
    if (elapsed < boundMs) { undetermined.push(`${message}; observation ended before the ${bound.value} s bound elapsed`); continue; }
    const lines = [from.line, ...(last ? [last.line] : []), ...(snap ? [snap.line] : [])];
    violations.push({ message, lines: [...new Set(lines)].sort((a, b) => a - b), member: m, observer: o, t: end });
  }
  for (const f of snaps.wrong) {
    if (wrong.has(key(f.observer, f.member))) continue;
    const message = `${f.observer}'s /view snapshot at ${fmtS(f.t)} (line ${f.line}) shows ${f.member} as '${f.state}', `
      + `expected ${describe(expect.get(f.member) ?? 'gone')}, although its observation stream had converged`;
    if (f.t - from.t < boundMs) undetermined.push(`${message}; taken before the ${bound.value} s bound elapsed`);
    else violations.push({ message, lines: [from.line, f.line], member: f.member, observer: f.observer, t: f.t });
  }

  return {
    valid: violations.length > 0 ? false : undetermined.length > 0 || !converged ? 'unknown' : true,
    metrics: {
      convergedAfter: converged ? secs(converged.t - from.t) : null,
      mismatchesAtEnd: wrong.size,
      observedFor: secs(elapsed),
      observers: observers.length,
      from: { what: from.what, at: secs(from.t), line: from.line },
      convergedLine: converged?.line ?? null,
      snapshotsChecked: snaps.checked,
      undetermined,
    },
    violations,
    bounds,
  };
}

function describe(e: Expectation): string {
  switch (e) {
    case 'alive': return 'alive';
    case 'gone': return 'dead, left or removed';
    case 'any': return 'anything (the member is paused)';
    default: { const never: never = e; return never; }
  }
}

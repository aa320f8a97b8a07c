// Convergence: once the last fault is healed (and nothing else changes), every
// live node's view must match the truth (up nodes alive, crashed/left nodes
// dead, left or removed) within the bound, and stay matching to the end. Views
// are rebuilt from `member`/`removed` lines; the final `view` snapshots are
// cross-checked against the same expectation. Streamed: the views are read once
// at the settle point, then every later step updates the set of wrong pairs.

import { convergenceBound, fmtS, resolveBound, secs } from './bounds.js';
import { expectationOf, matches, settlePoint, type Expectation, type SettlePoint } from './expectation.js';
import { paramsOf } from './run-meta.js';
import { Snapshots } from './snapshots.js';
import type { Truth } from './truth.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { Step } from './view-stream.js';

export const convergence: Checker = { name: 'convergence', open };

const key = (o: string, m: string): string => `${o}\u0000${m}`;

function open(ctx: CheckContext): CheckerRun {
  const info = ctx.run();
  const bound = resolveBound(ctx.overrides, 'convergence', 'converge', () => convergenceBound(paramsOf(info), info.n, info.preset));
  const bounds = { converge: bound };
  const { truth } = ctx;
  const from = settlePoint(truth, info.line);

  const open = truth.faults.filter((f) => f.to === Infinity && !f.skipped && f.kind !== 'crash');
  if (open.length > 0) {
    return { finish: () => ({
      valid: 'unknown',
      metrics: { note: `fault ${open.map((f) => `${f.id} (line ${f.fromLine})`).join(', ')} was never stopped; convergence is judged only after every fault is healed` },
      violations: [],
      bounds,
    }) };
  }

  const end = truth.observedUntil;
  const observers = truth.nodes.filter((o) => truth.isUp(o, end));
  const observerSet = new Set(observers);
  const expect = new Map<string, Expectation>(truth.nodes.map((m) => [m, expectationOf(truth, m, end)]));
  const expectOf = (m: string): Expectation => expect.get(m) ?? 'gone';
  const lastLine = new Map<number, number>();
  const snapshots = new Snapshots(from.t);
  let wrong: Set<string> | undefined;
  let converged: { t: number; line: number } | undefined;

  // The views at the settle point: every pair whose state then does not match.
  const settle = (): Set<string> => {
    const w = new Set<string>();
    const members = [...new Set([...truth.nodes, ...observers.flatMap((o) => ctx.views.membersOf(o))])];
    for (const o of observers) {
      for (const m of members) if (!matches(o, m, ctx.views.stateOf(o, m), expectOf(m))) w.add(key(o, m));
    }
    converged = w.size === 0 ? from : undefined;
    return w;
  };
  const step = (s: Step): void => {
    if (s.t > from.t) wrong ??= settle();
    if (observerSet.has(s.observer)) lastLine.set(s.pair, s.line);
    if (s.t <= from.t || !observerSet.has(s.observer)) return;
    const ok = matches(s.observer, s.member, s.state, expectOf(s.member));
    const w = wrong!;
    const before = w.size;
    if (ok) w.delete(key(s.observer, s.member));
    else w.add(key(s.observer, s.member));
    if (w.size === 0 && before > 0) converged = { t: s.t, line: s.line };
    if (w.size > 0) converged = undefined;
  };
  return {
    wants: ['view'],
    size: () => lastLine.size + (wrong?.size ?? 0) + snapshots.size,
    event: (e, line) => { if (e.type === 'view') snapshots.view(e, line); },
    step,
    finish: () => {
      wrong ??= settle();
      const members = [...new Set([...truth.nodes, ...observers.flatMap((o) => ctx.views.membersOf(o))])];
      for (const m of members) if (!expect.has(m)) expect.set(m, expectationOf(truth, m, end));
      return result({ ctx, bound, bounds, from, truth, observers, expect, wrong, converged, snapshots, lastLine });
    },
  };
}

interface Collected {
  ctx: CheckContext; bound: Bound; bounds: { converge: Bound }; from: SettlePoint; truth: Truth; observers: string[];
  expect: Map<string, Expectation>; wrong: Set<string>; converged: { t: number; line: number } | undefined;
  snapshots: Snapshots; lastLine: Map<number, number>;
}

function result({ ctx, bound, bounds, from, truth, observers, expect, wrong, converged, snapshots, lastLine }: Collected): CheckerResult {
  const end = truth.observedUntil;

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
  const snaps = snapshots.findings(observers, expect);
  for (const k of wrong) {
    const [o, m] = k.split('\u0000') as [string, string];
    const pair = ctx.views.pairOf(o, m);
    const last = pair === undefined ? undefined : lastLine.get(pair);
    const snap = snaps.byObserver.get(o);
    const snapNote = snap ? ` (its /view snapshot at line ${snap.line} shows '${snap.states.get(m) ?? 'removed'}')` : '';
    const message = `${o} still sees ${m} as '${ctx.views.stateOf(o, m)}' at the end of observation, `
      + `${fmtS(elapsed)} after ${since} (expected ${describe(expect.get(m)!)})${snapNote}`;
    if (elapsed < boundMs) { undetermined.push(`${message}; observation ended before the ${bound.value} s bound elapsed`); continue; }
    const lines = [from.line, ...(last ? [last] : []), ...(snap ? [snap.line] : [])];
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

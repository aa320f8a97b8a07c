// Flapping: how often each observer's view of each member toggles between alive and
// not alive (suspect, dead, left, removed). Toggles that the truth explains are allowed:
// per observer-member pair, the allowance is perChange × (truth changes touching either
// of them: lifecycle events, fault starts and stops) + max(maxCount, maxPerHour × hours
// the observer ran). A fresh observer process starts with no state, so its first word
// is not a toggle. Defaults: one spurious suspicion and its recovery (2 toggles) per pair
// per run; 2 × the false-positive rate per hour; each truth change one accusation and
// one recovery.

import { fmtS, resolveQuantity } from './bounds.js';
import { round3 } from './distribution.js';
import { upHours } from './health.js';
import { Capped } from './capped.js';
import { PairSlots } from './pair-slots.js';
import { paramsOf } from './run-meta.js';
import type { Numbered } from './timeline.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { Step, ViewState } from './view-stream.js';

const NAME = 'flapping';
export const flapping: Checker = { name: NAME, open };

/** Toggle lines beyond this many per pair are counted, not cited. */
const CITED_TOGGLES = 1000;

interface Pair { observer: string; member: string; toggles: Capped<number>; lastToggleT: number; last: 'up' | 'down' | undefined }

function side(s: ViewState): 'up' | 'down' | undefined {
  if (s === 'alive') return 'up';
  if (s === 'unknown') return undefined;
  return 'down';
}

function open(ctx: CheckContext): CheckerRun {
  const info = ctx.run();
  const q = (name: string, unit: string, derive: () => { value: number; source: string }): Bound =>
    resolveQuantity(ctx.overrides, NAME, name, unit, derive);
  const bounds = {
    maxPerHour: q('maxPerHour', 'toggles per pair-hour', () => {
      const rate = 0.001 * 3_600_000 / paramsOf(info).probeInterval;
      return { value: 2 * rate, source: `2 toggles (accused, then alive) × the false-positive rate, 1‰ of ${3_600_000 / paramsOf(info).probeInterval} probes per hour at probeInterval ${fmtS(paramsOf(info).probeInterval)}` };
    }),
    maxCount: q('maxCount', 'toggles per pair', () => ({ value: 2, source: 'one spurious suspicion and its recovery per observer-member pair per run' })),
    perChange: q('perChange', 'toggles per truth change', () => ({ value: 2, source: 'each lifecycle event or fault start/stop touching the pair may cause one accusation and one recovery' })),
  };
  const pairs = new Map<number, Pair>(); // in first-step order, for the result
  const byPair = new PairSlots<Pair>();
  const step = (s: Step): void => {
    if (s.observer === s.member) return;
    let p = byPair.get(s.pair);
    if (!p) {
      p = { observer: s.observer, member: s.member, toggles: new Capped(CITED_TOGGLES), lastToggleT: 0, last: undefined };
      pairs.set(s.pair, p);
      byPair.set(s.pair, p);
    }
    if (s.reset) { p.last = undefined; return; } // not `delete`: the pair keeps one shape
    const now = side(s.state);
    if (!now) return;
    if (p.last && p.last !== now) { p.toggles.push(s.line); p.lastToggleT = s.t; }
    p.last = now;
  };
  const size = (): number => {
    let n = pairs.size;
    for (const p of pairs.values()) n += p.toggles.items.length;
    return n;
  };
  return { step, finish: () => result(ctx, bounds, pairs), size };
}

function result(ctx: CheckContext, bounds: Record<'maxPerHour' | 'maxCount' | 'perChange', Bound>, pairs: Map<number, Pair>): CheckerResult {
  const { truth } = ctx;
  const changes = changeCounter(ctx.timeline.filter((x) => x.line <= truth.observedLines));
  const violations: Violation[] = [];
  const notes: string[] = [];
  const flapping = [...pairs.values()].filter((p) => p.toggles.total > 0).map((p) => {
    const hours = upHours(truth, p.observer);
    const changed = changes(p.observer, p.member);
    const allowance = bounds.perChange.value * changed + Math.max(bounds.maxCount.value, bounds.maxPerHour.value * hours);
    const count = p.toggles.total;
    const perHour = hours > 0 ? round3(count / hours) : null;
    if (count > allowance) {
      if (p.toggles.capped) notes.push(`${p.observer}'s view of ${p.member}: only the first ${CITED_TOGGLES} of its ${count} toggles are cited`);
      violations.push({
        message: `${p.observer}'s view of ${p.member} toggled between alive and not alive ${count} times`
          + ` (${perHour ?? '∞'} per hour over ${round3(hours)} h), above the allowance ${round3(allowance)} = perChange ${bounds.perChange.value}`
          + ` × ${changed} truth changes + max(maxCount ${bounds.maxCount.value}, maxPerHour ${bounds.maxPerHour.value} × ${round3(hours)} h)`,
        lines: p.toggles.items, member: p.member, observer: p.observer, t: p.lastToggleT,
      });
    }
    const unexplained = Math.max(0, count - bounds.perChange.value * changed);
    return { observer: p.observer, member: p.member, toggles: count, perHour, truthChanges: changed, unexplained, allowance: round3(allowance) };
  });
  const totalHours = truth.nodes.reduce((a, n) => a + upHours(truth, n), 0) * Math.max(0, truth.nodes.length - 1);
  const total = flapping.reduce((a, p) => a + p.toggles, 0);
  return {
    valid: violations.length === 0,
    metrics: {
      totalToggles: total,
      pairsWithToggles: flapping.length,
      maxTogglesPerPair: flapping.length ? Math.max(...flapping.map((p) => p.toggles)) : 0,
      // Toggles beyond what truth changes explain: what maxCount and maxPerHour judge.
      maxUnexplainedTogglesPerPair: flapping.length ? Math.max(...flapping.map((p) => p.unexplained)) : 0,
      pairsOverAllowance: violations.length,
      maxRawPerHourPerPair: flapping.length ? Math.max(...flapping.map((p) => p.perHour ?? 0)) : 0,
      togglesPerPairHour: totalHours > 0 ? round3(total / totalHours) : null,
      pairs: flapping,
      ...(total === 0 ? { note: 'no view ever toggled between alive and not alive' } : {}),
    },
    violations,
    bounds,
    ...(notes.length ? { notes } : {}),
  };
}

/** Counts the truth changes (lifecycle events but a node's first start, fault starts/stops) that touch either node of a pair. */
function changeCounter(events: readonly Numbered[]): (a: string, b: string) => number {
  // Per node, the indices (ascending) of the changes touching it; a pair's count is the size of the union.
  const byNode = new Map<string, number[]>();
  const started = new Set<string>();
  let k = 0;
  // A node's list ends with the current change's index once touched by it: each change counts once per node.
  const touch = (n: string, i: number): void => {
    const list = byNode.get(n);
    if (!list) byNode.set(n, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (const { e } of events) {
    const first = e.type === 'node' && (e.event === 'started' || e.event === 'joined') && !started.has(e.node);
    if (e.type === 'node') started.add(e.node);
    if (e.type === 'node' && !first) touch(e.node, k++);
    else if (e.type === 'fault' && !e.skipped) {
      const i = k++;
      for (const n of e.targets) touch(n, i);
      for (const link of e.links ?? []) for (const n of link) touch(n, i);
    }
  }
  return (a, b) => {
    const x = byNode.get(a) ?? [];
    const y = byNode.get(b) ?? [];
    let i = 0, j = 0, both = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) { both++; i++; j++; } else if (x[i]! < y[j]!) i++; else j++;
    }
    return x.length + y.length - both;
  };
}

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
import { findRun, paramsOf } from './run-meta.js';
import type { Bound, Checker, CheckContext, CheckerResult, Violation } from './types.js';
import { buildViews, type ViewState } from './views.js';
import type { HistoryEvent } from '../../../src/history/types.js';

const NAME = 'flapping';
export const flapping: Checker = { name: NAME, check };

interface Pair { observer: string; member: string; toggles: number[]; last?: 'up' | 'down' }

function side(s: ViewState): 'up' | 'down' | undefined {
  if (s === 'alive') return 'up';
  if (s === 'unknown') return undefined;
  return 'down';
}

function check(ctx: CheckContext): CheckerResult {
  const info = findRun(ctx.events);
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
  const { truth } = ctx;
  const events = ctx.events.slice(0, truth.observedLines);
  const views = buildViews(events);
  const pairs = new Map<string, Pair>();
  for (const s of views.steps) {
    if (s.observer === s.member) continue;
    const k = `${s.observer}\u0000${s.member}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { observer: s.observer, member: s.member, toggles: [] }));
    if (s.reset) { delete p.last; continue; }
    const now = side(s.state);
    if (!now) continue;
    if (p.last && p.last !== now) p.toggles.push(s.line);
    p.last = now;
  }

  const changes = changeCounter(events);
  const violations: Violation[] = [];
  const flapping = [...pairs.values()].filter((p) => p.toggles.length > 0).map((p) => {
    const hours = upHours(truth, p.observer);
    const changed = changes(p.observer, p.member);
    const allowance = bounds.perChange.value * changed + Math.max(bounds.maxCount.value, bounds.maxPerHour.value * hours);
    const perHour = hours > 0 ? round3(p.toggles.length / hours) : null;
    if (p.toggles.length > allowance) {
      violations.push({
        message: `${p.observer}'s view of ${p.member} toggled between alive and not alive ${p.toggles.length} times`
          + ` (${perHour ?? '∞'} per hour over ${round3(hours)} h), above the allowance ${round3(allowance)} = perChange ${bounds.perChange.value}`
          + ` × ${changed} truth changes + max(maxCount ${bounds.maxCount.value}, maxPerHour ${bounds.maxPerHour.value} × ${round3(hours)} h)`,
        lines: p.toggles, member: p.member, observer: p.observer, t: events[p.toggles.at(-1)! - 1]?.t ?? 0,
      });
    }
    const unexplained = Math.max(0, p.toggles.length - bounds.perChange.value * changed);
    return { observer: p.observer, member: p.member, toggles: p.toggles.length, perHour, truthChanges: changed, unexplained, allowance: round3(allowance) };
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
  };
}

/** Counts the truth changes (lifecycle events but a node's first start, fault starts/stops) that touch either node of a pair. */
function changeCounter(events: readonly HistoryEvent[]): (a: string, b: string) => number {
  const touching: Set<string>[] = [];
  const started = new Set<string>();
  for (const e of events) {
    const first = e.type === 'node' && (e.event === 'started' || e.event === 'joined') && !started.has(e.node);
    if (e.type === 'node') started.add(e.node);
    if (e.type === 'node' && !first) touching.push(new Set([e.node]));
    else if (e.type === 'fault' && !e.skipped) touching.push(new Set([...e.targets, ...(e.links ?? []).flat()]));
  }
  return (a, b) => touching.filter((s) => s.has(a) || s.has(b)).length;
}

// Figures read back from a stored history: lines that never reached it (gaps in
// each node's `seq`), the recorder's lag from a node's line to its append, and
// the traffic each node reports in its `stats` lines. Pure functions of the events.

import type { HistoryEvent } from '../history/types.js';

type Obs = Extract<HistoryEvent, { type: 'obs' }> & { seq?: number; ts?: number; packets?: { sent?: { msgs: number; bytes: number } } };

export interface LostLines {
  /** Lines the history holds from nodes that number their lines. */
  received: number;
  /** Lines the nodes numbered but the history lacks. */
  lost: number;
  /** Nodes that had lines missing. */
  nodesWithLoss: string[];
  /** Lines without `seq` (an implementation that does not number its lines): not accounted. */
  unnumbered: number;
}

/**
 * Every node numbers its lines 1, 2, 3 … per process; a restarted process starts
 * at 1 again. Lines lost are the numbers missing between 1 and the highest seen
 * in each process lifetime (a loss at the very end of a lifetime cannot be seen).
 */
export function lostLines(events: readonly HistoryEvent[]): LostLines {
  const out: LostLines = { received: 0, lost: 0, nodesWithLoss: [], unnumbered: 0 };
  const life = new Map<string, { seen: Set<number>; max: number }>();
  const lossy = new Set<string>();
  const close = (node: string): void => {
    const l = life.get(node);
    if (!l) return;
    const missing = l.max - l.seen.size;
    if (missing > 0) { out.lost += missing; lossy.add(node); }
    life.delete(node);
  };
  for (const e of events) {
    if (e.type !== 'obs') continue;
    const seq = (e as Obs).seq;
    if (typeof seq !== 'number') { out.unnumbered++; continue; }
    out.received++;
    let l = life.get(e.node);
    if (l && seq === 1) { close(e.node); l = undefined; }
    if (!l) life.set(e.node, (l = { seen: new Set(), max: 0 }));
    l.seen.add(seq);
    l.max = Math.max(l.max, seq);
  }
  for (const node of [...life.keys()]) close(node);
  out.nodesWithLoss = [...lossy].sort();
  return out;
}

export interface Spread { count: number; p50: number; p99: number; max: number }

export function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(values).sort();
  const at = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

/**
 * Milliseconds from a node printing a line (its `ts`) to the controller appending
 * it (`startedAt + t`), for lines appended within [from, to] (controller ms).
 * Meaningful only where nodes' clocks are not faked; lines after the teardown
 * phase began are left out.
 */
export function recorderLag(events: readonly HistoryEvent[], from = -Infinity, to = Infinity): Spread {
  const run = events.find((e) => e.type === 'run');
  const startedAt = run?.type === 'run' ? run.startedAt : undefined;
  if (startedAt === undefined) return spread([]);
  const lags: number[] = [];
  for (const e of events) {
    if (e.type === 'phase' && e.name === 'teardown') break;
    if (e.type === 'obs' && typeof (e as Obs).ts === 'number' && e.t >= from && e.t <= to) lags.push(startedAt + e.t - (e as Obs).ts!);
  }
  return spread(lags);
}

export interface Traffic { nodes: number; bytesPerS: number; packetsPerS: number }

/** Mean over nodes of what each sent per second, from its first and last `stats` line within [from, to] (controller ms). */
export function statsTraffic(events: readonly HistoryEvent[], from: number, to: number): Traffic {
  const first = new Map<string, Obs>(), last = new Map<string, Obs>();
  for (const e of events) {
    if (e.type !== 'obs' || e.obs !== 'stats' || e.t < from || e.t > to || !(e as Obs).packets?.sent) continue;
    if (!first.has(e.node)) first.set(e.node, e as Obs);
    last.set(e.node, e as Obs);
  }
  let bytes = 0, packets = 0, nodes = 0;
  for (const [node, a] of first) {
    const b = last.get(node)!;
    const s = (b.t - a.t) / 1000;
    if (s <= 0) continue;
    bytes += (b.packets!.sent!.bytes - a.packets!.sent!.bytes) / s;
    packets += (b.packets!.sent!.msgs - a.packets!.sent!.msgs) / s;
    nodes++;
  }
  return { nodes, bytesPerS: nodes ? bytes / nodes : NaN, packetsPerS: nodes ? packets / nodes : NaN };
}

/** Controller time of the first phase event with this name. */
export function phaseAt(events: readonly HistoryEvent[], name: string): number | undefined {
  return events.find((e) => e.type === 'phase' && e.name === name)?.t;
}

/**
 * How long each node went between two of its own `stats` lines within [from, to]
 * (by its own clock, `ts`): a node prints one every statsInterval, so a longer gap
 * is time its process did not run its timers (starved of CPU, or stalled).
 */
export function statsGaps(events: readonly HistoryEvent[], from: number, to: number): Spread {
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (const e of events) {
    if (e.type !== 'obs' || e.obs !== 'stats' || e.t < from || e.t > to) continue;
    const ts = (e as Obs).ts;
    if (typeof ts !== 'number') continue;
    const prev = last.get(e.node);
    if (prev !== undefined) gaps.push(ts - prev);
    last.set(e.node, ts);
  }
  return spread(gaps);
}

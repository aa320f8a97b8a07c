// The oracle's per-node stats intervals: the series of checkers/load-series.ts, each
// interval timed (`ms`) by the node's own clock (`ts`) when both lines carry one,
// it moved forward, and no clock fault on the node overlaps the interval; else by
// arrival (`t`). Whole arrays, no streaming.

import { totalsOf, type Totals } from '../../../checkers/load-series.js';
import type { HistoryEvent } from '../../../src/history/types.js';
import type { FaultWindow } from './truth.js';

export { totalsOf, type Totals };

export interface Interval extends Totals { from: number; to: number; fromLine: number; line: number; ms: number; own: boolean }
export interface NodeSeries { node: string; mode: 'cumulative' | 'per-interval'; lines: number; intervals: Interval[] }

interface Sample extends Totals { t: number; ts: number; line: number; process: number }

export function seriesOf(events: readonly HistoryEvent[], faults: readonly FaultWindow[]): Map<string, NodeSeries> {
  const samples = new Map<string, Sample[]>();
  const process = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type === 'node' && (e.event === 'started' || e.event === 'restarted' || e.event === 'joined')) {
      process.set(e.node, (process.get(e.node) ?? 0) + 1);
    }
    if (e.type !== 'obs' || e.obs !== 'stats') return;
    const list = samples.get(e.node) ?? [];
    list.push({ ...totalsOf(e), t: e.t, ts: typeof e.ts === 'number' ? e.ts : NaN, line: i + 1, process: process.get(e.node) ?? 0 });
    samples.set(e.node, list);
  });
  const skewed = (node: string, from: number, to: number): boolean =>
    faults.some((f) => f.kind === 'clock' && !f.skipped && f.targets.includes(node) && f.from <= to && f.to >= from);
  const out = new Map<string, NodeSeries>();
  for (const [node, list] of samples) {
    const drops = list.filter((s, i) => i > 0 && s.process === list[i - 1]!.process && dropped(list[i - 1]!, s)).length;
    const mode = drops >= 2 ? 'per-interval' : 'cumulative';
    const intervals: Interval[] = [];
    list.forEach((s, i) => {
      const prev = list[i - 1];
      if (!prev || prev.process !== s.process) return;
      const own = s.ts > prev.ts && !skewed(node, prev.t, s.t);
      const ms = own ? s.ts - prev.ts : s.t - prev.t;
      if (ms <= 0) return;
      if (mode === 'cumulative' && dropped(prev, s)) return;
      const d = mode === 'cumulative' ? minus(s, prev) : s;
      intervals.push({ sentMsgs: d.sentMsgs, sentBytes: d.sentBytes, recvMsgs: d.recvMsgs, recvBytes: d.recvBytes, from: prev.t, to: s.t, fromLine: prev.line, line: s.line, ms, own });
    });
    out.set(node, { node, mode, lines: list.length, intervals });
  }
  return out;
}

function dropped(a: Totals, b: Totals): boolean {
  return b.sentMsgs < a.sentMsgs || b.sentBytes < a.sentBytes || b.recvMsgs < a.recvMsgs || b.recvBytes < a.recvBytes;
}

function minus(a: Totals, b: Totals): Totals {
  return { sentMsgs: a.sentMsgs - b.sentMsgs, sentBytes: a.sentBytes - b.sentBytes, recvMsgs: a.recvMsgs - b.recvMsgs, recvBytes: a.recvBytes - b.recvBytes };
}

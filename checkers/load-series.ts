// Per-node traffic intervals from `stats` observations (messages and bytes by message
// type, summed over types). The built-in node prints cumulative counters, counted since
// its process started (nodes/core/stats.ts, printed every statsInterval by
// nodes/process/driver.ts), so an interval is the difference of two consecutive lines
// of one process; the first line of a process is only a baseline. A counter can drop
// only when a new process starts: one unexplained drop is taken as an unannounced
// restart, but two or more mean the node prints per-interval counts, and then each
// line (after the first) is the traffic since the previous line.

import type { HistoryEvent, ObsOf } from '../src/history/types.js';

export interface Totals { sentMsgs: number; sentBytes: number; recvMsgs: number; recvBytes: number }
export interface Interval extends Totals { from: number; to: number; fromLine: number; line: number }
export interface NodeSeries { node: string; mode: 'cumulative' | 'per-interval'; lines: number; intervals: Interval[] }

interface Sample extends Totals { t: number; line: number; process: number }

export function seriesOf(events: readonly HistoryEvent[]): Map<string, NodeSeries> {
  const samples = new Map<string, Sample[]>();
  const process = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type === 'node' && (e.event === 'started' || e.event === 'restarted' || e.event === 'joined')) {
      process.set(e.node, (process.get(e.node) ?? 0) + 1);
    }
    if (e.type !== 'obs' || e.obs !== 'stats') return;
    const list = samples.get(e.node) ?? [];
    list.push({ ...totalsOf(e), t: e.t, line: i + 1, process: process.get(e.node) ?? 0 });
    samples.set(e.node, list);
  });
  const out = new Map<string, NodeSeries>();
  for (const [node, list] of samples) {
    const drops = list.filter((s, i) => i > 0 && s.process === list[i - 1]!.process && dropped(list[i - 1]!, s)).length;
    const mode = drops >= 2 ? 'per-interval' : 'cumulative';
    const intervals: Interval[] = [];
    list.forEach((s, i) => {
      const prev = list[i - 1];
      if (!prev || prev.process !== s.process || s.t <= prev.t) return;
      if (mode === 'cumulative' && dropped(prev, s)) return;
      const d = mode === 'cumulative' ? minus(s, prev) : s;
      intervals.push({ ...d, from: prev.t, to: s.t, fromLine: prev.line, line: s.line });
    });
    out.set(node, { node, mode, lines: list.length, intervals });
  }
  return out;
}

export function totalsOf(e: ObsOf<'stats'>): Totals {
  const sum = (r: unknown, f: 'msgs' | 'bytes'): number => {
    if (typeof r !== 'object' || r === null) return 0;
    let n = 0;
    for (const c of Object.values(r as Record<string, unknown>)) {
      const v = (c as Record<string, unknown> | null)?.[f];
      if (typeof v === 'number' && Number.isFinite(v)) n += v;
    }
    return n;
  };
  return { sentMsgs: sum(e.sent, 'msgs'), sentBytes: sum(e.sent, 'bytes'), recvMsgs: sum(e.recv, 'msgs'), recvBytes: sum(e.recv, 'bytes') };
}

function dropped(a: Totals, b: Totals): boolean {
  return b.sentMsgs < a.sentMsgs || b.sentBytes < a.sentBytes || b.recvMsgs < a.recvMsgs || b.recvBytes < a.recvBytes;
}

function minus(a: Totals, b: Totals): Totals {
  return { sentMsgs: a.sentMsgs - b.sentMsgs, sentBytes: a.sentBytes - b.sentBytes, recvMsgs: a.recvMsgs - b.recvMsgs, recvBytes: a.recvBytes - b.recvBytes };
}

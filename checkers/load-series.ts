// Per-node traffic intervals from `stats` observations (messages and bytes by message
// type, summed over types). The built-in node prints cumulative counters, counted since
// its process started (nodes/core/stats.ts, printed every statsInterval by
// nodes/process/driver.ts), so an interval is the difference of two consecutive lines
// of one process; the first line of a process is only a baseline. A counter can drop
// only when a new process starts: one unexplained drop is taken as an unannounced
// restart, but two or more mean the node prints per-interval counts, and then each
// line (after the first) is the traffic since the previous line.
//
// An interval lasts (`ms`) what the node's own clock says (the lines' `ts`) when both
// lines carry one, it moved forward, and no clock fault on that node overlaps the
// interval: lines of a starved or paused node reach the history bunched, and their
// arrival times would read as a burst. Otherwise (no `ts`, or the clock was being
// skewed) it lasts what arrival (`t`) says. Either way, from/to cite arrival times.
// This is the whole-array form, for the charts; load-stream.ts applies the same rules
// as lines stream by.

import type { HistoryEvent, ObsOf } from '../src/history/types.js';

export interface Totals {
  sentMsgs: number; sentBytes: number; recvMsgs: number; recvBytes: number;
  /**
   * `digest` messages received (the `recv` map's `digest` entry; 0 without one): a
   * join or a push-pull request, each of which a node may answer with a record of
   * every member. The load checker allows an interval one such reply per digest.
   */
  recvDigests: number;
}
export interface Interval extends Totals { from: number; to: number; fromLine: number; line: number; ms: number; own: boolean }
export interface NodeSeries { node: string; mode: 'cumulative' | 'per-interval'; lines: number; intervals: Interval[] }

/** A fault as ground truth knows it (checkers/truth.ts FaultWindow has this shape). */
export interface FaultSpan { kind: string; targets: readonly string[]; from: number; to: number; skipped?: string }
/** Per node, the [from, to] windows (arrival time) of the clock faults on it. */
export type ClockFaults = ReadonlyMap<string, readonly { from: number; to: number }[]>;

export function clockFaultsOf(faults: readonly FaultSpan[]): ClockFaults {
  const out = new Map<string, { from: number; to: number }[]>();
  for (const f of faults) {
    if (f.kind !== 'clock' || f.skipped) continue;
    for (const n of f.targets) {
      const list = out.get(n) ?? [];
      list.push({ from: f.from, to: f.to });
      out.set(n, list);
    }
  }
  return out;
}

/** A clock fault in `windows` overlaps [from, to]. */
export function skewedIn(windows: readonly { from: number; to: number }[] | undefined, from: number, to: number): boolean {
  if (windows) for (const w of windows) if (w.from <= to && w.to >= from) return true;
  return false;
}

interface Sample extends Totals { t: number; ts: number; line: number; process: number }

export function seriesOf(events: readonly HistoryEvent[], faults: readonly FaultSpan[]): Map<string, NodeSeries> {
  const clock = clockFaultsOf(faults);
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
  const out = new Map<string, NodeSeries>();
  for (const [node, list] of samples) {
    const drops = list.filter((s, i) => i > 0 && s.process === list[i - 1]!.process && dropped(list[i - 1]!, s)).length;
    const mode = drops >= 2 ? 'per-interval' : 'cumulative';
    const intervals: Interval[] = [];
    list.forEach((s, i) => {
      const prev = list[i - 1];
      if (!prev || prev.process !== s.process) return;
      const own = s.ts > prev.ts && !skewedIn(clock.get(node), prev.t, s.t);
      const ms = own ? s.ts - prev.ts : s.t - prev.t;
      if (ms <= 0) return;
      if (mode === 'cumulative' && dropped(prev, s)) return;
      const d = mode === 'cumulative' ? minus(s, prev) : s;
      intervals.push({ sentMsgs: d.sentMsgs, sentBytes: d.sentBytes, recvMsgs: d.recvMsgs, recvBytes: d.recvBytes, recvDigests: d.recvDigests, from: prev.t, to: s.t, fromLine: prev.line, line: s.line, ms, own });
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
  const digests = (e.recv as Record<string, { msgs?: unknown } | null> | undefined)?.['digest']?.msgs;
  return { sentMsgs: sum(e.sent, 'msgs'), sentBytes: sum(e.sent, 'bytes'), recvMsgs: sum(e.recv, 'msgs'), recvBytes: sum(e.recv, 'bytes'),
    recvDigests: typeof digests === 'number' && Number.isFinite(digests) ? digests : 0 };
}

function dropped(a: Totals, b: Totals): boolean {
  return b.sentMsgs < a.sentMsgs || b.sentBytes < a.sentBytes || b.recvMsgs < a.recvMsgs || b.recvBytes < a.recvBytes;
}

function minus(a: Totals, b: Totals): Totals {
  return { sentMsgs: a.sentMsgs - b.sentMsgs, sentBytes: a.sentBytes - b.sentBytes, recvMsgs: a.recvMsgs - b.recvMsgs, recvBytes: a.recvBytes - b.recvBytes,
    recvDigests: a.recvDigests - b.recvDigests };
}

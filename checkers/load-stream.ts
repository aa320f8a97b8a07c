// Per-node traffic figures from `stats` lines, accumulated as they stream by (the
// rules of load-series.ts, which keeps every interval for the charts). Both
// readings of a node's counters, cumulative and per-interval, are accumulated at
// once, since which one holds is known only after the last line (two or more
// unexplained drops mean per-interval); each is a handful of sums.
// Each interval is timed as load-series.ts says: by the node's own clock (`ts`)
// where no clock fault makes it untrustworthy, else by arrival (`t`).

import type { EventOf } from '../src/history/types.js';
import { clockFaultsOf, skewedIn, totalsOf, type ClockFaults, type Totals } from './load-series.js';

export { clockFaultsOf, type ClockFaults };

export interface Worst { from: number; to: number; fromLine: number; line: number; rate: number }

/**
 * What an interval may send: `perSec` for each second it lasted, plus `perDigest`
 * for each `digest` the node received in it (a full-state reply to each).
 */
export interface Allowance { perSec: number; perDigest: number }

/** The interval furthest above its allowance. */
export interface Over extends Worst { excess: number; digests: number; allowedRate: number }

export class Acc {
  count = 0;
  spanMs = 0;
  sentBytes = 0;
  sentMsgs = 0;
  recvBytes = 0;
  recvMsgs = 0;
  maxRecvRate = -Infinity;
  worst?: Worst;
  firstLine = 0;
  lastLine = 0;
  /** Intervals timed by the node's own clock (the rest by arrival). */
  ownClock = 0;
  over?: Over;

  constructor(private readonly allow: Allowance) {}

  /** An interval between arrivals `from` and `to` that lasted `ms` (by the node's clock when `own`). */
  add(d: Totals, from: number, to: number, ms: number, own: boolean, fromLine: number, line: number): void {
    const secs = ms / 1000;
    if (this.count === 0) this.firstLine = fromLine;
    this.count++;
    if (own) this.ownClock++;
    this.lastLine = line;
    this.spanMs += ms;
    this.sentBytes += d.sentBytes;
    this.sentMsgs += d.sentMsgs;
    this.recvBytes += d.recvBytes;
    this.recvMsgs += d.recvMsgs;
    const rate = d.sentBytes / secs;
    const w = this.worst;
    if (!w) this.worst = { from, to, fromLine, line, rate };
    else if (rate > w.rate) { w.from = from; w.to = to; w.fromLine = fromLine; w.line = line; w.rate = rate; }
    this.maxRecvRate = Math.max(this.maxRecvRate, d.recvBytes / secs);
    const allowed = this.allow.perSec * secs + Math.max(0, d.recvDigests) * this.allow.perDigest;
    const excess = d.sentBytes - allowed;
    const o = this.over;
    if (!o) this.over = { from, to, fromLine, line, rate, excess, digests: d.recvDigests, allowedRate: allowed / secs };
    else if (excess > o.excess) {
      o.from = from; o.to = to; o.fromLine = fromLine; o.line = line; o.rate = rate;
      o.excess = excess; o.digests = d.recvDigests; o.allowedRate = allowed / secs;
    }
  }
}

interface Sample extends Totals { t: number; ts: number; line: number; process: number }

export class NodeLoad {
  /** The node's previous stats line, overwritten in place (no object per line). */
  private readonly prev: Sample = { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, recvDigests: 0, t: 0, ts: NaN, line: 0, process: 0 };
  private seen = false;
  private readonly delta: Totals = { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, recvDigests: 0 };
  drops = 0;
  readonly cumulative: Acc;
  readonly perInterval: Acc;

  constructor(readonly node: string, allow: Allowance, private readonly clockFaults: readonly { from: number; to: number }[] = []) {
    this.cumulative = new Acc(allow);
    this.perInterval = new Acc(allow);
  }

  /** `ts`: the node's own clock in the line (NaN: none). */
  add(d: Totals, t: number, ts: number, line: number, process: number): void {
    const prev = this.prev;
    const first = !this.seen || prev.process !== process;
    const drop = !first && dropped(prev, d);
    const own = !first && ts > prev.ts && !skewedIn(this.clockFaults, prev.t, t);
    const ms = own ? ts - prev.ts : t - prev.t;
    if (drop) this.drops++;
    if (!first && ms > 0) {
      this.perInterval.add(d, prev.t, t, ms, own, prev.line, line);
      if (!drop) this.cumulative.add(minus(d, prev, this.delta), prev.t, t, ms, own, prev.line, line);
    }
    this.seen = true;
    prev.sentMsgs = d.sentMsgs; prev.sentBytes = d.sentBytes; prev.recvMsgs = d.recvMsgs; prev.recvBytes = d.recvBytes; prev.recvDigests = d.recvDigests;
    prev.t = t; prev.ts = ts; prev.line = line; prev.process = process;
  }

  get mode(): 'cumulative' | 'per-interval' {
    return this.drops >= 2 ? 'per-interval' : 'cumulative';
  }

  get acc(): Acc {
    return this.mode === 'cumulative' ? this.cumulative : this.perInterval;
  }
}

/** Every node's load, fed node and stats events in history order. */
export class LoadStream {
  readonly nodes = new Map<string, NodeLoad>();
  private readonly process = new Map<string, number>();

  constructor(private readonly allow: Allowance, private readonly clockFaults: ClockFaults = new Map()) {}

  event(e: EventOf<'node'> | EventOf<'obs'>, line: number): void {
    if (e.type === 'node') {
      if (e.event === 'started' || e.event === 'restarted' || e.event === 'joined') this.process.set(e.node, (this.process.get(e.node) ?? 0) + 1);
      return;
    }
    if (e.obs === 'stats') this.sample(e.node, e.t, typeof e.ts === 'number' ? e.ts : NaN, line, totalsOf(e));
  }

  /** One stats line, already summed (line-parse.ts reads them without JSON.parse); `ts` NaN when it has none. */
  sample(node: string, t: number, ts: number, line: number, totals: Totals): void {
    let n = this.nodes.get(node);
    if (!n) this.nodes.set(node, (n = new NodeLoad(node, this.allow, this.clockFaults.get(node))));
    n.add(totals, t, ts, line, this.process.get(node) ?? 0);
  }
}

function dropped(a: Totals, b: Totals): boolean {
  return b.sentMsgs < a.sentMsgs || b.sentBytes < a.sentBytes || b.recvMsgs < a.recvMsgs || b.recvBytes < a.recvBytes;
}

/** a - b, into `out`. */
function minus(a: Totals, b: Totals, out: Totals): Totals {
  out.sentMsgs = a.sentMsgs - b.sentMsgs; out.sentBytes = a.sentBytes - b.sentBytes;
  out.recvMsgs = a.recvMsgs - b.recvMsgs; out.recvBytes = a.recvBytes - b.recvBytes; out.recvDigests = a.recvDigests - b.recvDigests;
  return out;
}

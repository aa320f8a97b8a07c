// Load: messages and bytes each node sends and receives per second, from its `stats`
// lines (load-series.ts), as a mean over the run and a maximum over single stats
// intervals. Verdict on bytes sent (what a node costs its network): each node's mean
// within `meanBytesPerSec` and every interval within `maxBytesPerSec`. Without stats
// lines: valid with a note when the run disabled them (statsInterval 0), else unknown,
// since the run asked for data it did not get.

import { fmtS, resolveQuantity } from './bounds.js';
import { round3 } from './distribution.js';
import { seriesOf, type Interval, type NodeSeries } from './load-series.js';
import { findRun, optionalParams, paramsOf } from './run-meta.js';
import { digestReply, overMessage, timing } from '../../../checkers/load.js';
import type { Bound, Checker, CheckContext, CheckerResult, Violation } from './types.js';
import { pushPullScale } from '../../../nodes/core/antientropy.js';
import type { ProtocolParams } from '../../../nodes/core/params.js';

const NAME = 'load';
export const load: Checker = { name: NAME, check };

/** The seed document's per-node figure (CLAIMS #11), reported next to the measurement. */
export const SEED_BYTES_PER_SEC = 4096;
/** Bytes per member record in a push-pull digest or state reply (estimate; ids, address, incarnation, state). */
const RECORD_BYTES = 64;

/** Every datagram the protocol may send in steady state, each filled to the packet budget. */
export function meanCeiling(p: ProtocolParams, n: number): { value: number; source: string } {
  const gossip = p.gossipNodes / (p.gossipInterval / 1000);
  const probe = (2 + 2 * p.indirectChecks) / (p.probeInterval / 1000);
  const sync = p.pushPullInterval > 0 ? (2 * n * RECORD_BYTES) / (pushPullScale(p.pushPullInterval, n) / 1000) : 0;
  const value = (gossip + probe) * p.packetBudget + sync;
  return { value, source: `(gossip ${p.gossipNodes} packets/${fmtS(p.gossipInterval)} + probe (2+2×${p.indirectChecks} indirect) packets/${fmtS(p.probeInterval)})`
    + ` × packetBudget ${p.packetBudget} B + push-pull 2×${n}×${RECORD_BYTES} B/${fmtS(p.pushPullInterval)} = ${Math.round(value)} B/s`
    + ` (the protocol's ceiling; the seed document expects ~4 KB/s per node at K=4, 1 s, ~1 KB digests, reported as seedRatio)` };
}

function check(ctx: CheckContext): CheckerResult {
  const info = findRun(ctx.events);
  const q = (name: string, derive: () => { value: number; source: string }): Bound => resolveQuantity(ctx.overrides, NAME, name, 'B/s', derive);
  const bounds = {
    meanBytesPerSec: q('meanBytesPerSec', () => meanCeiling(paramsOf(info), info.n)),
    maxBytesPerSec: q('maxBytesPerSec', () => {
      const p = paramsOf(info);
      const c = meanCeiling(p, info.n);
      const burst = (2 * info.n * RECORD_BYTES) / (Math.max(p.statsInterval, 1) / 1000);
      return { value: c.value + burst, source: `mean ceiling ${Math.round(c.value)} B/s + a full-state exchange (join or push-pull, 2×${info.n}×${RECORD_BYTES} B) within one stats interval of ${fmtS(p.statsInterval)} = ${Math.round(c.value + burst)} B/s` };
    }),
    digestReplyBytes: resolveQuantity(ctx.overrides, NAME, 'digestReplyBytes', 'B', () => digestReply(info.n)),
  };
  const events = ctx.events.slice(0, ctx.truth.observedLines);
  const series = [...seriesOf(events, ctx.truth.faults).values()].filter((s) => s.intervals.length > 0);
  if (series.length === 0) {
    const p = optionalParams(info);
    const off = p?.statsInterval === 0;
    const note = off ? 'stats are disabled in this run (statsInterval 0): load not measured'
      : 'no node printed two `stats` lines from one process, so per-second load cannot be measured';
    return { valid: off ? true : 'unknown', metrics: { note }, violations: [], bounds };
  }

  const violations: Violation[] = [];
  const nodes = series.map((s) => {
    const f = figures(s);
    if (f.meanSentBytesPerSec > bounds.meanBytesPerSec.value) {
      violations.push({
        message: `${s.node} sent ${f.meanSentBytesPerSec} B/s on average over ${fmtS(f.spanMs)} (stats lines ${f.firstLine}–${f.lastLine}), above the ${bounds.meanBytesPerSec.value} B/s bound`,
        lines: [f.firstLine, f.lastLine], observer: s.node, t: f.worst.to,
      });
    }
    // Each interval may send maxBytesPerSec for each second plus one full-state reply per digest received.
    const allowed = (i: Interval): number => bounds.maxBytesPerSec.value * (i.ms / 1000) + Math.max(0, i.recvDigests) * bounds.digestReplyBytes.value;
    const over = s.intervals.reduce((w, i) => (i.sentBytes - allowed(i) > w.sentBytes - allowed(w) ? i : w));
    if (over.sentBytes - allowed(over) > 0) {
      const o = { ...over, rate: over.sentBytes / (over.ms / 1000), excess: over.sentBytes - allowed(over), digests: over.recvDigests, allowedRate: allowed(over) / (over.ms / 1000) };
      violations.push({ message: overMessage(s.node, o, bounds), lines: [over.fromLine, over.line], observer: s.node, t: over.to });
    }
    const { worst: _w, firstLine: _f, lastLine: _l, spanMs, ...shown } = f;
    return { node: s.node, mode: s.mode, intervals: s.intervals.length, timedByOwnClock: s.intervals.filter((i) => i.own).length, seconds: round3(spanMs / 1000), ...shown };
  });
  const intervals = nodes.reduce((a, n) => a + n.intervals, 0);
  const own = nodes.reduce((a, n) => a + n.timedByOwnClock, 0);
  const mean = nodes.reduce((a, n) => a + n.meanSentBytesPerSec, 0) / nodes.length;
  return {
    valid: violations.length === 0,
    metrics: {
      clusterMeanBytesPerSec: round3(mean),
      maxNodeMeanBytesPerSec: Math.max(...nodes.map((n) => n.meanSentBytesPerSec)),
      maxIntervalBytesPerSec: Math.max(...nodes.map((n) => n.maxSentBytesPerSec)),
      meanMsgsPerSec: round3(nodes.reduce((a, n) => a + n.meanSentMsgsPerSec, 0) / nodes.length),
      seedRatio: round3(mean / SEED_BYTES_PER_SEC),
      measuredNodes: nodes.length,
      timing: timing(own, intervals),
      assumption: 'stats counters are cumulative per process (as the built-in node prints them) unless a node\'s totals drop twice without a restart',
      nodes,
    },
    violations,
    bounds,
  };
}

function figures(s: NodeSeries) {
  const rate = (i: Interval, f: 'sentBytes' | 'sentMsgs' | 'recvBytes' | 'recvMsgs'): number => i[f] / (i.ms / 1000);
  const spanMs = s.intervals.reduce((a, i) => a + i.ms, 0);
  const mean = (f: 'sentBytes' | 'sentMsgs' | 'recvBytes' | 'recvMsgs'): number =>
    round3(s.intervals.reduce((a, i) => a + i[f], 0) / (spanMs / 1000));
  const worst = s.intervals.reduce((w, i) => (rate(i, 'sentBytes') > rate(w, 'sentBytes') ? i : w));
  return {
    meanSentBytesPerSec: mean('sentBytes'),
    maxSentBytesPerSec: round3(rate(worst, 'sentBytes')),
    meanSentMsgsPerSec: mean('sentMsgs'),
    meanRecvBytesPerSec: mean('recvBytes'),
    maxRecvBytesPerSec: round3(Math.max(...s.intervals.map((i) => rate(i, 'recvBytes')))),
    meanRecvMsgsPerSec: mean('recvMsgs'),
    worst, spanMs, firstLine: s.intervals[0]!.fromLine, lastLine: s.intervals.at(-1)!.line,
  };
}

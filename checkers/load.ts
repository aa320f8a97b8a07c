// Load: messages and bytes each node sends and receives per second, from its `stats`
// lines (load-series.ts), as a mean over the run and a maximum over single stats
// intervals. Verdict on bytes sent (what a node costs its network): each node's mean
// within `meanBytesPerSec`, and every interval within `maxBytesPerSec` plus
// `digestReplyBytes` for each `digest` the node received in it (a seed answers each
// joiner with its full state, so while a cluster starts its seeds send far more than
// any steady-state ceiling, and that is the protocol working as designed). Without stats
// lines: valid with a note when the run disabled them (statsInterval 0), else unknown,
// since the run asked for data it did not get. An implementation that declares
// stats=false is not measured at all (valid, `applicable: false`, with a note).
// Intervals are timed by the node's own clock where it can be trusted, else by
// arrival (load-stream.ts); `timing` and each node's `timedByOwnClock` say which.

import { fmtS, resolveQuantity } from './bounds.js';
import { round3 } from './distribution.js';
import { LoadStream, clockFaultsOf, type Acc, type Over } from './load-stream.js';
import { optionalParams, paramsOf, type RunInfo } from './run-meta.js';
import { byDesign } from './semantics.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import { pushPullScale } from '../nodes/core/antientropy.js';
import type { ProtocolParams } from '../nodes/core/params.js';

const NAME = 'load';
export const load: Checker = { name: NAME, open };

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

/**
 * What one `digest` received may cost in replies: a record of every member. A join
 * asks a seed for its full state, so when a cluster starts, a seed answers each
 * joiner with one; a push-pull digest may be answered with as much.
 */
export function digestReply(n: number): { value: number; source: string } {
  return { value: n * RECORD_BYTES, source: `a record of each of the ${n} members (${RECORD_BYTES} B each): an interval may send this much more than maxBytesPerSec for each \`digest\` (a join or push-pull request) the node received in it` };
}

function open(ctx: CheckContext): CheckerRun {
  if (!ctx.semantics.stats) {
    const note = byDesign(ctx.semantics, 'stats', 'load not measured: no `stats` lines');
    return { finish: () => ({ valid: true, metrics: { applicable: false, note }, violations: [], bounds: {}, notes: [note] }) };
  }
  const info = ctx.run();
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
  const stream = new LoadStream({ perSec: bounds.maxBytesPerSec.value, perDigest: bounds.digestReplyBytes.value }, clockFaultsOf(ctx.truth.faults));
  return {
    wants: ['node', 'stats'],
    size: () => stream.nodes.size,
    event: (e, line) => { if (e.type === 'node' || e.type === 'obs') stream.event(e, line); },
    stats: (node, t, ts, line, totals) => stream.sample(node, t, ts, line, totals),
    finish: () => result(stream, info, bounds),
  };
}

function result(stream: LoadStream, info: RunInfo, bounds: { meanBytesPerSec: Bound; maxBytesPerSec: Bound; digestReplyBytes: Bound }): CheckerResult {
  const series = [...stream.nodes.values()].filter((s) => s.acc.count > 0);
  if (series.length === 0) {
    const p = optionalParams(info);
    const off = p?.statsInterval === 0;
    const note = off ? 'stats are disabled in this run (statsInterval 0): load not measured'
      : 'no node printed two `stats` lines from one process, so per-second load cannot be measured';
    return { valid: off ? true : 'unknown', metrics: { note }, violations: [], bounds };
  }

  const violations: Violation[] = [];
  const nodes = series.map((s) => {
    const f = figures(s.acc);
    if (f.meanSentBytesPerSec > bounds.meanBytesPerSec.value) {
      violations.push({
        message: `${s.node} sent ${f.meanSentBytesPerSec} B/s on average over ${fmtS(f.spanMs)} (stats lines ${f.firstLine}–${f.lastLine}), above the ${bounds.meanBytesPerSec.value} B/s bound`,
        lines: [f.firstLine, f.lastLine], observer: s.node, t: f.worst.to,
      });
    }
    const o = s.acc.over!;
    if (o.excess > 0) violations.push({ message: overMessage(s.node, o, bounds), lines: [o.fromLine, o.line], observer: s.node, t: o.to });
    const { worst: _w, firstLine: _f, lastLine: _l, spanMs, ...shown } = f;
    return { node: s.node, mode: s.mode, intervals: s.acc.count, timedByOwnClock: s.acc.ownClock, seconds: round3(spanMs / 1000), ...shown };
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

/** An interval that sent more than its allowance (Over.excess > 0), in words. */
export function overMessage(node: string, o: Over, bounds: { maxBytesPerSec: Bound; digestReplyBytes: Bound }): string {
  const said = `${node} sent ${round3(o.rate)} B/s between ${fmtS(o.from)} and ${fmtS(o.to)} (lines ${o.fromLine}, ${o.line}), above the ${bounds.maxBytesPerSec.value} B/s bound`;
  if (o.digests <= 0 || bounds.digestReplyBytes.value === 0) return said;
  return `${said}, even allowing ${o.digests} full-state replies of ${bounds.digestReplyBytes.value} B, one per \`digest\` it received in the interval: ${round3(o.allowedRate)} B/s in all`;
}

/** Which clock timed the intervals, in words. */
export function timing(own: number, intervals: number): string {
  const why = 'lines without `ts`, or a clock fault on the node during the interval';
  if (own === intervals) return 'every interval timed by the node\'s own clock (its stats lines\' `ts`), so lines that arrive bunched do not read as a burst';
  if (own === 0) return `every interval timed by arrival at the controller (\`t\`): ${why}`;
  return `${own} of ${intervals} intervals timed by the node's own clock (\`ts\`), the others by arrival (\`t\`): ${why}`;
}

function figures(a: Acc) {
  const mean = (sum: number): number => round3(sum / (a.spanMs / 1000));
  return {
    meanSentBytesPerSec: mean(a.sentBytes),
    maxSentBytesPerSec: round3(a.worst!.rate),
    meanSentMsgsPerSec: mean(a.sentMsgs),
    meanRecvBytesPerSec: mean(a.recvBytes),
    maxRecvBytesPerSec: round3(a.maxRecvRate),
    meanRecvMsgsPerSec: mean(a.recvMsgs),
    worst: a.worst!, spanMs: a.spanMs, firstLine: a.firstLine, lastLine: a.lastLine,
  };
}

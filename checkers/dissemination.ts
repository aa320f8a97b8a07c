// Dissemination: for every metadata update the controller injected (`update` event),
// how long until every running node had it (its `update` observation), the curve of
// how many had it over time, and the gossip rounds that took, compared with log-N
// theory: log2 N + ln N rounds for push (Pittel) and log_{K+1} N for push with fanout
// K = gossipNodes. Verdict: every node that stayed up has it within `spread` (see
// dissemination-reach.ts for disturbances). No updates: valid, with a note. Updates
// but no `update` observation from any node (it is optional in the contract): unknown.
// An update whose origin was not running (crashed, paused) is listed but not judged.
// An implementation that declares metadata=false is not judged (`applicable: false`).

import { dissemination as gossipWindow, fmtS, resolveBound, secs, slack, type Derived } from './bounds.js';
import { reachOf, Receipts, type Injected, type Reach } from './dissemination-reach.js';
import { round3 } from './distribution.js';
import { optionalParams, paramsOf, type RunInfo } from './run-meta.js';
import { byDesign } from './semantics.js';
import { Degradations, degradationsFrom } from './truth-degraded.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { Truth } from './truth.js';
import { pushPullScale } from '../nodes/core/antientropy.js';
import type { ProtocolParams } from '../nodes/core/params.js';

const NAME = 'dissemination';
export const dissemination: Checker = { name: NAME, open };

/** Gossip window, then anti-entropy, which repairs the rumor residue (CLAIMS #12). */
export function spreadBound(p: ProtocolParams, n: number): Derived {
  const g = gossipWindow(p, n);
  const s = slack(p);
  const repair = p.pushPullInterval > 0 ? pushPullScale(p.pushPullInterval, n) : 0;
  const repairText = repair > 0 ? ` + anti-entropy repairs the rumor residue (pushPullInterval ${fmtS(repair)})` : ' (push-pull is off: nothing repairs a missed rumor)';
  const ms = g.ms + repair + s.ms;
  return { ms, source: `${g.source} (every holder piggybacks it retransmitLimit times)${repairText} + ${s.source} = ${fmtS(ms)}` };
}

export interface UpdateFigures {
  origin: string; key: string; version: number; at: number; line: number;
  /** Set when the update was not judged, saying why. */
  note?: string;
  reached?: number; required?: number; liveAtInjection?: number;
  /** Seconds until every required node had it; null if some never did (or were not judged). */
  allAfter?: number | null;
  rounds?: number | null; theoryPushRounds?: number; theoryFanoutRounds?: number | null;
  /** Nodes that had it only after the gossip window (residue repaired by anti-entropy). */
  afterGossipWindow?: string[];
  curve?: { t: number; count: number; node: string }[];
  excused?: string[];
}

function open(ctx: CheckContext): CheckerRun {
  const { truth } = ctx;
  const observed = ctx.timeline.filter((x) => x.line <= truth.observedLines);
  const injected: Injected[] = [];
  for (const { e, line } of observed) if (e.type === 'update') injected.push({ update: e, line });
  if (!ctx.semantics.metadata) {
    const note = byDesign(ctx.semantics, 'metadata', 'metadata updates not judged: they are not disseminated');
    return { finish: () => ({ valid: true, metrics: { applicable: false, updates: injected.length, note }, violations: [], bounds: {}, notes: [note] }) };
  }
  const info = ctx.run();
  const bounds = { spread: resolveBound(ctx.overrides, NAME, 'spread', () => spreadBound(paramsOf(info), info.n)) };
  const receipts = new Receipts(injected, truth);
  return {
    wants: ['update-obs'],
    size: () => receipts.size,
    event: (e, line) => { if (e.type === 'obs' && e.obs === 'update') receipts.observe(e, line); },
    finish: () => result({ info, bounds, truth, injected, receipts, degradations: new Degradations(degradationsFrom(observed)) }),
  };
}

interface Collected {
  info: RunInfo; bounds: { spread: Bound }; truth: Truth; injected: Injected[]; receipts: Receipts; degradations: Degradations;
}

function result({ info, bounds, truth, injected, receipts, degradations }: Collected): CheckerResult {
  if (injected.length === 0) return { valid: true, metrics: { updates: 0, note: 'no updates were injected: nothing to disseminate' }, violations: [], bounds };
  const judgeable = injected.filter((u) => truth.isUp(u.update.node, u.update.t));
  if (judgeable.length > 0 && !receipts.seen) {
    return { valid: 'unknown', metrics: { updates: injected.length, note: 'no node emitted an `update` observation (optional in the node contract), so dissemination cannot be judged' }, violations: [], bounds };
  }

  const p = optionalParams(info);
  const window = p ? gossipWindow(p, info.n).ms : undefined;
  const spreadMs = bounds.spread.value * 1000;
  const violations: Violation[] = [];
  const undetermined: string[] = [];
  const figures: UpdateFigures[] = injected.map((u) => {
    const { node: origin, key, version, t } = u.update;
    const base = { origin, key, version, at: secs(t), line: u.line };
    const tag = `update ${origin}/${key} v${version} at ${fmtS(t)} (line ${u.line})`;
    if (!truth.isUp(origin, t)) return { ...base, note: `${origin} was not running: not judged` };
    const got = receipts.of(u);
    const reach = truth.nodes.map((n) => reachOf(n, u, got.get(n), truth, degradations, spreadMs));
    const required: Reach[] = [];
    let all: number | null = 0;
    for (const r of reach) {
      if (r.kind === 'undetermined') undetermined.push(`${tag}: ${r.why}`);
      if (r.kind === 'late' || r.kind === 'missing') violations.push(violation(r, tag, u, got.get(origin)?.line));
      if (r.kind === 'excused' || r.kind === 'undetermined') continue;
      required.push(r);
      all = r.kind === 'reached' && all !== null ? Math.max(all, r.got.t - t) : null;
    }
    if (required.length === 0) all = null;
    const delays = [...got.entries()].map(([n, g]) => ({ n, after: Math.max(0, g.t - t) })).sort((a, b) => a.after - b.after);
    const live = truth.nodes.filter((n) => truth.isUp(n, t)).length;
    return {
      ...base,
      reached: got.size, required: required.length, liveAtInjection: live,
      allAfter: all === null ? null : secs(all),
      rounds: all !== null && p ? round3(all / p.gossipInterval) : null,
      theoryPushRounds: round3(Math.log2(live) + Math.log(live)),
      theoryFanoutRounds: p ? round3(Math.log(live) / Math.log(p.gossipNodes + 1)) : null,
      afterGossipWindow: window === undefined ? [] : delays.filter((d) => d.after > window).map((d) => d.n),
      curve: delays.map((d, i) => ({ t: secs(d.after), count: i + 1, node: d.n })),
      excused: reach.flatMap((r) => (r.kind === 'excused' ? [r.why] : [])),
    };
  });

  const alls = figures.map((f) => f.allAfter).filter((x): x is number => typeof x === 'number');
  const rounds = figures.map((f) => f.rounds).filter((x): x is number => typeof x === 'number');
  return {
    valid: violations.length > 0 ? false : undetermined.length > 0 ? 'unknown' : true,
    metrics: {
      updates: injected.length,
      judgedUpdates: figures.filter((f) => f.note === undefined).length,
      worstAllAfter: alls.length ? Math.max(...alls) : null,
      meanRounds: rounds.length ? round3(rounds.reduce((a, x) => a + x, 0) / rounds.length) : null,
      residue: figures.reduce((a, f) => a + (f.afterGossipWindow?.length ?? 0), 0),
      gossipWindow: window === undefined ? null : secs(window),
      updatesDetail: figures,
      undetermined,
    },
    violations,
    bounds,
  };
}

function violation(r: Extract<Reach, { kind: 'late' | 'missing' }>, tag: string, u: Injected, originLine: number | undefined): Violation {
  const what = r.got
    ? `reached ${r.node} only at ${fmtS(r.got.t)} (line ${r.got.line}), ${fmtS(r.got.t - u.update.t)} after injection`
    : `never reached ${r.node}`;
  return {
    message: `${tag} ${what}; ${r.node} was up and it was due by ${fmtS(r.deadline)}`,
    lines: [...new Set([u.line, ...(originLine ? [originLine] : []), ...(r.got ? [r.got.line] : [])])].sort((a, b) => a - b),
    member: u.update.node,
    observer: r.node,
    t: Math.round(r.got?.t ?? r.deadline),
  };
}

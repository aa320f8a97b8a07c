// False positives: accusations (suspect/dead) of members that were up and reachable
// (see false-positives-classify.ts for what is excused and why). Counted per
// accusation, i.e. per (member, state, incarnation): one observer's mistake repeated
// by the others it gossiped to is one false positive, whose violation cites every line.
// (A member's new process, or its return from a pause, starts new accusations.)
// An implementation that declares suspect=false is not judged on suspicions.
// Only accusations of fully healthy members are judged; those of degraded members
// (starved, slowed, lossy, drifting) are counted and reported, never judged by default.
//
// Defaults (for a run whose only faults are crashes and partitions):
// - maxDead = 0: a healthy member is never declared dead;
// - suspicions are allowed up to max(maxCount, maxRate × node-hours): maxCount = N
//   (one spurious suspicion per node per run, e.g. a scheduling stall) and maxRate =
//   1‰ of the probes a node sends in an hour (3600 s / probeInterval).

import { dissemination, fmtS, resolveBound, resolveQuantity, secs, slack, suspicionMax, type Derived } from './bounds.js';
import { round3 as round } from './distribution.js';
import { Capped } from './capped.js';
import { Classifier, type Condition, type FalsePositive } from './false-positives-classify.js';
import { nodeHours } from './health.js';
import { paramsOf } from './run-meta.js';
import { byDesign } from './semantics.js';
import { Degradations, degradationsFrom } from './truth-degraded.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import { pushPullScale } from '../nodes/core/antientropy.js';
import type { ProtocolParams } from '../nodes/core/params.js';

const NAME = 'false-positives';
export const falsePositives: Checker = { name: NAME, open };

/** Lines cited per accusation, and false-positive events listed in the metrics, at most. */
const CITED = 1000;

/** Probes that fail spuriously at a healthy target, allowed by default. */
const SPURIOUS_PROBE_FAILURES = 0.001;

export function graceWindow(p: ProtocolParams): Derived {
  const ms = p.probeInterval + p.probeTimeout;
  return { ms, source: `a probe whose ping was lost before the heal raises its suspicion when its round ends: probeInterval ${fmtS(p.probeInterval)} + probeTimeout ${fmtS(p.probeTimeout)} = ${fmtS(ms)}` };
}

export function rumorWindow(p: ProtocolParams, n: number, preset: string): Derived {
  const viaPushPull = p.pushPullInterval > 0;
  const wait = viaPushPull ? pushPullScale(p.pushPullInterval, n) : p.gossipToTheDeadTime;
  const parts = [
    { ms: wait, source: `a stale accusation waits for anti-entropy (${viaPushPull ? 'pushPullInterval' : 'gossipToTheDeadTime'} ${fmtS(wait)})` },
    suspicionMax(p, n, preset), dissemination(p, n), slack(p),
  ];
  const ms = parts.reduce((a, x) => a + x.ms, 0);
  return { ms, source: `${parts.map((x) => x.source).join(' + ')} = ${fmtS(ms)}` };
}

interface Accusation { first: FalsePositive; lines: Capped<number>; observers: Set<string> }

function open(ctx: CheckContext): CheckerRun {
  const info = ctx.run();
  const p = (): ProtocolParams => paramsOf(info);
  const q = (name: string, unit: string, derive: () => { value: number; source: string }): Bound =>
    resolveQuantity(ctx.overrides, NAME, name, unit, derive);
  const bounds = {
    grace: resolveBound(ctx.overrides, NAME, 'grace', () => graceWindow(p())),
    rumorWindow: resolveBound(ctx.overrides, NAME, 'rumorWindow', () => rumorWindow(p(), info.n, info.preset)),
    maxDead: q('maxDead', 'accusations', () => ({ value: 0, source: 'a healthy member is never declared dead (dead accusations of fully healthy members)' })),
    maxCount: q('maxCount', 'accusations', () => ({ value: info.n, source: `one spurious suspicion per node per run: N = ${info.n}` })),
    maxRate: q('maxRate', 'accusations per node-hour', () => {
      const probes = 3_600_000 / p().probeInterval;
      return { value: probes * SPURIOUS_PROBE_FAILURES, source: `1‰ of the ${probes} probes a node sends per hour (3600 s / probeInterval ${fmtS(p().probeInterval)})` };
    }),
  };
  const { truth } = ctx;
  const degradations = new Degradations(degradationsFrom(ctx.timeline.filter((x) => x.line <= truth.observedLines)));
  const grouped = new Grouped();
  const listed = new Capped<FalsePositive>(CITED);
  const classifier = new Classifier(truth, degradations, bounds.grace.value * 1000, bounds.rumorWindow.value * 1000, (f) => {
    listed.push(f);
    grouped.add(f);
  });
  return {
    step: (s) => classifier.step(s),
    size: () => classifier.size + listed.items.length + grouped.list.reduce((a, g) => a + 1 + g.lines.items.length + g.observers.size, 0),
    finish: () => {
      classifier.finish();
      return result(ctx, bounds, classifier, grouped, listed);
    },
  };
}

type Bounds = Record<'grace' | 'rumorWindow' | 'maxDead' | 'maxCount' | 'maxRate', Bound>;

function result(ctx: CheckContext, bounds: Bounds, classified: Classifier, grouped: Grouped, listed: Capped<FalsePositive>): CheckerResult {
  const { truth, semantics } = ctx;
  const hours = nodeHours(truth);
  const accusations = grouped.list;
  const pick = (state: 'suspect' | 'dead', c: Condition): Accusation[] =>
    accusations.filter((a) => a.first.state === state && a.first.condition === c);
  const healthyDead = pick('dead', 'healthy');
  const healthySuspect = pick('suspect', 'healthy');
  const allowance = Math.max(bounds.maxCount.value, bounds.maxRate.value * hours);

  const violations: Violation[] = [];
  if (healthyDead.length > bounds.maxDead.value) {
    for (const a of healthyDead) violations.push(violation(a, `${healthyDead.length} dead accusation(s) of healthy members, above maxDead ${bounds.maxDead.value}`));
  }
  const notes: string[] = [];
  if (!semantics.suspect) notes.push(byDesign(semantics, 'suspect', 'false suspicions not counted: no suspect state is reported'));
  if (semantics.suspect && healthySuspect.length > allowance) {
    const why = `${healthySuspect.length} false suspicions of healthy members, above max(maxCount ${bounds.maxCount.value}, `
      + `maxRate ${bounds.maxRate.value}/node-hour × ${round(hours)} node-hours) = ${round(allowance)}`;
    for (const a of healthySuspect) violations.push(violation(a, why));
  }

  const count = (state: 'suspect' | 'dead') => ({ healthy: pick(state, 'healthy').length, degraded: pick(state, 'degraded').length });
  const counts = { suspect: count('suspect'), dead: count('dead') };
  const rate = (n: number): number | null => (hours > 0 ? round(n / hours) : null);
  const rates = (c: { healthy: number; degraded: number }) => ({ healthy: rate(c.healthy), degraded: rate(c.degraded) });
  return {
    valid: violations.length === 0,
    metrics: {
      falseSuspicions: counts.suspect.healthy,
      falseDeaths: counts.dead.healthy,
      degradedSuspicions: counts.suspect.degraded,
      degradedDeaths: counts.dead.degraded,
      nodeHours: round(hours),
      falseSuspicionsPerNodeHour: rate(counts.suspect.healthy),
      suspicionAllowance: round(allowance),
      counts,
      ratePerNodeHour: { suspect: rates(counts.suspect), dead: rates(counts.dead) },
      falsePositiveLines: listed.total,
      accusationsJudged: classified.judged,
      excused: classified.excused,
      events: listed.items.map((f) => ({ ...f, t: secs(f.t), healthyFor: secs(f.healthyFor) })),
      ...(classified.judged === 0 ? { note: 'no observer declared any member suspect or dead' } : {}),
      ...(semantics.suspect ? {} : { applicable: { suspect: false, dead: true } }),
    },
    violations,
    bounds,
    ...(notes.length || listed.capped ? { notes: [...notes, ...(listed.capped ? [`only the first ${CITED} of ${listed.total} false-positive lines are listed in the metrics`] : [])] } : {}),
  };
}

/**
 * False positives grouped into accusations: one per member, state, incarnation
 * and epoch (the member's up interval), in the order they were first met. Looked
 * up member, then incarnation, then epoch, so that no key is built per line.
 */
class Grouped {
  readonly list: Accusation[] = [];
  private readonly byMember = new Map<string, Map<number, Map<number, [Accusation?, Accusation?]>>>();

  add(f: FalsePositive): void {
    let byInc = this.byMember.get(f.member);
    if (!byInc) this.byMember.set(f.member, (byInc = new Map()));
    let byEpoch = byInc.get(f.incarnation);
    if (!byEpoch) byInc.set(f.incarnation, (byEpoch = new Map()));
    let slots = byEpoch.get(f.epoch);
    if (!slots) byEpoch.set(f.epoch, (slots = [undefined, undefined]));
    const k = f.state === 'dead' ? 1 : 0;
    const a = slots[k];
    if (a) {
      a.lines.push(f.line);
      a.observers.add(f.observer);
      // One observer adopting the accusation about a member it saw fully healthy makes
      // the whole accusation a healthy-member false positive: a degraded observer's
      // mistake spread to healthy ones. That observer becomes the cited one.
      if (a.first.condition === 'degraded' && f.condition === 'healthy') a.first = f;
    } else {
      const lines = new Capped<number>(CITED);
      lines.push(f.line);
      const made: Accusation = { first: f, lines, observers: new Set([f.observer]) };
      slots[k] = made;
      this.list.push(made);
    }
  }
}

function violation(a: Accusation, why: string): Violation {
  const f = a.first;
  const others = a.observers.size > 1 ? `; repeated by ${[...a.observers].filter((o) => o !== f.observer).join(', ')}` : '';
  return {
    message: `false positive: ${f.observer} declared ${f.member} ${f.state} (incarnation ${f.incarnation}) at ${fmtS(f.t)} (line ${f.line}) `
      + `although ${f.member} had been up and reachable from it for ${fmtS(f.healthyFor)} and nothing had cut it off recently${others}. ${why}`,
    lines: [...a.lines.items].sort((x, y) => x - y),
    member: f.member,
    observer: f.observer,
    t: f.t,
  };
}


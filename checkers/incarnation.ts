// Incarnations and refutation. (1) Within one observer process, the incarnation it
// reports for a member never decreases, except once after the member's process was
// restarted (a `restarted` event, or a `started`/`joined` that is not its first): a
// new process may start again from 0, as the built-in node does. A restart of the
// observer starts a fresh baseline, since its new process knows nothing; so does the
// observer's removal of the member (reap): like memberlist, a node keeps no record of
// a reaped member, and old gossip may bring it back at a lower incarnation. Those
// re-learnings are counted (`relearnedLower`), not judged; a crashed member brought
// back that way is a zombie, which the eviction checker judges.
// (2) A healthy accused member refutes in time (refutation.ts). Both are violations.
// An implementation that declares incarnations=false is not judged on (1), and its
// refutation is being seen alive again at all; one that declares refutes=false is
// not judged on (2).

import { dissemination, fmtS, resolveBound, secs, slack, suspicionMax, type Derived } from './bounds.js';
import { Capped, capped, VIOLATION_CAP } from './capped.js';
import { round3, summarize } from './distribution.js';
import { Episodes, Judge, type Episode, type Judged } from './refutation.js';
import { PairSlots } from './pair-slots.js';
import { paramsOf } from './run-meta.js';
import { byDesign } from './semantics.js';
import type { Numbered } from './timeline.js';
import { Degradations, degradationsFrom } from './truth-degraded.js';
import type { Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { Step } from './view-stream.js';
import { pushPullScale } from '../nodes/core/antientropy.js';
import type { ProtocolParams } from '../nodes/core/params.js';

const NAME = 'incarnation';
export const incarnation: Checker = { name: NAME, open };

/** Refutation times kept exactly (for the mean); beyond this, a running sum. */
const KEPT_TIMES = VIOLATION_CAP;

/**
 * The worst chain by which a healthy accused member learns of the accusation and is
 * seen alive again: the accuser's suspicion timer runs out (suspicionTimeoutMax) and
 * its dead broadcast is lost or never sent to the member (both sides of a healed
 * partition may hold each other dead, so neither probes nor gossips to the other), so
 * the member hears of it at the next anti-entropy exchange; then the refutation is
 * gossiped back. Each step can be the slow one, so the steps add up.
 */
export function refuteBound(p: ProtocolParams, n: number, preset: string): Derived {
  const d = dissemination(p, n);
  const timer = suspicionMax(p, n, preset);
  const viaPushPull = p.pushPullInterval > 0;
  const sync = viaPushPull ? pushPullScale(p.pushPullInterval, n) : p.gossipToTheDeadTime;
  const probe = p.probeInterval + p.probeTimeout;
  const s = slack(p);
  const ms = timer.ms + sync + 2 * d.ms + probe + s.ms;
  return { ms, source: `${timer.source} + anti-entropy (${viaPushPull ? 'pushPullInterval' : 'gossipToTheDeadTime'} ${fmtS(sync)})`
    + ` + 2×${d.source} + probe ${fmtS(probe)} + ${s.source} = ${fmtS(ms)}` };
}

function open(ctx: CheckContext): CheckerRun {
  const sem = ctx.semantics;
  const judgeDecreases = sem.incarnations;
  const judgeRefutes = sem.refutes;
  const notes: string[] = [];
  if (!judgeDecreases) notes.push(byDesign(sem, 'incarnations', 'incarnation order not judged: member lines carry no meaningful incarnation'));
  if (!judgeRefutes) notes.push(byDesign(sem, 'refutes', 'refutation not judged: accused members do not refute'));
  else if (!judgeDecreases) notes.push('refutation judged as being seen alive again, whatever the incarnation');
  if (!judgeDecreases && !judgeRefutes) {
    return { finish: () => ({ valid: true, metrics: { applicable: false, note: notes.join('; ') }, violations: [], bounds: {}, notes }) };
  }
  const info = ctx.run();
  const bounds = { refute: resolveBound(ctx.overrides, NAME, 'refute', () => refuteBound(paramsOf(info), info.n, info.preset)) };
  const { truth } = ctx;
  const observed = ctx.timeline.filter((x) => x.line <= truth.observedLines);
  const restarts = restartTimes(observed);
  const restartsOf = (m: string): number[] => restarts.get(m) ?? [];
  const degradations = new Degradations(degradationsFrom(observed));
  const decreased = new Capped<Violation>();
  const late = new Capped<Violation>();
  const undetermined = new Capped<string>();
  const refuted = new Capped<{ observer: string; member: string; since: number; line: number; refutedAfter: number; refuteLine: number | null }>();
  const times: number[] = [];
  let timeSum = 0;
  let timeMax = -Infinity;
  let accusations = 0;
  const afterMs = (j: Judged): number => Math.max(0, j.episode.end - Math.max(j.clock, j.episode.start.t));

  const judge = new Judge(truth, degradations, bounds.refute.value * 1000);
  const closed = (ep: Episode): void => {
    const j = judge.judge(ep);
    accusations++;
    const { observer: o, member: m, start, incarnation: inc, last } = j.episode;
    const held = (): string => {
      const then = last.state !== start.state ? `, then ${last.state} (line ${last.line})` : '';
      return `${o} has held ${m} ${start.state} since ${fmtS(start.t)} (line ${start.line}, incarnation ${inc})${then}`;
    };
    if (j.outcome === 'undetermined') {
      if (undetermined.full) undetermined.count();
      else undetermined.push(`${held()}; observation ended before the ${bounds.refute.value} s bound elapsed`);
    }
    if (j.outcome === 'refuted') {
      const after = afterMs(j);
      if (refuted.full) refuted.count();
      else refuted.push({ observer: o, member: m, since: secs(start.t), line: start.line, refutedAfter: secs(after), refuteLine: j.episode.refutedBy?.line ?? null });
      if (times.length < KEPT_TIMES) times.push(after / 1000);
      timeSum += after / 1000;
      timeMax = Math.max(timeMax, after / 1000);
    }
    if (j.outcome !== 'late') return;
    const seen = j.episode.refutedBy ? `; it saw ${m} alive only at ${fmtS(j.episode.end)} (line ${j.episode.refutedBy.line})` : '';
    const what = judgeDecreases ? 'seen alive with a higher incarnation' : 'seen alive again';
    late.push({
      message: `${held()}: ${m} was up and reachable from ${fmtS(j.clock)} but was not ${what} within ${bounds.refute.value} s${seen}`,
      lines: [...new Set([start.line, last.line, ...(j.episode.refutedBy ? [j.episode.refutedBy.line] : [])])].sort((a, b) => a - b),
      member: m, observer: o, t: Math.round(j.deadline),
    });
  };
  const episodes = new Episodes(restartsOf, closed, !judgeDecreases);
  const decreases = new Decreases(restartsOf, (v) => decreased.push(v));

  return {
    size: () => decreases.size + episodes.size + refuted.items.length + late.items.length + decreased.items.length + undetermined.items.length + times.length,
    step: (s) => {
      if (judgeDecreases) decreases.step(s);
      if (judgeRefutes) episodes.step(s);
    },
    finish: () => {
      episodes.finish();
      const dist = times.length === refuted.total ? summarize(times) : null;
      const mean = dist?.mean ?? (refuted.total > 0 ? round3(timeSum / refuted.total) : null);
      const metrics: Record<string, unknown> = {
        decreases: decreased.total,
        accusations,
        refuted: refuted.total,
        lateRefutations: late.total,
        meanRefutation: mean,
        maxRefutation: dist?.max ?? (refuted.total > 0 ? round3(timeMax) : null),
        refutations: refuted.items,
        undetermined: undetermined.items,
        ...(decreases.relearned.total > 0 ? { relearnedLower: decreases.relearned.total, relearned: decreases.relearned.items } : {}),
        ...(accusations === 0 && judgeRefutes ? { note: 'no member was ever accused (suspect or dead): nothing to refute' } : {}),
        ...(judgeDecreases && judgeRefutes ? {} : { applicable: { decreases: judgeDecreases, refutation: judgeRefutes } }),
      };
      const all = new Capped<Violation>();
      for (const v of [...decreased.items, ...late.items]) all.push(v);
      all.total = decreased.total + late.total;
      if (refuted.capped) notes.push(`only the first ${refuted.items.length} of ${refuted.total} refutations are listed`);
      if (undetermined.capped) notes.push(`only the first ${undetermined.items.length} of ${undetermined.total} undecided accusations are listed`);
      const violations = capped(all, metrics, notes);
      return {
        valid: violations.length > 0 ? false : undetermined.total > 0 ? 'unknown' : true,
        metrics, violations, bounds, ...(notes.length ? { notes } : {}),
      };
    },
  };
}

/** Incarnations going down at one observer, as steps stream by: one baseline per pair. */
class Decreases {
  private readonly base = new PairSlots<{ inc: number; t: number; line: number; removed: boolean }>();
  /** Re-learnings after a removal at a lower incarnation than before it; the first few, described. */
  readonly relearned = new Capped<string>(10);
  private readonly pairsOf = new Map<string, Set<number>>();

  constructor(private readonly restartsOf: (m: string) => number[], private readonly report: (v: Violation) => void) {}

  get size(): number {
    return this.base.size;
  }

  step(s: Step): void {
    if (s.reset) {
      for (const p of this.pairsOf.get(s.observer) ?? []) this.base.delete(p);
      this.pairsOf.delete(s.observer);
      return;
    }
    const b = this.base.get(s.pair);
    if (s.state === 'removed') {
      if (b) b.removed = true;
      return;
    }
    if (s.incarnation === undefined) return;
    const dropped = b !== undefined && s.incarnation < b.inc;
    if (dropped && b.removed) {
      if (this.relearned.full) this.relearned.count();
      else this.relearned.push(`${s.observer} removed ${s.member} at incarnation ${b.inc} (line ${b.line}) and learned it again at incarnation ${s.incarnation} at ${fmtS(s.t)} (line ${s.line})`);
    } else if (dropped && !this.restartsOf(s.member).some((r) => r > b.t && r <= s.t)) {
      this.report({
        message: `${s.observer} saw ${s.member}'s incarnation go down from ${b.inc} (line ${b.line}) to ${s.incarnation} at ${fmtS(s.t)} (line ${s.line}) without a restart of ${s.member} in between`,
        lines: [b.line, s.line], member: s.member, observer: s.observer, t: s.t,
      });
    }
    // After a drop (allowed or reported) the new value is the baseline, so each drop is reported once.
    if (b) { b.inc = s.incarnation; b.t = s.t; b.line = s.line; b.removed = false; return; }
    this.base.set(s.pair, { inc: s.incarnation, t: s.t, line: s.line, removed: false });
    let mine = this.pairsOf.get(s.observer);
    if (!mine) this.pairsOf.set(s.observer, (mine = new Set()));
    mine.add(s.pair);
  }
}

/** Times a node's process was started again after an earlier one (the first start is not a restart). */
function restartTimes(events: readonly Numbered[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const { e } of events) {
    if (e.type !== 'node' || !['started', 'restarted', 'joined'].includes(e.event)) continue;
    if (e.event === 'restarted' || seen.has(e.node)) out.set(e.node, [...(out.get(e.node) ?? []), e.t]);
    seen.add(e.node);
  }
  return out;
}

// Sorts every accusation (an observer's line saying a member is suspect or dead)
// into justified/excused ones and false positives. An accusation is judged once,
// where it is first said by an observer (a state change or a higher incarnation);
// repeats of the same line are not new accusations.
//
// In order, an accusation is:
// - ignored when its observer was not running (lines flushed by a killed process);
// - 'member-down': the member was crashed, paused, left or not started: a true positive;
// - 'inherited': a `dead` that ends the observer's own excused suspicion is excused
//   (one that ends a false suspicion is false, of the suspicion's class, unless one of
//   the other excuses below now holds);
// - 'observer-fresh': the observer started or resumed less than `grace` ago;
// - 'unreachable': the observer could not reach the member, or hear back, at some
//   time in the last `grace` (this covers probes that failed during a partition and
//   raise their suspicion just after the heal);
// - 'stale-rumor': the member was down or cut off from some running node less than
//   `rumorWindow` ago, and the accusation carries an incarnation no higher than any
//   seen for it by then: an accusation born of that episode, still travelling;
// - otherwise a false positive, 'degraded' if a degrading fault impaired the member
//   as this observer sees it in the last `grace` (see truth-degraded.ts), else 'healthy'.

import { healthySince, lastDisturbed } from './health.js';
import { degradationsAffecting, type Degradation } from './truth-degraded.js';
import type { Truth } from './truth.js';
import type { Step, Views } from './views.js';

export type Excuse = 'member-down' | 'inherited' | 'observer-fresh' | 'unreachable' | 'stale-rumor';
export type Condition = 'healthy' | 'degraded';

export interface FalsePositive {
  observer: string;
  member: string;
  state: 'suspect' | 'dead';
  incarnation: number;
  t: number;
  line: number;
  condition: Condition;
  /** Ids of the degrading faults that touched the member (empty when healthy). */
  degradedBy: string[];
  /** How long (ms) the member had been up and reachable from the observer. */
  healthyFor: number;
  /** When the member's current run (process, or stretch since a pause) began. */
  epoch: number;
}

export interface Classified {
  falsePositives: FalsePositive[];
  excused: Record<Excuse, number>;
  /** Accusation lines judged (excused or not). */
  judged: number;
}

type Verdict = { excuse: Excuse } | { fp: FalsePositive };

export function classify(truth: Truth, views: Views, degradations: readonly Degradation[], graceMs: number, rumorMs: number): Classified {
  const maxInc = incarnationHistory(views);
  const excused: Record<Excuse, number> = { 'member-down': 0, inherited: 0, 'observer-fresh': 0, unreachable: 0, 'stale-rumor': 0 };
  const falsePositives: FalsePositive[] = [];
  const suspicion = new Map<string, Verdict>();
  const lastInc = new Map<string, number>();
  let judged = 0;

  const judge = (s: Step, inherited: Verdict | undefined): Verdict => {
    const o = s.observer;
    const m = s.member;
    const inc = s.incarnation ?? 0;
    if (!truth.isUp(m, s.t)) return { excuse: 'member-down' };
    if (inherited && 'excuse' in inherited) return { excuse: 'inherited' };
    if ((truth.intervalAt(o, s.t)?.from ?? 0) > s.t - graceMs) return { excuse: 'observer-fresh' };
    const since = healthySince(truth, o, m, s.t);
    if (since === undefined || since > s.t - graceMs) return { excuse: 'unreachable' };
    const disturbed = lastDisturbed(truth, m, s.t);
    if (!inherited && disturbed !== undefined && s.t - disturbed <= rumorMs && inc <= maxInc(m, disturbed)) return { excuse: 'stale-rumor' };
    // A death that ends a false suspicion is false too, and of the suspicion's class.
    const degradedBy = inherited && 'fp' in inherited ? inherited.fp.degradedBy
      : [...new Set(degradationsAffecting(degradations, o, m, s.t - graceMs, s.t).map((d) => d.faultId))];
    return { fp: {
      observer: o, member: m, state: s.state as 'suspect' | 'dead', incarnation: inc, t: s.t, line: s.line,
      condition: degradedBy.length > 0 ? 'degraded' : 'healthy', degradedBy, healthyFor: s.t - since,
      epoch: truth.intervalAt(m, s.t)?.from ?? 0,
    } };
  };

  for (const s of views.steps) {
    const k = `${s.observer}\u0000${s.member}`;
    if (s.reset) { suspicion.delete(k); lastInc.delete(k); continue; }
    if (s.observer === s.member) continue;
    const prevInc = lastInc.get(k);
    if (s.incarnation !== undefined) lastInc.set(k, s.incarnation);
    if (s.state !== 'suspect' && s.state !== 'dead') { suspicion.delete(k); continue; }
    const fresh = s.prev !== s.state || (s.incarnation ?? 0) > (prevInc ?? -1);
    if (!fresh || truth.stateAt(s.observer, s.t) !== 'up') continue;
    judged++;
    const v = judge(s, s.prev === 'suspect' ? suspicion.get(k) : undefined);
    if (s.state === 'suspect') suspicion.set(k, v);
    else suspicion.delete(k);
    if ('excuse' in v) excused[v.excuse]++;
    else falsePositives.push(v.fp);
  }
  return { falsePositives, excused, judged };
}

/** The highest incarnation any observer reported for a member at or before t (0 if none). */
function incarnationHistory(views: Views): (member: string, t: number) => number {
  const byMember = new Map<string, { t: number; max: number }[]>();
  for (const s of views.steps) {
    if (s.incarnation === undefined) continue;
    const list = byMember.get(s.member) ?? [];
    list.push({ t: s.t, max: Math.max(s.incarnation, list.at(-1)?.max ?? 0) });
    byMember.set(s.member, list);
  }
  return (member, t) => {
    let best = 0;
    for (const x of byMember.get(member) ?? []) {
      if (x.t > t) break;
      best = x.max;
    }
    return best;
  };
}

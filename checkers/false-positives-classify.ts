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
import { PairSlots } from './pair-slots.js';
import type { Degradations } from './truth-degraded.js';
import type { Truth } from './truth.js';
import type { Step } from './view-stream.js';

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

/**
 * Classifies accusations as steps stream by. Steps are held back until the time
 * moves on, so that an accusation is judged knowing every incarnation reported up
 * to and including its own instant (the stale-rumor rule asks for them), exactly
 * as if the whole history were at hand. State: per pair, the open suspicion and
 * last incarnation; per member, the instants its highest incarnation rose.
 */
export class Classifier {
  private readonly incs = new IncarnationHistory();
  private readonly suspicion = new PairSlots<Verdict>();
  private readonly lastInc = new PairSlots<number>();
  private held: Step[] = [];
  readonly excused: Record<Excuse, number> = { 'member-down': 0, inherited: 0, 'observer-fresh': 0, unreachable: 0, 'stale-rumor': 0 };
  judged = 0;

  constructor(
    private readonly truth: Truth,
    private readonly degradations: Degradations,
    private readonly graceMs: number,
    private readonly rumorMs: number,
    private readonly found: (fp: FalsePositive) => void,
  ) {}

  get size(): number {
    return this.suspicion.size + this.lastInc.size + this.held.length + this.incs.size;
  }

  step(s: Step): void {
    if (this.held.length > 0 && this.held[0]!.t !== s.t) this.flush();
    this.held.push(s);
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    for (const s of this.held) this.incs.add(s);
    for (const s of this.held) this.classify(s);
    this.held = []; // a fresh array: truncating one in place is a runtime call, once per instant
  }

  private classify(s: Step): void {
    const k = s.pair;
    if (s.reset) { this.suspicion.delete(k); this.lastInc.delete(k); return; }
    if (s.observer === s.member) return;
    const prevInc = this.lastInc.get(k);
    if (s.incarnation !== undefined) this.lastInc.set(k, s.incarnation);
    if (s.state !== 'suspect' && s.state !== 'dead') { this.suspicion.delete(k); return; }
    const fresh = s.prev !== s.state || (s.incarnation ?? 0) > (prevInc ?? -1);
    if (!fresh || this.truth.stateAt(s.observer, s.t) !== 'up') return;
    this.judged++;
    const v = this.judge(s, s.prev === 'suspect' ? this.suspicion.get(k) : undefined);
    if (s.state === 'suspect') this.suspicion.set(k, v);
    else this.suspicion.delete(k);
    if ('excuse' in v) this.excused[v.excuse]++;
    else this.found(v.fp);
  }

  private judge(s: Step, inherited: Verdict | undefined): Verdict {
    const { truth, graceMs } = this;
    const o = s.observer;
    const m = s.member;
    const inc = s.incarnation ?? 0;
    if (!truth.isUp(m, s.t)) return { excuse: 'member-down' };
    if (inherited && 'excuse' in inherited) return { excuse: 'inherited' };
    if ((truth.intervalAt(o, s.t)?.from ?? 0) > s.t - graceMs) return { excuse: 'observer-fresh' };
    const since = healthySince(truth, o, m, s.t);
    if (since === undefined || since > s.t - graceMs) return { excuse: 'unreachable' };
    const disturbed = lastDisturbed(truth, m, s.t);
    if (!inherited && disturbed !== undefined && s.t - disturbed <= this.rumorMs && inc <= this.incs.maxAt(m, disturbed)) return { excuse: 'stale-rumor' };
    // A death that ends a false suspicion is false too, and of the suspicion's class.
    const degradedBy = inherited && 'fp' in inherited ? inherited.fp.degradedBy
      : [...new Set(this.degradations.affecting(o, m, s.t - graceMs, s.t).map((d) => d.faultId))];
    return { fp: {
      observer: o, member: m, state: s.state as 'suspect' | 'dead', incarnation: inc, t: s.t, line: s.line,
      condition: degradedBy.length > 0 ? 'degraded' : 'healthy', degradedBy, healthyFor: s.t - since,
      epoch: truth.intervalAt(m, s.t)?.from ?? 0,
    } };
  }
}

/**
 * The highest incarnation any observer reported for a member at or before t (0 if
 * none). Only the instants at which that maximum rose are kept.
 */
class IncarnationHistory {
  private readonly byMember = new Map<string, { t: number; max: number }[]>();

  add(s: Step): void {
    if (s.incarnation === undefined) return;
    let list = this.byMember.get(s.member);
    if (!list) this.byMember.set(s.member, (list = []));
    const last = list.at(-1);
    const max = Math.max(s.incarnation, last?.max ?? 0);
    if (last && last.max === max) return;
    if (!last && max === 0) return;
    list.push({ t: s.t, max });
  }

  get size(): number {
    let n = 0;
    for (const l of this.byMember.values()) n += l.length;
    return n;
  }

  maxAt(member: string, t: number): number {
    let best = 0;
    for (const x of this.byMember.get(member) ?? []) {
      if (x.t > t) break;
      best = x.max;
    }
    return best;
  }
}

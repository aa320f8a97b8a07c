// Refutation: once an observer holds a member suspect or dead while the member is up,
// reachable and not degraded, the observer must see it alive again with a higher
// incarnation (any incarnation if the member restarted or was removed from the list
// meanwhile) within the `refute` bound. The bound's clock starts when the member became
// refutable and restarts after every interruption (member or observer down or paused,
// a cut link between them, a degrading fault on the member).

import { IntervalChain, settleAll } from './interval-chain.js';
import { PairSlots } from './pair-slots.js';
import type { Degradations } from './truth-degraded.js';
import type { LinkInterval, Truth } from './truth.js';
import type { Step } from './view-stream.js';

export interface Episode {
  observer: string;
  member: string;
  start: Step;
  /** Highest incarnation the observer accused. */
  incarnation: number;
  /** Last suspect/dead/removed line of the episode. */
  last: Step;
  /** The alive line that ended it; undefined if it was still open or ended otherwise. */
  refutedBy?: Step;
  /** When it ended (refuted, observer restarted, member left); Infinity while open. */
  end: number;
}

export interface Judged {
  episode: Episode;
  /** When the member became refutable for good (Infinity: never during the episode). */
  clock: number;
  deadline: number;
  outcome: 'refuted' | 'not-required' | 'late' | 'undetermined';
}

/**
 * Accusation episodes as steps stream by: at most one open episode per pair; each
 * is handed to `closed` as soon as it ends, and the open ones at `finish`, in the
 * order the episodes opened (as a Map keeps them). With `anyIncarnation` (the
 * implementation's incarnations mean nothing) any alive line is a refutation.
 */
export class Episodes {
  private readonly open = new Map<number, Episode & { removed: boolean }>();
  /** The same episodes, looked up by pair on every step. */
  private readonly byPair = new PairSlots<Episode & { removed: boolean }>();

  constructor(
    private readonly restartsOf: (member: string) => number[],
    private readonly closed: (ep: Episode) => void,
    private readonly anyIncarnation = false,
  ) {}

  /** Open episodes: the only state this keeps. */
  get size(): number {
    return this.open.size;
  }

  step(s: Step): void {
    if (s.observer === s.member) return;
    const ep = this.byPair.get(s.pair);
    const accused = s.state === 'suspect' || s.state === 'dead';
    if (!ep) {
      if (!s.reset && accused) {
        const opened = { observer: s.observer, member: s.member, start: s, incarnation: s.incarnation ?? 0, last: s, end: Infinity, removed: false };
        this.open.set(s.pair, opened);
        this.byPair.set(s.pair, opened);
      }
      return;
    }
    if (accused || s.state === 'removed') {
      ep.last = s;
      ep.incarnation = Math.max(ep.incarnation, s.incarnation ?? 0);
      if (s.state === 'removed') ep.removed = true;
      return;
    }
    // Back to alive ends the accusation; it is a refutation only with a higher incarnation
    // (or any, once the member restarted or was dropped from the list).
    if (s.state === 'alive') {
      const restarted = this.restartsOf(s.member).some((r) => r > ep.start.t && r <= s.t);
      if (this.anyIncarnation || ep.removed || restarted || (s.incarnation ?? 0) > ep.incarnation) ep.refutedBy = s;
    }
    ep.end = s.t;
    this.open.delete(s.pair);
    this.byPair.delete(s.pair);
    this.closed(closedOf(ep));
  }

  finish(): void {
    for (const ep of this.open.values()) this.closed(closedOf(ep));
    this.open.clear();
    this.byPair.clear();
  }
}

/** The episode without its working state, built field by field (an object rest is far slower). */
function closedOf(ep: Episode & { removed: boolean }): Episode {
  const done: Episode = { observer: ep.observer, member: ep.member, start: ep.start, incarnation: ep.incarnation, last: ep.last, end: ep.end };
  if (ep.refutedBy) done.refutedBy = ep.refutedBy;
  return done;
}

/**
 * Judges closed episodes. The clock starts when the episode does and is pushed past
 * every interruption that begins within the bound of it: either end down, the link
 * between them cut, a degrading fault touching the member. Each kind is a chain
 * (interval-chain.ts) built once per node or pair, so an episode costs a few binary
 * searches, not a walk over the run's faults.
 */
export class Judge {
  private readonly downs = new Map<string, IntervalChain>();
  private readonly cuts = new Map<readonly LinkInterval[], IntervalChain>();
  private readonly degraded = new Map<string, IntervalChain>();
  /** The five chains of each pair an episode was judged for, by the pair's id. */
  private readonly byPair = new PairSlots<readonly IntervalChain[]>();

  constructor(private readonly truth: Truth, private readonly degradations: Degradations, private readonly boundMs: number) {}

  judge(ep: Episode): Judged {
    const { truth, boundMs } = this;
    const clock = settleAll(this.chains(ep), ep.start.t);
    const deadline = clock + boundMs;
    if (ep.refutedBy && ep.end <= deadline) return { episode: ep, clock, deadline, outcome: 'refuted' };
    if (ep.end <= deadline || clock === Infinity) return { episode: ep, clock, deadline, outcome: 'not-required' };
    if (deadline > truth.observedUntil) return { episode: ep, clock, deadline, outcome: 'undetermined' };
    return { episode: ep, clock, deadline, outcome: 'late' };
  }

  private chains(ep: Episode): readonly IntervalChain[] {
    const pair = ep.start.pair;
    let chains = this.byPair.get(pair);
    if (!chains) {
      const { observer: o, member: m } = ep;
      this.byPair.set(pair, (chains = [this.down(o), this.down(m), this.cut(o, m), this.cut(m, o), this.degradedChain(m)]));
    }
    return chains;
  }

  /** The node's stretches down, paused or gone. */
  private down(n: string): IntervalChain {
    let ch = this.downs.get(n);
    if (!ch) {
      const spans = (this.truth.lifecycle[n] ?? []).filter((iv) => iv.state !== 'up');
      this.downs.set(n, (ch = new IntervalChain(spans, this.boundMs)));
    }
    return ch;
  }

  /** The cuts of the link from a to b. */
  private cut(a: string, b: string): IntervalChain {
    const links = this.truth.linksBetween(a, b);
    let ch = this.cuts.get(links);
    if (!ch) {
      const spans = links.filter((l) => l.effect.kind === 'cut').map((l) => ({ from: l.start, to: l.end }));
      this.cuts.set(links, (ch = new IntervalChain(spans, this.boundMs)));
    }
    return ch;
  }

  private degradedChain(m: string): IntervalChain {
    let ch = this.degraded.get(m);
    if (!ch) this.degraded.set(m, (ch = new IntervalChain(this.degradations.touchingNode(m), this.boundMs)));
    return ch;
  }
}

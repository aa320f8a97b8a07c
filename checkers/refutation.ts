// Refutation: once an observer holds a member suspect or dead while the member is up,
// reachable and not degraded, the observer must see it alive again with a higher
// incarnation (any incarnation if the member restarted or was removed from the list
// meanwhile) within the `refute` bound. The bound's clock starts when the member became
// refutable and restarts after every interruption (member or observer down or paused,
// a cut link between them, a degrading fault on the member).

import type { Degradations } from './truth-degraded.js';
import type { Truth } from './truth.js';
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

const ACCUSED = new Set(['suspect', 'dead']);

/**
 * Accusation episodes as steps stream by: at most one open episode per pair; each
 * is handed to `closed` as soon as it ends, and the open ones at `finish`, in the
 * order the episodes opened (as a Map keeps them). With `anyIncarnation` (the
 * implementation's incarnations mean nothing) any alive line is a refutation.
 */
export class Episodes {
  private readonly open = new Map<number, Episode & { removed: boolean }>();

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
    const ep = this.open.get(s.pair);
    if (!ep) {
      if (!s.reset && ACCUSED.has(s.state)) this.open.set(s.pair, { observer: s.observer, member: s.member, start: s, incarnation: s.incarnation ?? 0, last: s, end: Infinity, removed: false });
      return;
    }
    if (ACCUSED.has(s.state) || s.state === 'removed') {
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
    const { removed: _removed, ...done } = ep;
    this.open.delete(s.pair);
    this.closed(done);
  }

  finish(): void {
    for (const ep of this.open.values()) {
      const { removed: _removed, ...done } = ep;
      this.closed(done);
    }
    this.open.clear();
  }
}

export function judgeEpisode(ep: Episode, truth: Truth, degradations: Degradations, boundMs: number): Judged {
  const bad = interruptions(ep, truth, degradations);
  let clock = ep.start.t;
  for (let changed = true; changed && clock < Infinity;) {
    changed = false;
    for (const s of bad) {
      if (s.from < clock + boundMs && s.to > clock) { clock = s.to; changed = true; }
    }
  }
  const deadline = clock + boundMs;
  const base = { episode: ep, clock, deadline };
  if (ep.refutedBy && ep.end <= deadline) return { ...base, outcome: 'refuted' };
  if (ep.end <= deadline || clock === Infinity) return { ...base, outcome: 'not-required' };
  if (deadline > truth.observedUntil) return { ...base, outcome: 'undetermined' };
  return { ...base, outcome: 'late' };
}

function interruptions(ep: Episode, truth: Truth, degradations: Degradations): { from: number; to: number }[] {
  const { observer: o, member: m } = ep;
  const out: { from: number; to: number }[] = [];
  for (const n of [o, m]) for (const iv of truth.lifecycle[n] ?? []) if (iv.state !== 'up') out.push({ from: iv.from, to: iv.to });
  for (const l of [...truth.linksBetween(o, m), ...truth.linksBetween(m, o)]) if (l.effect.kind === 'cut') out.push({ from: l.start, to: l.end });
  for (const d of degradations.touching(m, ep.start.t, Infinity)) out.push({ from: d.from, to: d.to });
  return out;
}

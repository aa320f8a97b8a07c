// Refutation: once an observer holds a member suspect or dead while the member is up,
// reachable and not degraded, the observer must see it alive again with a higher
// incarnation (any incarnation if the member restarted or was removed from the list
// meanwhile) within the `refute` bound. The bound's clock starts when the member became
// refutable and restarts after every interruption (member or observer down or paused,
// a cut link between them, a degrading fault on the member).

import { degradationsTouching, type Degradation } from './truth-degraded.js';
import type { Truth } from './truth.js';
import type { Step, Views } from './views.js';

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

export function episodesOf(views: Views, restartsOf: (member: string) => number[]): Episode[] {
  const out: Episode[] = [];
  const open = new Map<string, Episode & { removed: boolean }>();
  for (const s of views.steps) {
    if (s.observer === s.member) continue;
    const k = `${s.observer}\u0000${s.member}`;
    const ep = open.get(k);
    if (!ep) {
      if (!s.reset && ACCUSED.has(s.state)) open.set(k, { observer: s.observer, member: s.member, start: s, incarnation: s.incarnation ?? 0, last: s, end: Infinity, removed: false });
      continue;
    }
    if (ACCUSED.has(s.state) || s.state === 'removed') {
      ep.last = s;
      ep.incarnation = Math.max(ep.incarnation, s.incarnation ?? 0);
      if (s.state === 'removed') ep.removed = true;
      continue;
    }
    // Back to alive ends the accusation; it is a refutation only with a higher incarnation
    // (or any, once the member restarted or was dropped from the list).
    if (s.state === 'alive') {
      const restarted = restartsOf(s.member).some((r) => r > ep.start.t && r <= s.t);
      if (ep.removed || restarted || (s.incarnation ?? 0) > ep.incarnation) ep.refutedBy = s;
    }
    ep.end = s.t;
    const { removed: _removed, ...done } = ep;
    out.push(done);
    open.delete(k);
  }
  for (const ep of open.values()) {
    const { removed: _removed, ...done } = ep;
    out.push(done);
  }
  return out;
}

export function judgeEpisode(ep: Episode, truth: Truth, degradations: readonly Degradation[], boundMs: number): Judged {
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

function interruptions(ep: Episode, truth: Truth, degradations: readonly Degradation[]): { from: number; to: number }[] {
  const { observer: o, member: m } = ep;
  const out: { from: number; to: number }[] = [];
  for (const n of [o, m]) for (const iv of truth.lifecycle[n] ?? []) if (iv.state !== 'up') out.push({ from: iv.from, to: iv.to });
  for (const l of truth.links) {
    if (l.effect.kind === 'cut' && ((l.from === o && l.to === m) || (l.from === m && l.to === o))) out.push({ from: l.start, to: l.end });
  }
  for (const d of degradationsTouching(degradations, m, ep.start.t, Infinity)) out.push({ from: d.from, to: d.to });
  return out;
}

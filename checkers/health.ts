// Health questions the judging checkers share, answered from the truth alone:
// since when an observer could reach a member and hear back, and when a member was
// last down or cut off from some running node (the origin of any accusation rumor).
// Times are controller ms; a stretch that is still going returns `t` itself.

import type { Truth } from './truth.js';

/**
 * The start of the continuous stretch, containing t, in which `member` was up and the
 * links observer->member and member->observer were not cut; undefined if not healthy at t.
 */
export function healthySince(truth: Truth, observer: string, member: string, t: number): number | undefined {
  if (!truth.healthyFrom(observer, member, t)) return undefined;
  let since = truth.intervalAt(member, t)?.from ?? 0;
  for (const l of truth.linksBetween(observer, member)) if (l.effect.kind === 'cut' && l.end <= t) since = Math.max(since, l.end);
  for (const l of truth.linksBetween(member, observer)) if (l.effect.kind === 'cut' && l.end <= t) since = Math.max(since, l.end);
  return since;
}

/** Like healthySince, but the observer must also have been running (not paused) the whole stretch. */
export function pairHealthySince(truth: Truth, observer: string, member: string, t: number): number | undefined {
  const h = healthySince(truth, observer, member, t);
  if (h === undefined || !truth.isUp(observer, t)) return undefined;
  return Math.max(h, truth.intervalAt(observer, t)?.from ?? 0);
}

/**
 * The latest time at or before t at which `member` was disturbed: not up (after it had
 * first been up: a node not yet started is the subject of no rumor), or cut off in either
 * direction from another node that was up then. Undefined if never.
 */
export function lastDisturbed(truth: Truth, member: string, t: number): number | undefined {
  let last: number | undefined;
  const note = (end: number): void => { last = Math.max(last ?? -Infinity, Math.min(end, t)); };
  const own = truth.lifecycle[member] ?? [];
  const firstUp = own.findIndex((iv) => iv.state === 'up');
  own.forEach((iv, i) => {
    if (firstUp >= 0 && i > firstUp && iv.state !== 'up' && iv.from <= t) note(iv.to);
  });
  // Latest cut first; stops once no earlier cut can have lasted past the best found.
  truth.linkIndex(member).walkBack(t, () => last ?? -Infinity, (l) => {
    if (l.effect.kind !== 'cut') return;
    const other = l.from === member ? l.to : l.from;
    for (const iv of truth.lifecycle[other] ?? []) {
      if (iv.state !== 'up') continue;
      const from = Math.max(iv.from, l.start);
      const to = Math.min(iv.to, l.end);
      if (from < to && from <= t) note(to);
    }
  });
  return last;
}

/** Node-hours of observation: the time each node was running (up, not paused) before observation ended. */
export function nodeHours(truth: Truth): number {
  return truth.nodes.reduce((sum, node) => sum + upHours(truth, node), 0);
}

/** Hours `node` was running before observation ended. */
export function upHours(truth: Truth, node: string): number {
  let ms = 0;
  for (const iv of truth.lifecycle[node] ?? []) {
    if (iv.state === 'up') ms += Math.max(0, Math.min(iv.to, truth.observedUntil) - iv.from);
  }
  return ms / 3_600_000;
}

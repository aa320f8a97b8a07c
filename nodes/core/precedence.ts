// The SWIM precedence rules as pure functions, so they can be tested on their own:
// a higher incarnation wins; at equal incarnation suspect beats alive; dead (and
// left) beat both. Only a member raises its own incarnation, to refute (node.ts).

import type { MemberState } from './messages.js';

export interface Known { state: MemberState; incarnation: number }

/** Does alive(inc) replace what we know? Equal incarnation never revives. */
export function aliveWins(cur: Known | undefined, inc: number): boolean {
  return cur === undefined || inc > cur.incarnation;
}

/**
 * What a suspect(inc) message does to what we know: start a suspicion, add a
 * confirmation to a running one, or nothing (unknown member, stale incarnation,
 * or already dead/left).
 */
export function suspectEffect(cur: Known | undefined, inc: number): 'suspect' | 'confirm' | 'ignore' {
  if (cur === undefined || inc < cur.incarnation) return 'ignore';
  if (cur.state === 'alive') return 'suspect';
  if (cur.state === 'suspect') return 'confirm';
  return 'ignore';
}

/** Does dead(inc) (or a leave) replace what we know? Dead and left are final for an incarnation. */
export function deadWins(cur: Known | undefined, inc: number): boolean {
  if (cur === undefined || inc < cur.incarnation) return false;
  return cur.state === 'alive' || cur.state === 'suspect';
}

/** Is the record (inc, state) newer than `cur`? Used by anti-entropy digests. */
export function newer(inc: number, state: MemberState, cur: Known | undefined, rank: (s: MemberState) => number): boolean {
  if (cur === undefined) return true;
  if (inc !== cur.incarnation) return inc > cur.incarnation;
  return rank(state) > rank(cur.state);
}

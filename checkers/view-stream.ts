// What each node said, as a stream: every `member`/`removed` observation becomes
// one step of one observer's view of one member, and a (re)started process
// resets its observer's view (one synthetic step per member it knew). Only the
// current state of each observer-member pair is kept; each pair also gets a
// small integer id, so checkers can key their per-pair state without building
// strings per event. A step is emitted before the pair's state changes, so
// while it is being handled the current states are those just before it.

import type { EventOf, MemberState } from '../src/history/types.js';
import type { Step as ArrayStep, ViewState } from './views.js';

export type { ViewState } from './views.js';
export { isLive } from './views.js';

/** A step of the array views (views.ts), with the id of its pair. */
export interface Step extends ArrayStep {
  /** Stable id of the (observer, member) pair, dense from 0. */
  pair: number;
}

interface Slot { pair: number; state: ViewState }

export class ViewStream {
  private readonly views = new Map<string, Map<string, Slot>>();
  private pairs = 0;

  constructor(private readonly emit: (s: Step) => void) {}

  /** Number of pairs seen so far (the size of the per-pair state). */
  get pairCount(): number {
    return this.pairs;
  }

  node(e: EventOf<'node'>, line: number): void {
    if (e.event !== 'started' && e.event !== 'restarted') return;
    const view = this.views.get(e.node);
    if (!view) return;
    for (const [member, slot] of view) {
      if (slot.state === 'unknown') continue;
      this.emit(step(e.node, member, slot.pair, e.t, line, 'unknown', slot.state, undefined, true));
      slot.state = 'unknown';
    }
  }

  obs(e: EventOf<'obs'>, line: number): void {
    if (e.obs === 'member') this.said(e.node, e.member, e.state, e.incarnation, e.t, line);
    else if (e.obs === 'removed') this.said(e.node, e.member, 'removed', undefined, e.t, line);
  }

  /** A `member` line (or a `removed` one: state 'removed', no incarnation), from its fields. */
  said(node: string, member: string, state: MemberState | 'removed', incarnation: number | undefined, t: number, line: number): void {
    let view = this.views.get(node);
    if (!view) this.views.set(node, (view = new Map()));
    let slot = view.get(member);
    if (!slot) view.set(member, (slot = { pair: this.pairs++, state: 'unknown' }));
    this.emit(step(node, member, slot.pair, t, line, state, slot.state, incarnation, false));
    slot.state = state;
  }

  /** The pair's id, if the observer ever mentioned the member. */
  pairOf(observer: string, member: string): number | undefined {
    return this.views.get(observer)?.get(member)?.pair;
  }

  /** The observer's current view of the member ('unknown' if never mentioned). */
  stateOf(observer: string, member: string): ViewState {
    return this.views.get(observer)?.get(member)?.state ?? 'unknown';
  }

  /** Members this observer ever mentioned, in first-mention order. */
  membersOf(observer: string): string[] {
    return [...(this.views.get(observer)?.keys() ?? [])];
  }
}

/**
 * Every step has the same fields in the same order (one object shape), so that
 * the checkers reading them stay monomorphic; a step without an incarnation
 * holds undefined there.
 */
function step(observer: string, member: string, pair: number, t: number, line: number, state: ViewState, prev: ViewState, incarnation: number | undefined, reset: boolean): Step {
  return { observer, member, pair, t, line, state, prev, incarnation, reset };
}

// What a converged view must say about each member, given the truth at the end
// of the history, and the point from which convergence is timed: the later of
// the last heal and the last change to the truth (after it, truth is constant).

import type { Truth } from './truth.js';
import type { ViewState } from './views.js';

/** 'any': the member is paused at the end, so every answer is defensible. */
export type Expectation = 'alive' | 'gone' | 'any';

export interface SettlePoint { t: number; line: number; what: string }

export function settlePoint(truth: Truth, runLine: number): SettlePoint {
  const heal = truth.lastHeal;
  const change = truth.lastChange;
  if (heal && (!change || heal.t >= change.t)) return { ...heal, what: 'last heal' };
  if (change) return { ...change, what: 'last fault or lifecycle event' };
  return { t: 0, line: runLine, what: 'run start' };
}

export function expectationOf(truth: Truth, member: string, at: number): Expectation {
  if (!truth.nodes.includes(member)) return 'gone';
  const state = truth.stateAt(member, at);
  switch (state) {
    case 'up': return 'alive';
    case 'paused': return 'any';
    case 'crashed':
    case 'left':
    case 'down':
      return 'gone';
    default: { const never: never = state; return never; }
  }
}

/** A node always knows itself, so silence about itself counts as alive. */
export function matches(observer: string, member: string, s: ViewState, e: Expectation): boolean {
  if (observer === member) return s === 'alive' || s === 'unknown';
  switch (e) {
    case 'alive': return s === 'alive';
    case 'gone': return s === 'dead' || s === 'left' || s === 'removed' || s === 'unknown';
    case 'any': return true;
    default: { const never: never = e; return never; }
  }
}

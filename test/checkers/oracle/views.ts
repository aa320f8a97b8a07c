// What each node said: its view of every member, rebuilt from its `member` and
// `removed` observations. A (re)started process starts with an empty view, so a
// `started`/`restarted` event resets the observer's view to 'unknown'.

import type { HistoryEvent, MemberState } from '../../../src/history/types.js';

/** 'removed': dropped from the list; 'unknown': never mentioned since the process started. */
export type ViewState = MemberState | 'removed' | 'unknown';

export interface Step {
  observer: string;
  member: string;
  t: number;
  line: number;
  state: ViewState;
  prev: ViewState;
  incarnation?: number;
  /** True for the synthetic step written when the observer's process restarted. */
  reset?: boolean;
}

export interface Views {
  /** Every step of every observer, in history order. */
  steps: readonly Step[];
  /** The steps of one observer about one member, in history order. */
  of(observer: string, member: string): readonly Step[];
  /** Members this observer ever mentioned. */
  membersOf(observer: string): string[];
  /** When the observer's process last (re)started at or before t (its view began empty then); undefined if never announced. */
  processStart(observer: string, t: number): { t: number; line: number } | undefined;
  /** The observer's view of the member after every event at or before t. */
  stateAt(observer: string, member: string, t: number): ViewState;
}

export function isLive(s: ViewState): boolean {
  return s === 'alive' || s === 'suspect';
}

export function buildViews(events: readonly HistoryEvent[]): Views {
  const steps: Step[] = [];
  const byPair = new Map<string, Step[]>();
  const current = new Map<string, Map<string, ViewState>>();
  const starts = new Map<string, { t: number; line: number }[]>();
  const key = (o: string, m: string): string => `${o}\u0000${m}`;
  const push = (s: Step): void => {
    steps.push(s);
    const k = key(s.observer, s.member);
    const list = byPair.get(k);
    if (list) list.push(s);
    else byPair.set(k, [s]);
    let view = current.get(s.observer);
    if (!view) current.set(s.observer, (view = new Map()));
    view.set(s.member, s.state);
  };

  events.forEach((e, i) => {
    const line = i + 1;
    if (e.type === 'node' && (e.event === 'started' || e.event === 'restarted')) {
      starts.set(e.node, [...(starts.get(e.node) ?? []), { t: e.t, line }]);
      for (const [member, prev] of current.get(e.node) ?? []) {
        if (prev !== 'unknown') push({ observer: e.node, member, t: e.t, line, state: 'unknown', prev, reset: true });
      }
      return;
    }
    if (e.type !== 'obs' || (e.obs !== 'member' && e.obs !== 'removed')) return;
    const prev = current.get(e.node)?.get(e.member) ?? 'unknown';
    if (e.obs === 'member') {
      push({ observer: e.node, member: e.member, t: e.t, line, state: e.state, prev, incarnation: e.incarnation });
    } else {
      push({ observer: e.node, member: e.member, t: e.t, line, state: 'removed', prev });
    }
  });

  const of = (o: string, m: string): readonly Step[] => byPair.get(key(o, m)) ?? [];
  return {
    steps,
    of,
    membersOf: (o) => [...(current.get(o)?.keys() ?? [])],
    processStart: (o, t) => (starts.get(o) ?? []).filter((s) => s.t <= t).at(-1),
    stateAt: (o, m, t) => {
      let s: ViewState = 'unknown';
      for (const step of of(o, m)) {
        if (step.t > t) break;
        s = step.state;
      }
      return s;
    },
  };
}

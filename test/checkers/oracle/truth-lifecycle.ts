// Node lifecycle truth: which state each node was in, when, and its crashes.
// A node whose first lifecycle event is not `started`/`joined` is assumed up from
// t=0 (runtimes that never announce starts still get a usable truth). A crash
// fault and its `killed` event are one crash; both lines are kept as evidence.

import type { HistoryEvent, LifecycleEvent } from '../../../src/history/types.js';

export type NodeState = 'down' | 'up' | 'crashed' | 'paused' | 'left';

export interface StateInterval {
  state: NodeState;
  from: number;
  /** Infinity while the state lasts to the end of the history. */
  to: number;
  /** The line that put the node in this state (1 for the initial state). */
  fromLine: number;
  toLine?: number;
}

export interface Crash {
  node: string;
  t: number;
  /** The crash fault line and/or the `killed` line, ascending. */
  lines: number[];
  /** Set when the node was brought back. */
  restart?: { t: number; line: number };
}

export interface Lifecycle {
  byNode: Record<string, StateInterval[]>;
  crashes: Crash[];
}

type Transition = { node: string; to: NodeState; t: number; line: number; crash: boolean };

export function lifecycleOf(events: readonly HistoryEvent[], nodes: readonly string[]): Lifecycle {
  const transitions = transitionsOf(events);
  const byNode: Record<string, StateInterval[]> = {};
  const crashes: Crash[] = [];
  const openCrash = new Map<string, Crash>();

  for (const node of nodes) {
    const first = transitions.find((tr) => tr.node === node);
    byNode[node] = [{ state: first && first.to === 'up' ? 'down' : 'up', from: 0, to: Infinity, fromLine: 1 }];
  }
  for (const tr of transitions) {
    const ivs = (byNode[tr.node] ??= [{ state: 'up', from: 0, to: Infinity, fromLine: 1 }]);
    const current = ivs[ivs.length - 1]!;
    if (current.state === tr.to) {
      const crash = openCrash.get(tr.node);
      if (tr.crash && crash) crash.lines.push(tr.line);
      continue;
    }
    current.to = tr.t;
    current.toLine = tr.line;
    ivs.push({ state: tr.to, from: tr.t, to: Infinity, fromLine: tr.line });
    const crash = openCrash.get(tr.node);
    if (crash && tr.to !== 'crashed') {
      if (tr.to === 'up') crash.restart = { t: tr.t, line: tr.line };
      openCrash.delete(tr.node);
    }
    if (tr.to === 'crashed') {
      const c: Crash = { node: tr.node, t: tr.t, lines: [tr.line] };
      crashes.push(c);
      openCrash.set(tr.node, c);
    }
  }
  // Drop zero-length intervals (two transitions at the same t) so lookups by time stay unambiguous.
  for (const node of Object.keys(byNode)) byNode[node] = byNode[node]!.filter((iv) => iv.to > iv.from);
  return { byNode, crashes };
}

function transitionsOf(events: readonly HistoryEvent[]): Transition[] {
  const out: Transition[] = [];
  events.forEach((e, i) => {
    if (e.type === 'node') {
      out.push({ node: e.node, to: stateAfter(e.event), t: e.t, line: i + 1, crash: e.event === 'killed' });
    } else if (e.type === 'fault' && e.kind === 'crash' && e.phase === 'start' && !e.skipped) {
      for (const node of e.targets) out.push({ node, to: 'crashed', t: e.t, line: i + 1, crash: true });
    }
  });
  return out;
}

function stateAfter(event: LifecycleEvent): NodeState {
  switch (event) {
    case 'started':
    case 'restarted':
    case 'resumed':
    case 'joined':
      return 'up';
    case 'killed':
      return 'crashed';
    case 'paused':
      return 'paused';
    case 'left':
      return 'left';
    default: {
      const unreachable: never = event;
      throw new Error(`unknown lifecycle event ${String(unreachable)}`);
    }
  }
}

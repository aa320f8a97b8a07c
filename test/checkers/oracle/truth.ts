// Ground truth: what really happened to nodes and links, derived from `node` and
// `fault` events alone (never from what nodes said). Intervals are half-open
// [from, to) in controller ms; `to` is Infinity while a state lasts to the end.

import type { HistoryEvent } from '../../../src/history/types.js';
import { linksOf, type LinkEffect, type LinkInterval } from './truth-links.js';
import { lifecycleOf, type Crash, type NodeState, type StateInterval } from './truth-lifecycle.js';

export type { Crash, NodeState, StateInterval } from './truth-lifecycle.js';
export type { LinkEffect, LinkInterval } from './truth-links.js';

/** One fault as injected: its start, its stop (if any) and whether the runtime skipped it. */
export interface FaultWindow {
  id: string;
  kind: string;
  targets: string[];
  from: number;
  fromLine: number;
  /** Infinity when the fault was never stopped. */
  to: number;
  toLine?: number;
  skipped?: string;
}

export interface Mark { t: number; line: number }

export interface Truth {
  /** Every node id known to the run, sorted (n2 before n10). */
  nodes: string[];
  /** Time of the last event in the history. */
  endT: number;
  /**
   * Where observation ends: the `teardown` phase (nodes are being removed, so
   * what they say afterwards is noise), else the last event. Checkers judge up
   * to here and read only the first `observedLines` events.
   */
  observedUntil: number;
  observedLines: number;
  lifecycle: Readonly<Record<string, readonly StateInterval[]>>;
  crashes: readonly Crash[];
  links: readonly LinkInterval[];
  faults: readonly FaultWindow[];
  /** The last fault stop or `heal` phase, whichever is later. */
  lastHeal?: Mark;
  /** The last event that changed the truth (fault start/stop, lifecycle, heal phase). */
  lastChange?: Mark;
  stateAt(node: string, t: number): NodeState;
  intervalAt(node: string, t: number): StateInterval | undefined;
  /** Running and not paused. */
  isUp(node: string, t: number): boolean;
  /** Packets from a to b are not cut at t (a lossy link still works). */
  linkWorks(a: string, b: string, t: number): boolean;
  /** Combined loss probability from a to b at t (1 when cut). */
  linkLoss(a: string, b: string, t: number): number;
  /** The member is up and the observer can reach it and hear back. */
  healthyFrom(observer: string, member: string, t: number): boolean;
}

export function buildTruth(events: readonly HistoryEvent[]): Truth {
  const nodes = nodeIds(events);
  const lifecycle = lifecycleOf(events, nodes);
  const links = linksOf(events);
  const faults = faultWindows(events);
  const teardown = events.findIndex((e) => e.type === 'phase' && e.name === 'teardown');
  const observedLines = teardown < 0 ? events.length : teardown;
  const observed = events.slice(0, observedLines);
  const lastHeal = latest(observed, (e) => (e.type === 'fault' && e.phase === 'stop' && !e.skipped) || (e.type === 'phase' && e.name === 'heal'));
  const lastChange = latest(observed, (e) => (e.type === 'fault' && !e.skipped) || e.type === 'node' || (e.type === 'phase' && e.name === 'heal'));
  const endT = events.reduce((m, e) => Math.max(m, e.t), 0);
  const observedUntil = teardown < 0 ? endT : events[teardown]!.t;

  const intervalAt = (node: string, t: number): StateInterval | undefined =>
    lifecycle.byNode[node]?.find((iv) => iv.from <= t && t < iv.to);
  const stateAt = (node: string, t: number): NodeState => intervalAt(node, t)?.state ?? 'down';
  const effectsAt = (a: string, b: string, t: number): LinkEffect[] =>
    links.filter((l) => l.from === a && l.to === b && l.start <= t && t < l.end).map((l) => l.effect);
  const linkLoss = (a: string, b: string, t: number): number => {
    let pass = 1;
    for (const e of effectsAt(a, b, t)) {
      if (e.kind === 'cut') return 1;
      if (e.kind === 'lossy') pass *= 1 - e.loss;
    }
    return 1 - pass;
  };
  const linkWorks = (a: string, b: string, t: number): boolean => !effectsAt(a, b, t).some((e) => e.kind === 'cut');
  const isUp = (node: string, t: number): boolean => stateAt(node, t) === 'up';

  return {
    nodes, endT, observedUntil, observedLines, lifecycle: lifecycle.byNode, crashes: lifecycle.crashes, links, faults,
    ...(lastHeal ? { lastHeal } : {}),
    ...(lastChange ? { lastChange } : {}),
    stateAt, intervalAt, isUp, linkWorks, linkLoss,
    healthyFrom: (observer, member, t) =>
      isUp(member, t) && linkWorks(observer, member, t) && linkWorks(member, observer, t),
  };
}

/** Compare node ids so that n2 sorts before n10. */
export function compareNodeIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function nodeIds(events: readonly HistoryEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type === 'run') e.nodes.forEach((n) => ids.add(n));
    else if (e.type === 'node') ids.add(e.node);
    else if (e.type === 'fault') e.targets.forEach((n) => ids.add(n));
  }
  return [...ids].sort(compareNodeIds);
}

function faultWindows(events: readonly HistoryEvent[]): FaultWindow[] {
  const out: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  events.forEach((e, i) => {
    if (e.type !== 'fault') return;
    if (e.phase === 'start') {
      const w: FaultWindow = { id: e.id, kind: e.kind, targets: [...e.targets], from: e.t, fromLine: i + 1, to: Infinity };
      if (e.skipped) w.skipped = e.skipped;
      out.push(w);
      open.set(e.id, w);
    } else {
      const w = open.get(e.id);
      if (!w) return;
      w.to = e.t;
      w.toLine = i + 1;
      open.delete(e.id);
    }
  });
  return out;
}

function latest(events: readonly HistoryEvent[], pick: (e: HistoryEvent) => boolean): Mark | undefined {
  let found: Mark | undefined;
  events.forEach((e, i) => {
    if (pick(e) && (!found || e.t >= found.t)) found = { t: e.t, line: i + 1 };
  });
  return found;
}

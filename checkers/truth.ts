// Ground truth: what really happened to nodes and links, derived from `node` and
// `fault` events alone (never from what nodes said). Intervals are half-open
// [from, to) in controller ms; `to` is Infinity while a state lasts to the end.
// Built from the timeline (timeline.ts) and the history's length and last time,
// so a streamed history needs only its controller events to derive it.

import type { HistoryEvent } from '../src/history/types.js';
import { IntervalIndex } from './interval-index.js';
import { timelineOf, type Numbered } from './timeline.js';
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
  /** The link intervals from a to b, in history order. */
  linksBetween(a: string, b: string): readonly LinkInterval[];
  /** The link intervals with `node` at either end, in history order. */
  linksTouching(node: string): readonly LinkInterval[];
  /** The same, indexed by time. */
  linkIndex(node: string): IntervalIndex<LinkInterval>;
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
  return truthFrom(timelineOf(events), { lines: events.length, endT: events.reduce((m, e) => Math.max(m, e.t), 0) });
}

/** The truth from the timeline, given the history's line count and its latest `t` (0 if none is later). */
export function truthFrom(timeline: readonly Numbered[], totals: { lines: number; endT: number }): Truth {
  const nodes = nodeIds(timeline);
  const lifecycle = lifecycleOf(timeline, nodes);
  const links = linksOf(timeline);
  const faults = faultWindows(timeline);
  const teardown = timeline.find(({ e }) => e.type === 'phase' && e.name === 'teardown');
  const observedLines = teardown ? teardown.line - 1 : totals.lines;
  const observed = timeline.filter((x) => x.line <= observedLines);
  const lastHeal = latest(observed, (e) => (e.type === 'fault' && e.phase === 'stop' && !e.skipped) || (e.type === 'phase' && e.name === 'heal'));
  const lastChange = latest(observed, (e) => (e.type === 'fault' && !e.skipped) || e.type === 'node' || (e.type === 'phase' && e.name === 'heal'));
  const endT = totals.endT;
  const observedUntil = teardown ? teardown.e.t : endT;
  // By sending node, then receiving node: looked up per observation, so no key is built.
  const between = new Map<string, Map<string, LinkInterval[]>>();
  const touching = new Map<string, LinkInterval[]>();
  const add = (m: Map<string, LinkInterval[]>, k: string, l: LinkInterval): void => {
    const list = m.get(k);
    if (list) list.push(l);
    else m.set(k, [l]);
  };
  for (const l of links) {
    let from = between.get(l.from);
    if (!from) between.set(l.from, (from = new Map()));
    add(from, l.to, l);
    add(touching, l.from, l);
    if (l.to !== l.from) add(touching, l.to, l);
  }
  const linkIndexes = new Map<string, IntervalIndex<LinkInterval>>();
  const linksBetween = (a: string, b: string): readonly LinkInterval[] => between.get(a)?.get(b) ?? NONE;

  // A node's intervals are in time order and disjoint when its events were; then the one
  // holding t is found by bisection, else (a hand-written, unordered history) by a walk.
  const ordered = new Set(Object.keys(lifecycle.byNode).filter((n) => inOrder(lifecycle.byNode[n]!)));
  const intervalAt = (node: string, t: number): StateInterval | undefined => {
    const ivs = lifecycle.byNode[node];
    if (!ivs) return undefined;
    if (!ordered.has(node)) return ivs.find((iv) => iv.from <= t && t < iv.to);
    const iv = ivs[lastFromBy(ivs, t)];
    return iv && t < iv.to ? iv : undefined;
  };
  const stateAt = (node: string, t: number): NodeState => intervalAt(node, t)?.state ?? 'down';
  // Loops, not filter/map: these are asked per observation, and should allocate nothing.
  const linkLoss = (a: string, b: string, t: number): number => {
    let pass = 1;
    for (const l of linksBetween(a, b)) {
      if (!(l.start <= t && t < l.end)) continue;
      if (l.effect.kind === 'cut') return 1;
      if (l.effect.kind === 'lossy') pass *= 1 - l.effect.loss;
    }
    return 1 - pass;
  };
  const linkWorks = (a: string, b: string, t: number): boolean => {
    for (const l of linksBetween(a, b)) if (l.start <= t && t < l.end && l.effect.kind === 'cut') return false;
    return true;
  };
  const isUp = (node: string, t: number): boolean => stateAt(node, t) === 'up';

  return {
    nodes, endT, observedUntil, observedLines, lifecycle: lifecycle.byNode, crashes: lifecycle.crashes, links, faults,
    linksBetween, linksTouching: (node) => touching.get(node) ?? [],
    linkIndex: (node) => {
      let ix = linkIndexes.get(node);
      if (!ix) linkIndexes.set(node, (ix = new IntervalIndex(touching.get(node) ?? [], (l) => l.start, (l) => l.end)));
      return ix;
    },
    ...(lastHeal ? { lastHeal } : {}),
    ...(lastChange ? { lastChange } : {}),
    stateAt, intervalAt, isUp, linkWorks, linkLoss,
    healthyFrom: (observer, member, t) =>
      isUp(member, t) && linkWorks(observer, member, t) && linkWorks(member, observer, t),
  };
}

const NONE: readonly LinkInterval[] = [];

/** Sorted by start, each ending no later than the next begins. */
function inOrder(ivs: readonly StateInterval[]): boolean {
  for (let i = 1; i < ivs.length; i++) if (ivs[i]!.from < ivs[i - 1]!.to) return false;
  return true;
}

/** The index of the last interval with from <= t, or -1. */
function lastFromBy(ivs: readonly StateInterval[], t: number): number {
  let lo = 0;
  let hi = ivs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ivs[mid]!.from <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Compare node ids so that n2 sorts before n10. */
export function compareNodeIds(a: string, b: string): number {
  return NODE_ORDER.compare(a, b);
}

/** One collator for every comparison: `localeCompare` with options builds one per call. */
const NODE_ORDER = new Intl.Collator('en', { numeric: true });

function nodeIds(events: readonly Numbered[]): string[] {
  const ids = new Set<string>();
  for (const { e } of events) {
    if (e.type === 'run') e.nodes.forEach((n) => ids.add(n));
    else if (e.type === 'node') ids.add(e.node);
    else if (e.type === 'fault') e.targets.forEach((n) => ids.add(n));
  }
  return [...ids].sort(compareNodeIds);
}

function faultWindows(events: readonly Numbered[]): FaultWindow[] {
  const out: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const { e, line } of events) {
    if (e.type !== 'fault') continue;
    if (e.phase === 'start') {
      const w: FaultWindow = { id: e.id, kind: e.kind, targets: [...e.targets], from: e.t, fromLine: line, to: Infinity };
      if (e.skipped) w.skipped = e.skipped;
      out.push(w);
      open.set(e.id, w);
    } else {
      const w = open.get(e.id);
      if (!w) continue;
      w.to = e.t;
      w.toLine = line;
      open.delete(e.id);
    }
  }
  return out;
}

function latest(events: readonly Numbered[], pick: (e: HistoryEvent) => boolean): Mark | undefined {
  let found: Mark | undefined;
  for (const { e, line } of events) {
    if (pick(e) && (!found || e.t >= found.t)) found = { t: e.t, line };
  }
  return found;
}

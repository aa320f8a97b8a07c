// When one controller-injected update reached each node, and by when it had to.
// A node "has" update (origin, key, v) once it emitted an `update` observation for
// that member and key with version >= v (a newer version supersedes: the core never
// emits an older one after it). Each node gets the `spread` bound from the update, but
// its clock restarts at the end of any disturbance (down, paused, a network or
// degrading fault) that touched it or the origin before it had the update.

import { degradationsTouching, type Degradation } from './truth-degraded.js';
import type { Truth } from './truth.js';
import type { EventOf, HistoryEvent } from '../../../src/history/types.js';

export interface Got { t: number; line: number }

export type Reach =
  | { node: string; kind: 'reached'; got: Got; deadline: number }
  | { node: string; kind: 'late' | 'missing'; got?: Got; deadline: number }
  | { node: string; kind: 'excused'; why: string; got?: Got }
  | { node: string; kind: 'undetermined'; why: string };

export interface Injected { update: EventOf<'update'>; line: number }

/** Every `update` observation, by member and key, in history order. */
export type UpdateIndex = ReadonlyMap<string, readonly { node: string; version: number; got: Got }[]>;

export function indexUpdates(events: readonly HistoryEvent[]): UpdateIndex {
  const out = new Map<string, { node: string; version: number; got: Got }[]>();
  events.forEach((e, i) => {
    if (e.type !== 'obs' || e.obs !== 'update') return;
    const k = `${e.member}\u0000${e.key}`;
    const list = out.get(k) ?? [];
    list.push({ node: e.node, version: e.version, got: { t: e.t, line: i + 1 } });
    out.set(k, list);
  });
  return out;
}

/** The first observation, per node, of the update (or a newer version) since the origin's process started. */
export function receipts(index: UpdateIndex, u: Injected, truth: Truth): Map<string, Got> {
  const since = truth.intervalAt(u.update.node, u.update.t)?.from ?? 0;
  const got = new Map<string, Got>();
  for (const o of index.get(`${u.update.node}\u0000${u.update.key}`) ?? []) {
    if (o.got.t >= since && o.version >= u.update.version && !got.has(o.node)) got.set(o.node, o.got);
  }
  return got;
}

interface Span { from: number; to: number }

function disturbances(truth: Truth, degradations: readonly Degradation[], nodes: readonly string[], from: number): Span[] {
  const out: Span[] = [];
  for (const n of nodes) {
    for (const iv of truth.lifecycle[n] ?? []) if (iv.state !== 'up' && iv.to > from) out.push({ from: iv.from, to: iv.to });
    for (const l of truth.links) if ((l.from === n || l.to === n) && l.end > from) out.push({ from: l.start, to: l.end });
    for (const d of degradationsTouching(degradations, n, from, Infinity)) out.push({ from: d.from, to: d.to });
  }
  return out;
}

export function reachOf(
  node: string, u: Injected, got: Got | undefined, truth: Truth, degradations: readonly Degradation[], spreadMs: number,
): Reach {
  const origin = u.update.node;
  const spans = disturbances(truth, degradations, [...new Set([node, origin])], u.update.t);
  const until = got?.t ?? Infinity;
  let deadline = u.update.t + spreadMs;
  for (let changed = true; changed;) {
    changed = false;
    for (const s of spans) {
      if (s.from < Math.min(until, deadline) && s.to + spreadMs > deadline) { deadline = s.to + spreadMs; changed = true; }
    }
  }
  if (got && got.t <= deadline) return { node, kind: 'reached', got, deadline };
  const end = truth.observedUntil;
  if (!truth.isUp(node, end)) return { node, kind: 'excused', why: `${node} was not running when observation ended`, ...(got ? { got } : {}) };
  if (deadline === Infinity) {
    if (!truth.isUp(origin, end)) return { node, kind: 'excused', why: `the origin ${origin} went down before ${node} had the update, and stayed down` };
    return { node, kind: 'undetermined', why: `a fault touching ${node} or ${origin} was never stopped` };
  }
  if (!got && deadline > end) {
    return { node, kind: 'undetermined', why: `${node} did not have it when observation ended, before its deadline` };
  }
  return { node, kind: got ? 'late' : 'missing', ...(got ? { got } : {}), deadline };
}

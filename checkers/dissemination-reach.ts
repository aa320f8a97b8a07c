// When one controller-injected update reached each node, and by when it had to.
// A node "has" update (origin, key, v) once it emitted an `update` observation for
// that member and key with version >= v (a newer version supersedes: the core never
// emits an older one after it). Each node gets the `spread` bound from the update, but
// its clock restarts at the end of any disturbance (down, paused, a network or
// degrading fault) that touched it or the origin before it had the update.

import type { Degradations } from './truth-degraded.js';
import type { Truth } from './truth.js';
import type { EventOf } from '../src/history/types.js';

export interface Got { t: number; line: number }

export type Reach =
  | { node: string; kind: 'reached'; got: Got; deadline: number }
  | { node: string; kind: 'late' | 'missing'; got?: Got; deadline: number }
  | { node: string; kind: 'excused'; why: string; got?: Got }
  | { node: string; kind: 'undetermined'; why: string };

export interface Injected { update: EventOf<'update'>; line: number }

/**
 * The first observation, per node, of each injected update (or a newer version)
 * since the origin's process started, collected as `update` observations stream
 * by: one small map per injected update, never the observations themselves.
 */
export class Receipts {
  private readonly byKey = new Map<string, { u: Injected; since: number; got: Map<string, Got> }[]>();
  /** Whether any node printed an `update` observation at all. */
  seen = false;

  constructor(injected: readonly Injected[], truth: Truth) {
    for (const u of injected) {
      const k = `${u.update.node}\u0000${u.update.key}`;
      const since = truth.intervalAt(u.update.node, u.update.t)?.from ?? 0;
      this.byKey.set(k, [...(this.byKey.get(k) ?? []), { u, since, got: new Map() }]);
    }
  }

  /** Receipts held: at most one per node per injected update. */
  get size(): number {
    let n = 0;
    for (const ws of this.byKey.values()) for (const w of ws) n += 1 + w.got.size;
    return n;
  }

  observe(e: Extract<EventOf<'obs'>, { obs: 'update' }>, line: number): void {
    this.seen = true;
    const watching = this.byKey.get(`${e.member}\u0000${e.key}`);
    if (!watching) return;
    for (const w of watching) {
      if (e.t >= w.since && e.version >= w.u.update.version && !w.got.has(e.node)) w.got.set(e.node, { t: e.t, line });
    }
  }

  of(u: Injected): Map<string, Got> {
    return this.byKey.get(`${u.update.node}\u0000${u.update.key}`)?.find((w) => w.u === u)?.got ?? new Map();
  }
}

interface Span { from: number; to: number }

function disturbances(truth: Truth, degradations: Degradations, nodes: readonly string[], from: number): Span[] {
  const out: Span[] = [];
  for (const n of nodes) {
    for (const iv of truth.lifecycle[n] ?? []) if (iv.state !== 'up' && iv.to > from) out.push({ from: iv.from, to: iv.to });
    for (const l of truth.linkIndex(n).overlapping(from, Infinity)) out.push({ from: l.start, to: l.end });
    for (const d of degradations.touching(n, from, Infinity)) out.push({ from: d.from, to: d.to });
  }
  return out;
}

export function reachOf(
  node: string, u: Injected, got: Got | undefined, truth: Truth, degradations: Degradations, spreadMs: number,
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

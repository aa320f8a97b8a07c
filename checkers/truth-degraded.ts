// Degradation truth: faults that leave a node running and reachable but impaired
// (CPU starvation, slowness, loss, delay, clock skew or drift), which the core truth
// (lifecycle and cut links) does not model. Derived from `fault` events alone.
//
// Rule: every fault kind except `partition` and `crash` degrades, and so does a
// partition that is only lossy (loss < 1). A degradation touches its targets and
// both ends of every directed link it lists, for [start, stop). Skipped faults
// never happened. Unknown future kinds (flap, churn, ...) count as degrading, which
// errs towards calling a member "degraded", never towards calling it healthy.

import type { HistoryEvent } from '../src/history/types.js';

export interface Degradation {
  faultId: string;
  kind: string;
  /** Targets and link endpoints, sorted. */
  nodes: string[];
  from: number;
  fromLine: number;
  /** Infinity when the fault was never stopped. */
  to: number;
  toLine?: number;
}

const NOT_DEGRADING: ReadonlySet<string> = new Set(['partition', 'crash']);

export function degradationsOf(events: readonly HistoryEvent[]): Degradation[] {
  const out: Degradation[] = [];
  const open = new Map<string, Degradation>();
  events.forEach((e, i) => {
    if (e.type !== 'fault') return;
    if (e.phase === 'start') {
      if (e.skipped || !degrading(e.kind, e.loss ?? e.params['loss'])) return;
      const nodes = new Set(e.targets);
      for (const [a, b] of e.links ?? []) { nodes.add(a); nodes.add(b); }
      const d: Degradation = { faultId: e.id, kind: e.kind, nodes: [...nodes].sort(), from: e.t, fromLine: i + 1, to: Infinity };
      out.push(d);
      open.set(e.id, d);
    } else {
      const d = open.get(e.id);
      if (!d) return;
      d.to = e.t;
      d.toLine = i + 1;
      open.delete(e.id);
    }
  });
  return out;
}

function degrading(kind: string, loss: unknown): boolean {
  if (!NOT_DEGRADING.has(kind)) return true;
  return kind === 'partition' && typeof loss === 'number' && loss < 1;
}

/** Degradations touching `node` at any time in [from, to]. */
export function degradationsTouching(all: readonly Degradation[], node: string, from: number, to: number): Degradation[] {
  return all.filter((d) => d.nodes.includes(node) && d.from <= to && d.to > from);
}

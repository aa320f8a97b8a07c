// Degradation truth: faults that leave a node running and reachable but impaired
// (CPU starvation, slowness, loss, delay, clock skew or drift), which the core truth
// (lifecycle and cut links) does not model. Derived from `fault` events alone.
//
// Rule: every fault kind except `partition` and `crash` degrades, and so does a
// partition that is only lossy (loss < 1), for [start, stop). Skipped faults never
// happened. Unknown future kinds count as degrading, which errs towards calling a
// member "degraded", never towards calling it healthy.
// Two views of who is touched: `nodes` (targets and both ends of every listed
// link: anyone whose traffic was disturbed) and, per observer, `affects`: a node
// fault (cpu, slow, clock, …) impairs its targets for every observer, but a link
// fault (loss, delay, bandwidth, …) impairs a member only for the observers at the
// other end of one of its degraded links. So loss on n1's links makes n1 degraded
// for everyone, and n2 degraded for n1 alone.

import type { HistoryEvent } from '../src/history/types.js';
import { IntervalIndex } from './interval-index.js';
import { timelineOf, type Numbered } from './timeline.js';

export interface Degradation {
  faultId: string;
  kind: string;
  /** Targets and link endpoints, sorted. */
  nodes: string[];
  /** Nodes impaired for every observer (node faults' targets; none for link faults). */
  impaired: string[];
  /** Degraded directed links, as "from->to". */
  links: Set<string>;
  from: number;
  fromLine: number;
  /** Infinity when the fault was never stopped. */
  to: number;
  toLine?: number;
}

const NOT_DEGRADING: ReadonlySet<string> = new Set(['partition', 'crash']);
/** Faults that degrade links, not the nodes at their ends. */
const LINK_KINDS: ReadonlySet<string> = new Set(['partition', 'loss', 'delay', 'duplicate', 'reorder', 'bandwidth']);

export function degradationsOf(events: readonly HistoryEvent[]): Degradation[] {
  return degradationsFrom(timelineOf(events));
}

export function degradationsFrom(events: readonly Numbered[]): Degradation[] {
  const out: Degradation[] = [];
  const open = new Map<string, Degradation>();
  for (const { e, line } of events) {
    if (e.type !== 'fault') continue;
    if (e.phase === 'start') {
      if (e.skipped || !degrading(e.kind, e.loss ?? e.params['loss'])) continue;
      const nodes = new Set(e.targets);
      for (const [a, b] of e.links ?? []) { nodes.add(a); nodes.add(b); }
      const impaired = LINK_KINDS.has(e.kind) ? [] : [...e.targets].sort();
      const links = new Set((e.links ?? []).map(([a, b]) => `${a}->${b}`));
      const d: Degradation = { faultId: e.id, kind: e.kind, nodes: [...nodes].sort(), impaired, links, from: e.t, fromLine: line, to: Infinity };
      out.push(d);
      open.set(e.id, d);
    } else {
      const d = open.get(e.id);
      if (!d) continue;
      d.to = e.t;
      d.toLine = line;
      open.delete(e.id);
    }
  }
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

/** Degradations that impaired `member` as `observer` sees it, at any time in [from, to]. */
export function degradationsAffecting(all: readonly Degradation[], observer: string, member: string, from: number, to: number): Degradation[] {
  return all.filter((d) => d.from <= to && d.to > from
    && (d.impaired.includes(member) || d.links.has(`${observer}->${member}`) || d.links.has(`${member}->${observer}`)));
}

/** The degradations indexed by node, for lookups that stay fast over a long run's many faults. */
export class Degradations {
  private readonly byNode = new Map<string, IntervalIndex<Degradation>>();

  constructor(readonly all: readonly Degradation[]) {
    const lists = new Map<string, Degradation[]>();
    for (const d of all) {
      for (const n of d.nodes) {
        const list = lists.get(n);
        if (list) list.push(d);
        else lists.set(n, [d]);
      }
    }
    for (const [n, list] of lists) this.byNode.set(n, new IntervalIndex(list, (d) => d.from, (d) => d.to));
  }

  /** As degradationsTouching. */
  touching(node: string, from: number, to: number): Degradation[] {
    return this.byNode.get(node)?.overlapping(from, to) ?? [];
  }

  /** Every degradation touching `node`, in start order. */
  touchingNode(node: string): readonly Degradation[] {
    return this.byNode.get(node)?.all ?? [];
  }

  /** As degradationsAffecting: every such fault touches the member, so only its own are looked at. */
  affecting(observer: string, member: string, from: number, to: number): Degradation[] {
    return this.touching(member, from, to)
      .filter((d) => d.impaired.includes(member) || d.links.has(`${observer}->${member}`) || d.links.has(`${member}->${observer}`));
  }
}

// Which nodes and which directed links a fault acts on: the one place that reads
// `node`, `nodes` and `count` from a scenario entry and checks the names against
// the cluster. Random choices use only the rng handed in, and results are sorted
// by node number (except an explicit `nodes` list, whose order is the user's).

import type { Link } from '../src/history/types.js';
import type { Rng } from '../src/seed.js';
import { FaultParamError, field } from './params.js';

type Entry = Readonly<Record<string, unknown>>;

/** n2 before n10. */
export function byId(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b);
}

export function sorted(nodes: Iterable<string>): string[] {
  return [...new Set(nodes)].sort(byId);
}

/** A node named in the entry at `path`, checked against the cluster. */
export function known(node: string, nodes: readonly string[], path: string): string {
  if (!nodes.includes(node)) throw new FaultParamError(path, `a node of this ${nodes.length}-node cluster (n1..n${nodes.length})`, node);
  return node;
}

/** When the entry names no node: one random node, or every node. */
export type Fallback = 'one' | 'all';

/** The nodes still there: random and "all" choices skip the gone ones, unless nothing else is left. */
export function present(nodes: readonly string[], gone: ReadonlySet<string> = new Set()): readonly string[] {
  const left = nodes.filter((n) => !gone.has(n));
  return left.length > 0 ? left : nodes;
}

/**
 * The nodes chosen by `node` (a name or `random`), `nodes` (a list) or `count`
 * (that many at random). Names are taken as written, even a node that is gone.
 */
export function chooseNodes(entry: Entry, nodes: readonly string[], rng: Rng, fallback: Fallback, gone?: ReadonlySet<string>): string[] {
  const node = field<string>(entry, 'node');
  const list = field<string[]>(entry, 'nodes');
  const count = field<number>(entry, 'count');
  const pool = present(nodes, gone);
  if (node !== undefined) return [node === 'random' ? rng.pick(pool) : known(node, nodes, 'node')];
  if (list !== undefined) return [...new Set(list.map((n, i) => known(n, nodes, `nodes.${i}`)))];
  if (count !== undefined) {
    if (count > pool.length) throw new FaultParamError('count', `at most ${pool.length} (the nodes still there)`, count);
    return sorted(rng.shuffle(pool).slice(0, count));
  }
  return fallback === 'all' ? [...pool] : [rng.pick(pool)];
}

/** How many nodes `chooseNodes` will choose at most, without drawing from any rng. */
export function selectionSize(entry: Entry, nodes: readonly string[], fallback: Fallback): number {
  const list = field<string[]>(entry, 'nodes');
  const count = field<number>(entry, 'count');
  if (field(entry, 'node') !== undefined) return 1;
  if (list !== undefined) return new Set(list).size;
  if (count !== undefined) return Math.min(count, nodes.length);
  return fallback === 'all' ? nodes.length : 1;
}

/** Every directed link between different sides. */
export function linksBetween(sides: readonly (readonly string[])[]): Link[] {
  const out: Link[] = [];
  sides.forEach((a, i) => sides.forEach((b, j) => {
    if (i === j) return;
    for (const from of a) for (const to of b) out.push([from, to]);
  }));
  return out;
}

/** Links out of the chosen nodes to every other node of the cluster. */
export function linksFrom(chosen: readonly string[], nodes: readonly string[]): Link[] {
  return chosen.flatMap((from) => nodes.filter((to) => to !== from).map((to): Link => [from, to]));
}

/** Links into and out of the chosen nodes, each once. */
export function linksTouching(chosen: readonly string[], nodes: readonly string[]): Link[] {
  const out = new Map<string, Link>();
  for (const l of linksFrom(chosen, nodes)) {
    out.set(l.join('>'), l);
    out.set([l[1], l[0]].join('>'), [l[1], l[0]]);
  }
  return [...out.values()].sort(([a, b], [c, d]) => byId(a, c) || byId(b, d));
}

/** Both ends of every link, sorted. */
export function endpoints(links: readonly Link[]): string[] {
  return sorted(links.flat());
}

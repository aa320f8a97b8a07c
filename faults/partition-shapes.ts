// Partition shapes, as cut sets. Side shapes (halves, random-halves, isolate)
// split the cluster into sides cut both ways; the others are grudges, as in
// Jepsen: receiver -> the senders whose packets it drops. A grudge's directed
// links are exactly (sender, receiver) for each listed sender, and nothing else.

import type { Link } from '../src/history/types.js';
import type { Rng } from '../src/seed.js';
import { FaultParamError } from './params.js';
import { byId, known, sorted } from './select.js';

export const SIDE_SHAPES = ['halves', 'random-halves', 'isolate'] as const;
export const GRUDGE_SHAPES = ['majorities-ring', 'bridge', 'grudge', 'one-way'] as const;
export type SideShape = (typeof SIDE_SHAPES)[number];
export type GrudgeShape = (typeof GRUDGE_SHAPES)[number];
export type PartitionShape = SideShape | GrudgeShape;

/** Receiver -> the senders it drops packets from. */
export type Grudge = Record<string, string[]>;

type Picker = Pick<Rng, 'shuffle' | 'pick'>;

export function sidesFor(shape: SideShape, nodes: readonly string[], rng: Picker, node?: string): string[][] {
  switch (shape) {
    case 'halves': {
      const mid = Math.floor(nodes.length / 2);
      return [nodes.slice(0, mid), nodes.slice(mid)];
    }
    case 'random-halves': {
      const s = rng.shuffle(nodes);
      const mid = Math.floor(s.length / 2);
      return [sorted(s.slice(0, mid)), sorted(s.slice(mid))];
    }
    case 'isolate': {
      const lone = node === undefined || node === 'random' ? rng.pick(nodes) : node;
      return [[lone], nodes.filter((n) => n !== lone)];
    }
    default: {
      const never: never = shape;
      throw new Error(`unknown partition shape ${String(never)}`);
    }
  }
}

/** Nodes on a shuffled ring; each sees the majority centred on itself and drops the rest. */
export function majoritiesRing(nodes: readonly string[], rng: Picker): Grudge {
  const ring = rng.shuffle(nodes);
  const n = ring.length;
  const m = Math.floor(n / 2) + 1;
  const before = Math.floor((m - 1) / 2);
  const grudge: Grudge = {};
  ring.forEach((self, i) => {
    const sees = new Set(Array.from({ length: m }, (_, k) => ring[(i - before + k + n) % n]!));
    grudge[self] = sorted(ring.filter((x) => !sees.has(x)));
  });
  return normal(grudge);
}

/** Two halves that cannot talk, and one bridge node that talks with both. */
export function bridge(nodes: readonly string[], rng: Picker, node?: string): { bridge: string; grudge: Grudge } {
  const mid = node === undefined || node === 'random' ? rng.pick(nodes) : node;
  const rest = rng.shuffle(nodes.filter((n) => n !== mid));
  const half = Math.floor(rest.length / 2);
  const [a, b] = [rest.slice(0, half), rest.slice(half)];
  const grudge: Grudge = {};
  for (const x of a) grudge[x] = sorted(b);
  for (const x of b) grudge[x] = sorted(a);
  return { bridge: mid, grudge: normal(grudge) };
}

/** A grudge written in the scenario, checked against the cluster. */
export function explicitGrudge(raw: Readonly<Record<string, readonly string[]>>, nodes: readonly string[]): Grudge {
  const grudge: Grudge = {};
  for (const [to, froms] of Object.entries(raw)) {
    known(to, nodes, `grudge.${to}`);
    froms.forEach((from, i) => {
      known(from, nodes, `grudge.${to}.${i}`);
      if (from === to) throw new FaultParamError(`grudge.${to}.${i}`, `a node other than ${to} (a node always hears itself)`, from);
    });
    grudge[to] = sorted(froms);
  }
  return normal(grudge);
}

/** The `to` nodes drop packets from the `from` nodes; the reverse direction still works. */
export function oneWay(from: readonly string[], to: readonly string[], nodes: readonly string[]): Grudge {
  from.forEach((n, i) => known(n, nodes, `from.${i}`));
  to.forEach((n, i) => known(n, nodes, `to.${i}`));
  const grudge: Grudge = {};
  for (const t of to) grudge[t] = sorted(from.filter((f) => f !== t));
  return normal(grudge);
}

export function grudgeLinks(grudge: Grudge): Link[] {
  return Object.entries(grudge).flatMap(([to, froms]) => froms.map((from): Link => [from, to]));
}

/** Receivers in node order, empty grudges dropped: one spelling per cut set. */
function normal(grudge: Grudge): Grudge {
  return Object.fromEntries(Object.keys(grudge).sort(byId).filter((k) => grudge[k]!.length > 0).map((k) => [k, grudge[k]!]));
}

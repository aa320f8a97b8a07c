// Partitions: the cluster split into sides, with every packet between sides
// dropped (iptables DROP in each receiver's namespace). The directed links cut
// are computed here once and recorded, so ground truth never guesses.

import type { Link } from '../src/history/types.js';
import type { FaultKind } from './types.js';

export type PartitionShape = 'halves' | 'random-halves' | 'isolate';

export function sidesFor(shape: PartitionShape, nodes: readonly string[], pick: { shuffle<T>(x: readonly T[]): T[]; pick<T>(x: readonly T[]): T }, node?: string): string[][] {
  switch (shape) {
    case 'halves': {
      const mid = Math.floor(nodes.length / 2);
      return [nodes.slice(0, mid), nodes.slice(mid)];
    }
    case 'random-halves': {
      const s = pick.shuffle(nodes);
      const mid = Math.floor(s.length / 2);
      return [s.slice(0, mid).sort(byId), s.slice(mid).sort(byId)];
    }
    case 'isolate': {
      const lone = node ?? pick.pick(nodes);
      return [[lone], nodes.filter((n) => n !== lone)];
    }
    default: {
      const never: never = shape;
      throw new Error(`unknown partition shape ${String(never)}`);
    }
  }
}

/** Every directed link between different sides. */
export function linksBetween(sides: readonly (readonly string[])[]): Link[] {
  const links: Link[] = [];
  sides.forEach((a, i) => sides.forEach((b, j) => {
    if (i === j) return;
    for (const from of a) for (const to of b) links.push([from, to]);
  }));
  return links;
}

function byId(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b);
}

export const partition: FaultKind = {
  kind: 'partition',
  resolve(entry, nodes, rng) {
    const shape = (entry.shape ?? 'halves') as PartitionShape;
    const sides = sidesFor(shape, nodes, rng, entry.node as string | undefined);
    return { shape, sides };
  },
  targets: (params) => (params.sides as string[][]).flat(),
  async apply(rt, fault) {
    const links = linksBetween(fault.params.sides as string[][]);
    await rt.blockLinks(fault.id, links);
    return { links };
  },
  async heal(rt, fault) {
    await rt.unblockLinks(fault.id);
    return { links: linksBetween(fault.params.sides as string[][]) };
  },
};

// Partitions: directed links dropped entirely (iptables DROP in each receiver's
// namespace). The cut set is computed once at resolve time, from `sides` (cut
// both ways) or a `grudge`, and recorded as links, so ground truth never guesses.

import type { Link } from '../src/history/types.js';
import type { Rng } from '../src/seed.js';
import type { FaultKind } from './types.js';
import { FaultParamError, field } from './params.js';
import { endpoints, known, linksBetween, present } from './select.js';
import { bridge, explicitGrudge, grudgeLinks, majoritiesRing, oneWay, sidesFor, type Grudge, type PartitionShape } from './partition-shapes.js';

export { linksBetween } from './select.js';
export { sidesFor, grudgeLinks, type PartitionShape, type Grudge } from './partition-shapes.js';

/** The smallest cluster each shape can cut. */
const MIN_NODES: Readonly<Record<PartitionShape, number>> = {
  halves: 2, 'random-halves': 2, isolate: 2, 'majorities-ring': 3, bridge: 3, grudge: 2, 'one-way': 2,
};

function resolveShape(shape: PartitionShape, entry: Record<string, unknown>, nodes: readonly string[], rng: Rng, gone?: ReadonlySet<string>): Record<string, unknown> {
  const named = field<string>(entry, 'node');
  // The lone (isolate) or bridge node: as named, or a random one still there. Sides span the whole cluster.
  const takesNode = shape === 'isolate' || shape === 'bridge';
  const node = named !== undefined && named !== 'random' ? known(named, nodes, 'node') : takesNode ? rng.pick(present(nodes, gone)) : undefined;
  switch (shape) {
    case 'halves':
    case 'random-halves':
    case 'isolate':
      return { shape, sides: sidesFor(shape, nodes, rng, node) };
    case 'majorities-ring':
      return { shape, grudge: majoritiesRing(nodes, rng) };
    case 'bridge':
      return { shape, ...bridge(nodes, rng, node) };
    case 'grudge':
      return { shape, grudge: explicitGrudge(field<Grudge>(entry, 'grudge') ?? {}, nodes) };
    case 'one-way':
      return { shape, grudge: oneWay(field<string[]>(entry, 'from') ?? [], field<string[]>(entry, 'to') ?? [], nodes) };
    default: {
      const never: never = shape;
      throw new Error(`unknown partition shape ${String(never)}`);
    }
  }
}

/** The directed links a resolved partition cuts: [from, to] means packets from `from` are dropped at `to`. */
export function cutLinks(params: Record<string, unknown>): Link[] {
  if (params.grudge !== undefined) return grudgeLinks(params.grudge as Grudge);
  return linksBetween(params.sides as string[][]);
}

export const partition: FaultKind = {
  kind: 'partition',
  resolve(entry, nodes, rng, gone) {
    const shape = field<PartitionShape>(entry, 'shape') ?? 'halves';
    if (nodes.length < MIN_NODES[shape]) {
      throw new FaultParamError('', `a cluster of at least ${MIN_NODES[shape]} nodes for a ${shape} partition`, nodes.length, `${nodes.length} node(s)`);
    }
    return resolveShape(shape, entry, nodes, rng, gone);
  },
  targets: (params) => endpoints(cutLinks(params)),
  links: cutLinks,
  async apply({ rt }, fault) {
    await rt.degradeLinks(fault.id, cutLinks(fault.params), { drop: true });
  },
  async heal({ rt }, fault) {
    await rt.clearLinks(fault.id);
  },
};

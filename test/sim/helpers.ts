// Small simulated clusters for the simulator's tests: src/sim/warm.ts with every
// observation kept in memory, and the views of the running nodes.

import type { Observation, ProtocolParams } from '../../nodes/core/index.js';
import type { SimCluster } from '../../src/sim/cluster.js';
import type { NetworkParams } from '../../src/sim/network.js';
import { warmCluster as warm } from '../../src/sim/warm.js';

export interface Seen { t: number; node: string; o: Observation }

export function warmCluster(n: number, seed: number, opts: { params?: Partial<ProtocolParams>; network?: Partial<NetworkParams>; compact?: boolean } = {}) {
  const log: Seen[] = [];
  const w = warm({
    nodes: n, seed, members: opts.compact ? 'compact' : 'exact', onObservation: (node, o, t) => { log.push({ t, node: node.id, o }); },
    ...(opts.params ? { params: opts.params } : {}), ...(opts.network ? { network: opts.network } : {}),
  });
  return { ...w, log };
}

/** The state every running node holds for every other member. */
export function views(cluster: SimCluster): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const n of cluster.nodes) if (n.core && n.state === 'up') out.set(n.id, new Map(n.core.view().members.map((m) => [m.id, m.state])));
  return out;
}

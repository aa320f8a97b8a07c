// Small simulated clusters for the simulator's tests: n warm-started nodes (every
// node already knows every member alive) on the engine and the sim runtime, with
// every observation kept in memory.

import { resolveParams, type Observation, type ProtocolParams } from '../../nodes/core/index.js';
import { deriveSeed } from '../../src/seed.js';
import { SimCluster } from '../../src/sim/cluster.js';
import { SimRuntime } from '../../src/sim/runtime.js';
import { MemberRegistry } from '../../src/sim/compact-members.js';
import type { NetworkParams } from '../../src/sim/network.js';
import type { NodeSpec } from '../../src/runtime/types.js';

export interface Seen { t: number; node: string; o: Observation }

export function warmCluster(n: number, seed: number, opts: { params?: Partial<ProtocolParams>; network?: Partial<NetworkParams>; compact?: boolean } = {}) {
  const params = resolveParams('lan', opts.params ?? {});
  const log: Seen[] = [];
  const cluster = new SimCluster({ seed: deriveSeed(seed, 'sim:network'), params, network: opts.network ?? {} });
  cluster.onObservation = (node, o, t) => { log.push({ t, node: node.id, o }); };
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const specs: NodeSpec[] = ids.map((id) => ({
    id, seeds: ids.slice(0, 3).filter((x) => x !== id), config: { ...params, preset: 'lan' }, rngSeed: deriveSeed(seed, `node:${id}`),
  }));
  const registry = new MemberRegistry();
  for (const s of specs) registry.register(s.id, cluster.slot(s.id, s.rngSeed).addr);
  const everyone = specs.map((s) => ({ id: s.id, addr: cluster.node(s.id).addr }));
  const rt = new SimRuntime(`test-${seed}`, cluster, () => (opts.compact
    ? { kind: 'warm-compact', registry, baseCount: n }
    : { kind: 'warm-exact', members: everyone }));
  for (const s of specs) rt.startNode(s, opts.compact ? { kind: 'warm-compact', registry, baseCount: n } : { kind: 'warm-exact', members: everyone });
  return { cluster, rt, ids, log, params };
}

/** The state every running node holds for every other member. */
export function views(cluster: SimCluster): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const n of cluster.nodes) if (n.core && n.state === 'up') out.set(n.id, new Map(n.core.view().members.map((m) => [m.id, m.state])));
  return out;
}

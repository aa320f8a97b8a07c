// A warm-started simulated cluster for experiments and tests: N nodes that all
// know each other alive at t=0, on the engine and the sim runtime, without the
// run pipeline or a history. Exact member lists up to EXACT_MAX nodes by default,
// the compact store beyond. Seeds derive from one seed, as in a run.

import { resolveParams, type Observation, type ProtocolParams } from '../../nodes/core/index.js';
import type { NodeSpec } from '../runtime/types.js';
import { deriveSeed } from '../seed.js';
import { SimCluster } from './cluster.js';
import { MemberRegistry } from './compact-members.js';
import type { NetworkParams } from './network.js';
import type { SimNode, StartMode } from './node-slot.js';
import { EXACT_MAX } from './plan.js';
import { SimRuntime } from './runtime.js';

export interface WarmOptions {
  nodes: number;
  seed: number;
  params?: Partial<ProtocolParams>;
  network?: Partial<NetworkParams>;
  members?: 'exact' | 'compact';
  onObservation?: (node: SimNode, o: Observation, t: number) => void;
}

export interface WarmCluster {
  cluster: SimCluster;
  rt: SimRuntime;
  ids: string[];
  params: Readonly<ProtocolParams>;
}

export function warmCluster(o: WarmOptions): WarmCluster {
  const params = resolveParams('lan', o.params ?? {});
  const cluster = new SimCluster({ seed: deriveSeed(o.seed, 'sim:network'), params, network: o.network ?? {}, ...(o.onObservation ? { onObservation: o.onObservation } : {}) });
  const ids = Array.from({ length: o.nodes }, (_, i) => `n${i + 1}`);
  const specs: NodeSpec[] = ids.map((id) => ({
    id, seeds: ids.slice(0, 3).filter((x) => x !== id), config: { ...params, preset: 'lan' }, rngSeed: deriveSeed(o.seed, `node:${id}`),
  }));
  const registry = new MemberRegistry();
  for (const s of specs) registry.register(s.id, cluster.slot(s.id, s.rngSeed).addr);
  const compact = (o.members ?? (o.nodes > EXACT_MAX ? 'compact' : 'exact')) === 'compact';
  const everyone = specs.map((s) => ({ id: s.id, addr: cluster.node(s.id).addr }));
  const mode: StartMode = compact ? { kind: 'warm-compact', registry, baseCount: o.nodes } : { kind: 'warm-exact', members: everyone };
  const rt = new SimRuntime(`warm-${o.seed}`, cluster, () => mode);
  for (const s of specs) rt.startNode(s, mode);
  return { cluster, rt, ids, params };
}

/** Run the cluster until `done()` holds (checked every `step` ms) or `limit` ms pass; true when it held. */
export function runUntilDone(cluster: SimCluster, done: () => boolean, limit: number, step = 50): boolean {
  const end = cluster.now + limit;
  while (!done()) {
    if (cluster.now >= end) return false;
    cluster.runUntil(Math.min(end, cluster.now + step));
  }
  return true;
}

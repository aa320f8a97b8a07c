// How a simulated run is set up, decided once from the scenario and options and
// recorded in the run event: exact member lists with a cold join (as in docker)
// up to EXACT_MAX nodes (a cold join costs O(N²) records and broadcasts), beyond
// that a warm start on the compact member store;
// every node observed up to FULL_HISTORY_MAX nodes, beyond that a seeded sample
// that always holds the update origin and the targets of node faults.

import { FAULTS } from '../../faults/index.js';
import { byId } from '../../faults/select.js';
import type { ResolvedScenario } from '../config/types.js';
import { createRng, deriveSeed } from '../seed.js';
import type { NetworkParams } from './network.js';
import type { SimCluster } from './cluster.js';

export const EXACT_MAX = 500;
export const FULL_HISTORY_MAX = 200;
export const DEFAULT_OBSERVERS = 100;

export interface SampleOptions {
  /** Nodes whose lines go into the history: a count, or 'all' (default: all up to 200 nodes, else 100). */
  observers?: number | 'all';
  /** Periodic `stats` lines (default true). */
  stats?: boolean;
  /** Periodic `detector` lines (default true). */
  detector?: boolean;
}

export interface SimRunOptions {
  storeRoot?: string;
  sample?: SampleOptions;
  network?: Partial<NetworkParams>;
  /** 'exact': the core's own member list; 'compact': the shared-base store (needs a warm start). */
  members?: 'exact' | 'compact';
  /** 'join': nodes join through seeds over the first second; 'warm': the cluster is formed at t=0. */
  start?: 'join' | 'warm';
  /** Progress messages (phases, the replay command of a failing run). */
  log?: (msg: string) => void;
  /** Say the replay command through `log` when the verdict is not valid (default true; the CLI says it last). */
  replayHint?: boolean;
  /** Run the checkers and write the report (default true). */
  analyze?: boolean;
  /** Called once with the engine before the first node starts (tests tap deliveries here). */
  instrument?: (cluster: SimCluster) => void;
  /** Called every `everyMs` of virtual time with the virtual time (benches sample memory here). */
  monitor?: { everyMs: number; fn: (now: number) => void };
}

export interface SimPlan {
  members: 'exact' | 'compact';
  start: 'join' | 'warm';
  /** Observed nodes; undefined when every node is. */
  sample: Set<string> | undefined;
  stats: boolean;
  detector: boolean;
  updateOrigin: string;
}

/** Node faults whose targets are always observed (link faults are projected instead). */
const NODE_KINDS = new Set(['pause', 'slow', 'crash', 'leave', 'cpu', 'clock', 'restart', 'delay', 'duplicate', 'reorder', 'bandwidth']);

export function planSim(s: ResolvedScenario, ids: readonly string[], o: SimRunOptions): SimPlan {
  const n = ids.length;
  const members = o.members ?? (n > EXACT_MAX ? 'compact' : 'exact');
  const start = o.start ?? (members === 'compact' ? 'warm' : 'join');
  if (members === 'compact' && start !== 'warm') throw new Error('the compact member store needs a warm start (start: "warm")');
  const updateOrigin = createRng(deriveSeed(s.seed, 'update:warmup')).pick([...ids].sort());
  const want = o.sample?.observers ?? (n <= FULL_HISTORY_MAX ? 'all' : DEFAULT_OBSERVERS);
  const plan = { members, start, stats: o.sample?.stats ?? true, detector: o.sample?.detector ?? true, updateOrigin };
  if (want === 'all' || want >= n) return { ...plan, sample: undefined };
  if (!Number.isInteger(want) || want < 1) throw new RangeError(`sample.observers: expected a positive integer or 'all', got ${String(want)}`);
  const rng = createRng(deriveSeed(s.seed, 'sim:sample'));
  const forced = rng.shuffle([...forcedNodes(s, n)].sort(byId)).slice(0, Math.max(0, want - 1));
  const chosen = new Set([updateOrigin, ...forced]);
  for (const id of rng.shuffle(ids)) {
    if (chosen.size >= want) break;
    chosen.add(id);
  }
  return { ...plan, sample: chosen };
}

function forcedNodes(s: ResolvedScenario, n: number): Set<string> {
  const out = new Set<string>();
  for (const f of s.schedule) {
    if (NODE_KINDS.has(f.kind)) for (const id of FAULTS[f.kind].targets(f.params)) out.add(id);
    if (f.kind !== 'loss') continue;
    const links = (f.params.links ?? []) as [string, string][];
    const degree = new Map<string, number>();
    for (const [a, b] of links) for (const x of [a, b]) degree.set(x, (degree.get(x) ?? 0) + 1);
    for (const [id, d] of degree) if (links.length <= 64 || d >= n - 1) out.add(id);
  }
  return out;
}

/** The choices as recorded in the run event's `host.sim`. */
export function describePlan(p: SimPlan, n: number, network: Readonly<NetworkParams>): Record<string, unknown> {
  return {
    members: p.members,
    start: p.start,
    network,
    sampling: p.sample
      ? { observed: p.sample.size, of: n, rule: 'the history is the run projected onto a seeded sample of nodes (always the update origin and the targets of node faults); lines about unobserved members and links to them are left out' }
      : { observed: n, of: n, rule: 'every node' },
    periodic: { stats: p.stats, detector: p.detector },
  };
}

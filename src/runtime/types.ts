// What a runtime offers the pipeline and the faults: start a cluster, stream its
// nodes' lines, act on nodes and links, snapshot views, and tear everything down.
// Faults are written against these verbs, so the same fault runs on docker and sim.

import type { Link, ViewMember } from '../history/types.js';

export interface NodeSpec {
  id: string;
  /** JSON-able protocol configuration passed as GOSSIP_CONFIG. */
  config: Record<string, unknown>;
  /** Seed ids this node joins through. */
  seeds: string[];
  rngSeed: number;
}

export interface NodeAddress { id: string; ip: string; gossip: string; admin: string }

export interface ViewSnapshot { self: string; members: ViewMember[] }

/** Called with each complete stdout line of a node, in arrival order. */
export type LineSink = (node: string, line: string, stream: 'stdout' | 'stderr') => void;

export interface Runtime {
  readonly name: 'docker' | 'sim';
  readonly runId: string;
  start(specs: NodeSpec[], sink: LineSink, signal: AbortSignal): Promise<NodeAddress[]>;
  addresses(): NodeAddress[];
  /** kill -9 the node's process. */
  kill(node: string): Promise<void>;
  /** Start a killed node again, with the same identity and address. */
  restart(node: string): Promise<void>;
  /** Drop every packet on these directed links until unblocked. */
  blockLinks(faultId: string, links: Link[]): Promise<void>;
  unblockLinks(faultId: string): Promise<void>;
  view(node: string): Promise<ViewSnapshot>;
  /** Remove everything the run created. Safe to call on a half-started runtime, and twice. */
  teardown(): Promise<TeardownReport>;
}

export interface TeardownReport {
  containers: number;
  networks: number;
  rules: number;
  /** Anything still present afterwards that carries the run's label. */
  leftovers: string[];
}

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

/** How a directed link is degraded: dropped entirely, or each packet dropped with probability `loss`. */
export type LinkEffect = { drop: true } | { loss: number };

/** netem settings (only where the kernel has netem; see Runtime.capabilities). Times in ms. */
export interface NetemSpec { delay?: number; jitter?: number; loss?: number; duplicate?: number; reorder?: number; correlation?: number }

/**
 * A node's clock as libfaketime presents it: wall clock offset from true time (ms)
 * and rate (1 = true speed). Without `offset`, the clock stays continuous: only
 * its rate changes (a drift starting or ending never steps the clock).
 */
export interface ClockSetting { offset?: number; rate: number }

export interface RuntimeCapabilities {
  netem: boolean; tbf: boolean; clock: boolean; cpu: boolean;
  /** A graceful leave (POST /leave); false only when the implementation under test has none. */
  leave: boolean;
  /** Reading datagrams late while timers run on time (the slow fault's `lag`); only the simulator has it. */
  lag?: boolean;
  /** Why a capability is missing, when the host is not the reason (the implementation under test is). */
  reasons?: Partial<Record<'netem' | 'tbf' | 'clock' | 'cpu' | 'leave' | 'lag', string>>;
}

export interface Runtime {
  readonly name: 'docker' | 'sim';
  readonly runId: string;
  readonly capabilities: RuntimeCapabilities;
  /**
   * Start the cluster; `onStart` is called for each node just before its process starts, so its event precedes its lines.
   * `onExit` is called when a node's process ends on its own (never for a kill, leave or teardown the lab caused), with its exit status.
   */
  start(specs: NodeSpec[], sink: LineSink, signal: AbortSignal, onStart?: (node: NodeAddress) => void, onExit?: (node: string, status: number) => void): Promise<NodeAddress[]>;
  addresses(): NodeAddress[];
  /** Start one more node (churn): it joins through its seeds. */
  addNode(spec: NodeSpec): Promise<NodeAddress>;
  /** kill -9 the node's process. */
  kill(node: string): Promise<void>;
  /** Start a killed or stopped node again, with the same identity and address. */
  restart(node: string): Promise<void>;
  /** Ask the node to leave gracefully (POST /leave), then stop its process. */
  leave(node: string): Promise<void>;
  /** SIGSTOP / SIGCONT the node's process. */
  pause(node: string): Promise<void>;
  resume(node: string): Promise<void>;
  /** Limit the node to this many CPUs (e.g. 0.05); null lifts the limit. */
  setCpu(node: string, cpus: number | null): Promise<void>;
  /** Set the node's clock; takes effect while the node runs, without a jump in its timers' pace. */
  setClock(node: string, clock: ClockSetting): Promise<void>;
  /** Degrade these directed links until cleared. Rules carry the fault id. */
  degradeLinks(faultId: string, links: Link[], effect: LinkEffect): Promise<void>;
  clearLinks(faultId: string): Promise<void>;
  /** Shape a node's outgoing traffic: a bandwidth limit (tbf) or netem. */
  shape(faultId: string, node: string, spec: { rateKbit: number } | { netem: NetemSpec }): Promise<void>;
  clearShape(faultId: string): Promise<void>;
  view(node: string): Promise<ViewSnapshot>;
  /** Start a metadata update at a node (POST /update); returns the version the node gave it. */
  update(node: string, key: string, value: string): Promise<number>;
  /** Remove everything the run created. Safe to call on a half-started runtime, and twice. */
  teardown(): Promise<TeardownReport>;
}

export interface TeardownReport {
  containers: number;
  networks: number;
  rules: number;
  /** Anything still present afterwards that carries the run's label. */
  leftovers: string[];
  /** What the host did to the run that no fault asked for (recorded as warnings). */
  warnings?: string[];
  /** What the run changed on the host for its own sake and put back (recorded as info notes). */
  notes?: string[];
}

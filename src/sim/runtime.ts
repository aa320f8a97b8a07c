// The Runtime interface (src/runtime/types.ts) in virtual time, so the same fault
// modules and the same resolved schedule drive the simulator as drive docker.
// Verbs act at the current virtual time; the only one that waits is `leave`
// (the docker runtime gives a leave 1 s to be gossiped before the process stops).

import { parseConfig } from '../../nodes/core/config.js';
import type { ProtocolParams } from '../../nodes/core/params.js';
import type { Link } from '../history/types.js';
import type {
  ClockSetting, LineSink, LinkEffect, NetemSpec, NodeAddress, NodeSpec, Runtime, RuntimeCapabilities, TeardownReport, ViewSnapshot,
} from '../runtime/types.js';
import { LabError } from '../errors.js';
import { CpuGate } from './clock.js';
import type { SimCluster } from './cluster.js';
import { simIp, type SimNode, type StartMode } from './node-slot.js';

/** The docker runtime's pause between POST /leave and stopping the process. */
export const LEAVE_GRACE_MS = 1000;

export class SimRuntime implements Runtime {
  readonly name = 'sim' as const;
  readonly capabilities: RuntimeCapabilities = { netem: true, tbf: true, clock: true, cpu: true, leave: true, lag: true };
  private readonly specs = new Map<string, NodeSpec>();
  /** Parsed configs by their JSON text: nodes with the same config share one frozen params object. */
  private readonly parsed = new Map<string, Readonly<ProtocolParams>>();

  /** `firstStart` decides how a node's first process learns the cluster (warm or cold); restarts are always cold. */
  constructor(readonly runId: string, readonly cluster: SimCluster, private readonly firstStart: (spec: NodeSpec) => StartMode) {}

  async start(specs: NodeSpec[], sink: LineSink, _signal: AbortSignal, onStart?: (node: NodeAddress) => void): Promise<NodeAddress[]> {
    this.cluster.onObservation ??= (n, o, t) => sink(n.id, JSON.stringify({ ...o, ts: Math.round(n.clock.wall(t)) }), 'stdout');
    await this.startAll(specs, 0, onStart);
    return this.addresses();
  }

  /** Start every node's first process, `gapMs` of virtual time apart (0: all at once). */
  async startAll(specs: NodeSpec[], gapMs: number, onStart?: (node: NodeAddress) => void): Promise<void> {
    for (const spec of specs) this.cluster.slot(spec.id, spec.rngSeed);
    for (const [i, spec] of specs.entries()) {
      if (i > 0 && gapMs > 0) await this.cluster.sleep(gapMs);
      this.startNode(spec, this.firstStart(spec), onStart);
    }
  }

  /** Start one node's first process; `onStart` runs just before, so its event precedes its lines. */
  startNode(spec: NodeSpec, mode: StartMode, onStart?: (node: NodeAddress) => void): NodeAddress {
    this.specs.set(spec.id, spec);
    const n = this.cluster.slot(spec.id, spec.rngSeed);
    onStart?.(address(n));
    this.cluster.boot(n, mode, this.params(spec));
    return address(n);
  }

  addresses(): NodeAddress[] {
    return this.cluster.nodes.map(address);
  }

  async addNode(spec: NodeSpec): Promise<NodeAddress> {
    return this.startNode(spec, this.cold(spec));
  }

  async kill(node: string): Promise<void> {
    this.cluster.node(node).halt('crashed');
  }

  async restart(node: string): Promise<void> {
    const n = this.cluster.node(node);
    if (n.running) return;
    const spec = this.spec(node);
    this.cluster.boot(n, this.cold(spec), this.params(spec));
  }

  async leave(node: string): Promise<void> {
    const n = this.cluster.node(node);
    this.cluster.act(n, (core, now) => core.leave(now));
    await this.cluster.sleep(LEAVE_GRACE_MS);
    if (n.running) n.halt('left');
  }

  async pause(node: string): Promise<void> {
    const n = this.cluster.node(node);
    if (n.state === 'up') n.state = 'paused';
  }

  async resume(node: string): Promise<void> {
    this.cluster.resume(this.cluster.node(node));
  }

  /** The slow fault's `lag`: the node reads each datagram after an exponential delay of this mean (ms), in order; 0 ends it. */
  setLag(node: string, meanMs: number): void {
    this.cluster.node(node).backlogMean = meanMs;
  }

  async setCpu(node: string, cpus: number | null): Promise<void> {
    const n = this.cluster.node(node);
    n.cpu = cpus === null ? undefined : new CpuGate(cpus);
    this.cluster.reschedule(n);
  }

  async setClock(node: string, clock: ClockSetting): Promise<void> {
    const n = this.cluster.node(node);
    n.clock.set(this.cluster.now, clock);
    this.cluster.reschedule(n);
  }

  async degradeLinks(faultId: string, links: Link[], effect: LinkEffect): Promise<void> {
    const ix = (id: string): number => this.cluster.node(id).idx;
    this.cluster.links.degrade(faultId, links.map(([a, b]) => [ix(a), ix(b)] as const), effect);
  }

  /** A side partition without listing N²/2 links (same effect as degradeLinks with every cross-side link). */
  async cutSides(faultId: string, sides: string[][]): Promise<void> {
    const ix = (id: string): number => this.cluster.node(id).idx;
    this.cluster.links.cutSides(faultId, sides.map((s) => s.map(ix)), this.cluster.nodes.length);
  }

  async clearLinks(faultId: string): Promise<void> {
    this.cluster.links.clear(faultId);
  }

  async shape(faultId: string, node: string, spec: { rateKbit: number } | { netem: NetemSpec }): Promise<void> {
    const n = this.cluster.node(node);
    const holder = n.egress.shapedBy;
    if (holder && holder !== faultId) {
      throw new LabError('GOSSIPLAB_FAULT', `${faultId}: ${node} is already shaped by ${holder}; shaping faults on one node cannot overlap`);
    }
    n.egress.shape(faultId, spec, this.cluster.now);
  }

  async clearShape(faultId: string): Promise<void> {
    for (const n of this.cluster.nodes) if (n.egress.shapedBy === faultId) n.egress.clear();
  }

  async view(node: string): Promise<ViewSnapshot> {
    return this.cluster.act(this.cluster.node(node), (core) => core.view());
  }

  async update(node: string, key: string, value: string): Promise<number> {
    return this.cluster.act(this.cluster.node(node), (core, now) => core.setMeta(key, value, now));
  }

  async teardown(): Promise<TeardownReport> {
    const rules = this.cluster.links.faults();
    for (const f of rules) this.cluster.links.clear(f);
    let containers = 0;
    for (const n of this.cluster.nodes) {
      n.egress.clear();
      n.cpu = undefined;
      if (n.running) { n.halt('left'); containers++; }
    }
    return { containers, networks: 0, rules: rules.length, leftovers: [] };
  }

  private params(spec: NodeSpec): Readonly<ProtocolParams> {
    const key = JSON.stringify(spec.config);
    let p = this.parsed.get(key);
    if (!p) this.parsed.set(key, p = Object.freeze({ ...parseConfig(spec.config, `${spec.id} config`).params }));
    return p;
  }

  private spec(node: string): NodeSpec {
    const s = this.specs.get(node);
    if (!s) throw new Error(`the simulation never started ${node}`);
    return s;
  }

  private cold(spec: NodeSpec): StartMode {
    const seeds = spec.seeds.filter((id) => id !== spec.id).map((id) => ({ id, addr: this.cluster.node(id).addr }));
    return { kind: 'cold', seeds };
  }
}

function address(n: SimNode): NodeAddress {
  const ip = simIp(n.idx);
  return { id: n.id, ip, gossip: n.addr, admin: `${ip}:7947` };
}

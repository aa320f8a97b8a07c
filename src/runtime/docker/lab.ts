// The docker runtime: a bridge of the run's own (network.ts), one container per
// node from the offline node image, wired into it by the lab on every (re)start, stdout streamed line by line, and every fault verb acting
// from the host on this run's own containers only. Resources are registered
// before use (containers, rules, qdiscs, clock files), so teardown copes with a
// half-finished start, an error, or an interruption.

import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import { docker } from './engine.js';
import { labPid } from './netns.js';
import { LinkRules } from './links.js';
import { Shaping, type ShapeSpec } from './shaping.js';
import { Clocks } from './clock.js';
import { Processes } from './processes.js';
import { FrameLines, type OutputStream } from './output.js';
import { LinePipes } from './line-pipes.js';
import { createLabNetwork, hostsOf, labBridges, removeLabNetwork, wireContainer, type LabNetwork } from './network.js';
import { mapLimit } from '../../map-limit.js';
import { removeContainers } from './removal.js';
import { StartBarrier } from './start-barrier.js';
import { CpuWeight, MAX_WEIGHT } from './cpu-weight.js';
import { overflowNote, tableFulls } from './neighbours.js';
import { NeighbourLimits, entriesFor } from './neighbour-limits.js';
import { LABEL, LABEL_NODE, LABEL_RUN, containerName } from '../../labels.js';
import { LabError } from '../../errors.js';
import type { Link } from '../../history/types.js';
import type {
  ClockSetting, LineSink, LinkEffect, NodeAddress, NodeSpec, Runtime, RuntimeCapabilities, TeardownReport, ViewSnapshot,
} from '../types.js';

const GOSSIP_PORT = 7946;
const ADMIN_PORT = 7947;
/**
 * Containers created and started at once. Starting is CPU-bound on a 2-core host:
 * about 0.6 CPU-s per container with Docker 20.10 on a user-defined network
 * (README, "Scale and speed"), about 0.3 less with the engine's networking off.
 * 16 at once started 50 nodes in 19.7 s against 23.0 s with 8 and 36.2 s with 4
 * (load average 20-30); later, 18.8 s with 16, 21.3 s with 8, 26.7 s with 32 (load 5-34).
 */
export const START_CONCURRENCY = 16;

export interface DockerLabOptions {
  image: string;
  /** The container's command (the implementation's entry point); the image's own when absent. */
  entrypoint?: string[];
  capabilities: RuntimeCapabilities;
  /** Nodes whose clock is faked (libfaketime), and of those, the ones whose timers follow the fake rate. */
  fakedClocks?: { nodes: string[]; monotonic: string[] };
  /** Memory limit per container, bytes. */
  memory?: number;
  /** Containers created or started at the same time (default START_CONCURRENCY). */
  concurrency?: number;
  /** Hold each node of the first start until the last has started (start-barrier.ts); default true. */
  holdStart?: boolean;
  /** Offer each node a line pipe past the engine (line-pipes.ts); default true. */
  linePipes?: boolean;
  /** Where to tell how long start-up and teardown took, step by step. */
  log?: (m: string) => void;
}

export class DockerLab implements Runtime {
  readonly name = 'docker' as const;
  readonly capabilities: RuntimeCapabilities;
  private readonly containers = new Map<string, Docker.Container>();
  private readonly addrs = new Map<string, NodeAddress>();
  private readonly processes: Processes;
  private readonly links: LinkRules;
  private readonly shaping: Shaping;
  private readonly clocks: Clocks;
  private readonly pipes: LinePipes | undefined;
  private hosts: string[] = [];
  private net: LabNetwork | undefined;
  /** How many times each node's container was started: names the host side of its veth. */
  private readonly starts = new Map<string, number>();
  private sink: LineSink = () => {};
  private onExit: (node: string, status: number) => void = () => {};
  /** Nodes whose process the lab itself stopped (kill, leave), until started again; all of them once teardown begins. */
  private readonly stoppedByLab = new Set<string>();
  private tearingDown = false;
  /** The run's own CPU cgroup, where the host has one to give. */
  private weight: CpuWeight | undefined;
  private shares = 0;
  /** While the first start runs: the nodes held after their ready line. */
  private barrier: StartBarrier | undefined;
  /** The host's neighbour-table overflow count when the run started. */
  private fullsAtStart: number | undefined;
  private readonly neighbours = new NeighbourLimits();
  /** What the run changed on the host, for the run's notes. */
  private readonly notes: string[] = [];
  private readonly warnings: string[] = [];

  constructor(readonly runId: string, private readonly opts: DockerLabOptions) {
    this.capabilities = opts.capabilities;
    const pidIfRunning = (node: string): Promise<number | undefined> => this.pidIfRunning(node);
    this.links = new LinkRules(runId, { ipOf: (n) => this.addr(n).ip, pidIfRunning });
    this.shaping = new Shaping(pidIfRunning);
    this.clocks = new Clocks(runId);
    if (opts.linePipes !== false) this.pipes = new LinePipes(this.clocks.root, (node, line) => this.line(node, line, 'stdout'));
    this.processes = new Processes((n) => this.pid(n), pidIfRunning, (n) => this.container(n));
  }

  addresses(): NodeAddress[] {
    return [...this.addrs.values()];
  }

  async start(
    specs: NodeSpec[], sink: LineSink, signal: AbortSignal, onStart?: (node: NodeAddress) => void, onExit?: (node: string, status: number) => void,
  ): Promise<NodeAddress[]> {
    this.sink = sink;
    if (onExit) this.onExit = onExit;
    const tPrep = performance.now();
    this.fullsAtStart = tableFulls();
    this.makeRoom(specs.length);
    await this.weigh(specs.length);
    this.net = createLabNetwork(this.runId);
    this.hosts = hostsOf(this.net.subnet, Math.max(specs.length, 1000));
    for (const s of specs) this.allocate(s.id);
    this.pipes?.open(specs.map((s) => s.id));
    const limit = this.opts.concurrency ?? START_CONCURRENCY;
    const t0 = performance.now();
    this.opts.log?.(`lab network and host set-up took ${Math.round(t0 - tPrep)} ms`);
    // Each node is started as soon as its container exists: starting, not creating, is where the time goes
    // (50 nodes on a busy 2-core host: 0.7 s to create them all, 23 s to start them), so no start waits for the last create.
    // Each node that says `ready` is held until the last container has started (start-barrier.ts).
    if (specs.length > 1 && this.opts.holdStart !== false) this.barrier = new StartBarrier();
    try {
      await mapLimit(specs, limit, async (spec) => {
        signal.throwIfAborted();
        await this.createNode(spec);
        signal.throwIfAborted();
        onStart?.(this.addr(spec.id));
        await this.startNode(spec.id);
      });
    } catch (e) {
      this.barrier?.releaseAll();
      throw e;
    } finally {
      this.opts.log?.(`created and started ${specs.length} containers in ${Math.round(performance.now() - t0)} ms (${limit} at a time)`);
    }
    const barrier = this.barrier;
    this.barrier = undefined;
    if (barrier) {
      const r = await barrier.release(new Set(specs.flatMap((s) => s.seeds)));
      this.opts.log?.(`${r.held} nodes were held after their ready line; the ${r.seeds} seeds among them ran alone for ${r.seedsAloneMs} ms`
        + `${r.seedsDrained ? ' to read the joins waiting for them' : ' and still had joins waiting'}, then all ran (${Math.round(performance.now() - t0)} ms after the first create)`);
    }
    return this.addresses();
  }

  private allocate(id: string): NodeAddress {
    const ip = this.hosts[this.addrs.size];
    if (!ip) throw new LabError('GOSSIPLAB_SUBNET', `the lab subnet has no address left for ${id}`);
    const a = { id, ip, gossip: `${ip}:${GOSSIP_PORT}`, admin: `${ip}:${ADMIN_PORT}` };
    this.addrs.set(id, a);
    return a;
  }

  private addr(id: string): NodeAddress {
    const a = this.addrs.get(id);
    if (!a) throw new LabError('GOSSIPLAB_NO_NODE', `no node ${id} in run ${this.runId}`);
    return a;
  }

  /** Raise the host's neighbour-table thresholds for this many nodes; where the lab may not, say which sysctl the user must set. */
  private makeRoom(nodes: number): void {
    try {
      const note = this.neighbours.raise(this.runId, nodes);
      if (note) this.notes.push(note);
    } catch (e) {
      if (this.warnings.some((w) => w.startsWith('could not raise'))) return;
      let want: readonly number[] = [128, 512, 1024];
      try { want = this.neighbours.readKernel(); } catch { /* the kernel's defaults, then */ }
      want = want.map((v) => v + entriesFor(nodes));
      this.warnings.push(`could not raise the host's neighbour-table thresholds for ${nodes} nodes (${(e as Error).message}); `
        + `if the table overflows, set them yourself: sysctl -w net.ipv4.neigh.default.gc_thresh1=${want[0]} `
        + `net.ipv4.neigh.default.gc_thresh2=${want[1]} net.ipv4.neigh.default.gc_thresh3=${want[2]}`);
    }
  }

  /** Put the run's containers in a cgroup weighted as `nodes` processes, where the host allows (cpu-weight.ts). */
  private async weigh(nodes: number): Promise<void> {
    try {
      if (!this.weight) {
        if (!CpuWeight.applies((await docker().info() as { CgroupDriver?: string }).CgroupDriver)) return;
        this.weight = new CpuWeight(this.runId);
      }
      this.shares = this.weight.weigh(nodes);
    } catch (e) {
      this.weight = undefined;
      this.warnings.push(`could not give the run's containers a cgroup of their own (${(e as Error).message}): they share the engine's CPU weight`);
    }
  }

  async addNode(spec: NodeSpec): Promise<NodeAddress> {
    this.makeRoom(this.addrs.size + 1);
    await this.weigh(this.addrs.size + 1);
    const a = this.allocate(spec.id);
    this.pipes?.open([spec.id]);
    await this.createNode(spec);
    await this.startNode(spec.id);
    return a;
  }

  private async createNode(spec: NodeSpec): Promise<void> {
    const addr = this.addr(spec.id);
    const seeds = spec.seeds.map((s) => `${s}@${this.addr(s).gossip}`).join(',');
    const env: Record<string, string> = {
      GOSSIP_NODE_ID: spec.id,
      GOSSIP_BIND: addr.gossip,
      GOSSIP_ADMIN: addr.admin,
      GOSSIP_SEEDS: seeds,
      GOSSIP_CONFIG: JSON.stringify(spec.config),
      GOSSIP_RNG_SEED: String(spec.rngSeed),
    };
    const binds: string[] = [];
    if (this.pipes) {
      const p = this.pipes.mount(spec.id);
      Object.assign(env, p.env);
      binds.push(p.bind);
    }
    const fc = this.opts.fakedClocks;
    if (fc?.nodes.includes(spec.id)) {
      const c = this.clocks.prepare(spec.id, fc.monotonic.includes(spec.id));
      Object.assign(env, c.env);
      binds.push(c.bind);
    }
    const container = await docker().createContainer({
      name: containerName(this.runId, spec.id),
      Image: this.opts.image,
      ...(this.opts.entrypoint ? { Entrypoint: this.opts.entrypoint } : {}),
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Labels: { [LABEL]: '1', [LABEL_RUN]: this.runId, [LABEL_NODE]: spec.id },
      StopSignal: 'SIGTERM',
      StopTimeout: 2,
      // No engine networking at all (no endpoint, resolver or prestart hook): runc gives the container an empty namespace, which wire() fills.
      NetworkDisabled: true,
      HostConfig: {
        AutoRemove: false, Memory: this.opts.memory ?? 256 * 2 ** 20, Binds: binds,
        ...(this.weight ? { CgroupParent: this.weight.parent } : {}),
        // The controller keeps every line (history.jsonl, nodes/<id>.log): a second copy in the engine's log files only costs CPU.
        LogConfig: { Type: 'none', Config: {} },
      },
    });
    this.containers.set(spec.id, container);
  }

  /** Attach to the container's output before starting it, so no line is missed. */
  private async startNode(id: string): Promise<void> {
    const c = this.container(id);
    const stream = await c.attach({ stream: true, stdout: true, stderr: true });
    const lines = new FrameLines((line, s) => this.line(id, line, s));
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    stream.on('end', () => lines.end());
    this.stoppedByLab.delete(id);
    await c.start();
    await this.wire(id);
    if (this.clocks.has(id)) this.clocks.processStarted(id, Date.now());
    // A process that ends without the lab stopping it is reported, never silently missing.
    c.wait().then(({ StatusCode }: { StatusCode: number }) => {
      if (!this.tearingDown && !this.stoppedByLab.has(id)) this.onExit(id, StatusCode);
    }, () => {});
  }

  /** A node's line, from its attached output or its line pipe. */
  private line(id: string, line: string, s: OutputStream): void {
    if (this.barrier && s === 'stdout' && !this.clocks.has(id) && isReady(line)) this.barrier.hold(id, this.container(id).id);
    this.sink(id, line, s);
  }

  /**
   * Give the node's new namespace its eth0 and address. The node waits for its bind
   * address to appear (nodes/CONTRACT.md); one that already ended is reported by its exit.
   */
  private async wire(id: string): Promise<void> {
    const pid = await this.pidIfRunning(id);
    if (pid === undefined || !this.net) return;
    const n = this.starts.get(id) ?? 0;
    this.starts.set(id, n + 1);
    try {
      await wireContainer(this.net, pid, `v${this.container(id).id.slice(0, 10)}${n.toString(36)}`, this.addr(id).ip);
    } catch (e) {
      // The process ended meanwhile (the engine may not know yet): its exit is reported, not a wiring error.
      if (!existsSync(`/proc/${pid}`) || await this.pidIfRunning(id) !== pid) return;
      throw new LabError('GOSSIPLAB_NETWORK', `cannot wire ${id} into the lab bridge ${this.net.bridge}: ${(e as Error).message}`);
    }
  }

  private container(id: string): Docker.Container {
    const c = this.containers.get(id);
    if (!c) throw new LabError('GOSSIPLAB_NO_NODE', `no node ${id} in run ${this.runId}`);
    return c;
  }

  /** The pid of the node's process, after checking the container carries this run's label. */
  private async pid(node: string): Promise<number> {
    return labPid(this.container(node).id, this.runId);
  }

  private async pidIfRunning(node: string): Promise<number | undefined> {
    try {
      return await this.pid(node);
    } catch {
      return undefined;
    }
  }

  async kill(node: string): Promise<void> {
    await this.pid(node);
    this.processes.forget(node);
    this.stoppedByLab.add(node);
    await this.container(node).kill({ signal: 'SIGKILL' });
    await this.container(node).wait();
    this.links.forgetNode(node);
  }

  async restart(node: string): Promise<void> {
    await this.startNode(node);
  }

  async leave(node: string): Promise<void> {
    await this.pid(node);
    const res = await fetch(`http://${this.addr(node).admin}/leave`, { method: 'POST', signal: AbortSignal.timeout(3000) }).catch((e: Error) => e);
    if (res instanceof Error || !res.ok) {
      throw new LabError('GOSSIPLAB_LEAVE', `POST /leave on ${node} failed: ${res instanceof Error ? res.message : res.status}`);
    }
    // Give the leave a moment to be gossiped before the process goes (an implementation may end itself after a leave).
    this.stoppedByLab.add(node);
    await new Promise((r) => setTimeout(r, 1000));
    await this.container(node).stop({ t: 2 }).catch(() => {});
    this.links.forgetNode(node);
  }

  pause(node: string): Promise<void> {
    return this.processes.pause(node);
  }

  resume(node: string): Promise<void> {
    return this.processes.resume(node);
  }

  setCpu(node: string, cpus: number | null): Promise<void> {
    return this.processes.setCpu(node, cpus);
  }

  async setClock(node: string, clock: ClockSetting): Promise<void> {
    if (!this.clocks.has(node)) throw new LabError('GOSSIPLAB_CLOCK', `${node} was not started with a faked clock (the scenario must name it in a clock fault)`);
    this.clocks.set(node, clock);
  }

  /** The wall-clock offset a node shows now (for drift faults that keep the clock continuous). */
  clockOffset(node: string): number {
    return this.clocks.currentOffset(node);
  }

  degradeLinks(faultId: string, links: Link[], effect: LinkEffect): Promise<void> {
    return this.links.degrade(faultId, links, effect);
  }

  async clearLinks(faultId: string): Promise<void> {
    await this.links.clear(faultId);
  }

  async shape(faultId: string, node: string, spec: ShapeSpec): Promise<void> {
    if ('netem' in spec && !this.capabilities.netem) {
      throw new LabError('GOSSIPLAB_NO_NETEM', `${faultId}: this kernel has no netem qdisc, so delay, jitter, duplication and reordering cannot run here`);
    }
    return this.shaping.apply(faultId, node, spec);
  }

  clearShape(faultId: string): Promise<void> {
    return this.shaping.clear(faultId);
  }

  async view(node: string): Promise<ViewSnapshot> {
    const res = await fetch(`http://${this.addr(node).admin}/view`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new LabError('GOSSIPLAB_VIEW', `GET /view on ${node} answered ${res.status}`);
    return (await res.json()) as ViewSnapshot;
  }

  async update(node: string, key: string, value: string): Promise<number> {
    const res = await fetch(`http://${this.addr(node).admin}/update`, {
      method: 'POST', body: JSON.stringify({ key, value }), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) throw new LabError('GOSSIPLAB_UPDATE', `POST /update on ${node} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { version: number }).version;
  }

  async teardown(): Promise<TeardownReport> {
    this.tearingDown = true;
    const overflow = overflowNote(this.fullsAtStart, tableFulls());
    if (overflow) this.warnings.push(overflow);
    const report: TeardownReport = { containers: 0, networks: 0, rules: 0, leftovers: [] };
    try {
      await this.processes.releaseAll();
      for (const f of this.links.faults()) report.rules += await this.links.clear(f).catch(() => 0);
      for (const f of this.shaping.faults()) await this.shaping.clear(f).catch(() => {});
      const byLabel = { label: [`${LABEL_RUN}=${this.runId}`] };
      // Listed again after each round: a removal the engine refused for a moment (a container it is still reaping
      // after a kill), or a container whose create was in flight when the list was taken, gets two more tries.
      let left = await docker().listContainers({ all: true, filters: byLabel });
      for (let round = 0; left.length > 0 && round < 3; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, 500));
        report.containers += await removeContainers(left, this.opts.log);
        left = await docker().listContainers({ all: true, filters: byLabel });
      }
      for (const b of labBridges(this.runId)) {
        const refused = removeLabNetwork(b, this.runId);
        if (refused) this.warnings.push(`could not remove the lab bridge ${b}: ${refused}`);
        else report.networks++;
      }
      this.clocks.remove();
      for (const left of (await this.weight?.remove()) ?? []) this.warnings.push(`could not remove ${left}; \`gossiplab clean\` does`);
      report.leftovers = [...left.map((c) => `container ${c.Names[0]}`), ...labBridges(this.runId).map((b) => `network ${b}`)];
    } finally {
      await this.closePipes();
      this.weight?.restoreController();
      // The thresholds go back even when the engine failed us: the containers are gone or going.
      const released = this.release();
      if (released) this.notes.push(released);
      if (this.weight) this.notes.push(`the run's containers had a cgroup of their own, ${this.weight.parent}, weighted ${this.shares} CPU shares (1024 per node, at most ${MAX_WEIGHT * 1024}), and the controller one of the same weight, ${this.weight.controller}`);
    }
    if (this.notes.length) report.notes = [...this.notes];
    if (this.warnings.length) report.warnings = [...this.warnings];
    return report;
  }

  /** Read what the nodes' line pipes still hold, then close them. */
  private async closePipes(): Promise<void> {
    const stuck = await this.pipes?.close() ?? [];
    if (stuck.length) this.warnings.push(`the line pipes of ${stuck.join(', ')} were not read to their end; their last lines may be missing`);
  }

  private release(): string | undefined {
    try {
      return this.neighbours.release(this.runId);
    } catch (e) {
      this.warnings.push(`could not put back the host's neighbour-table thresholds: ${(e as Error).message}; \`gossiplab clean\` does`);
      return undefined;
    }
  }
}

/** The contract's ready line (only looked for while the first start runs). */
function isReady(line: string): boolean {
  if (!line.includes('"ready"')) return false;
  try {
    return (JSON.parse(line) as { type?: unknown }).type === 'ready';
  } catch {
    return false;
  }
}

// Samples a running lab from the host while it runs: each node container's
// memory (its cgroup), each node's interface counters, and the CPU and memory
// of the controller (this process) and of dockerd. Nothing here touches the
// containers; it only reads /proc and /sys and lists the run's containers.

import { docker } from '../runtime/docker/engine.js';
import { LABEL_NODE, LABEL_RUN } from '../labels.js';
import { availableParallelism } from 'node:os';
import { cgroupMemory, cpuSeconds, memoryCgroup, netCounters, pidsNamed, type NetCounters } from './probes.js';
import { cpuTime } from './machine.js';
import { spread, type Spread } from './history-figures.js';

interface Member { node: string; pid: number; cgroup: string | undefined }

export interface LabSample {
  /** Per node, MiB: charged to its cgroup (page cache included), and anonymous (its own heap and stacks). */
  usageMiB: Spread;
  anonMiB: Spread;
  nodes: number;
}

export interface UsageFigures {
  controllerCpuPct: number;
  controllerPeakRssMiB: number;
  dockerdCpuPct: number;
  /** All node processes together (% of one core), and how many were measured. */
  nodesCpuPct: number;
  nodesMeasured: number;
  /** The whole machine's busy share of all its cores: mean, and the busiest sampling interval. */
  machineBusyPct: number;
  machineBusiestPct: number;
}

export class LabSampler {
  private readonly members = new Map<string, Member>();
  private readonly netMark = new Map<string, { at: number; c: NetCounters }>();
  private timer: NodeJS.Timeout | undefined;
  private peak: LabSample | undefined;
  private cpu0 = process.cpuUsage();
  private wall0 = performance.now();
  private dockerd0: number;
  private readonly dockerdPid = pidsNamed('dockerd')[0];
  private readonly nodeCpu0 = new Map<string, number>();
  private machine0 = cpuTime().machine;
  private machineLast = { at: performance.now(), busy: this.machine0 };
  private busiest = 0;

  constructor(private runId: string) {
    this.dockerd0 = this.dockerdPid ? cpuSeconds(this.dockerdPid) ?? 0 : 0;
  }

  /** Learn the run's containers (pid, cgroup); call again after restarts. */
  async discover(): Promise<number> {
    const list = await docker().listContainers({ filters: { label: [`${LABEL_RUN}=${this.runId}`] } });
    for (const c of list) {
      const node = c.Labels[LABEL_NODE];
      if (!node || this.members.has(node)) continue;
      const pid = (await docker().getContainer(c.Id).inspect()).State.Pid;
      if (pid > 0) this.members.set(node, { node, pid, cgroup: memoryCgroup(pid) });
    }
    return this.members.size;
  }

  start(everyMs = 5000): void {
    this.restartUsage();
    this.timer = setInterval(() => {
      this.tickMachine();
      void this.discover().then(() => this.sample()).catch(() => {});
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Start measuring controller and dockerd CPU from now. */
  restartUsage(): void {
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
    this.dockerd0 = this.dockerdPid ? cpuSeconds(this.dockerdPid) ?? 0 : 0;
    this.nodeCpu0.clear();
    for (const m of this.members.values()) {
      const c = cpuSeconds(m.pid);
      if (c !== undefined) this.nodeCpu0.set(m.node, c);
    }
    this.machine0 = cpuTime().machine;
    this.machineLast = { at: this.wall0, busy: this.machine0 };
    this.busiest = 0;
  }

  /** The machine's busy share since the last tick, kept if it is the highest so far. */
  private tickMachine(): void {
    const now = performance.now(), busy = cpuTime().machine;
    const s = (now - this.machineLast.at) / 1000;
    if (s > 0) this.busiest = Math.max(this.busiest, (100 * (busy - this.machineLast.busy)) / s / availableParallelism());
    this.machineLast = { at: now, busy };
  }

  sample(): LabSample {
    const usage: number[] = [], anon: number[] = [];
    for (const m of this.members.values()) {
      const mem = m.cgroup ? cgroupMemory(m.cgroup) : undefined;
      if (!mem) continue;
      usage.push(mem.usage / 2 ** 20);
      anon.push(mem.anon / 2 ** 20);
    }
    const s = { usageMiB: spread(usage), anonMiB: spread(anon), nodes: usage.length };
    if (s.nodes && (!this.peak || s.anonMiB.max > this.peak.anonMiB.max)) this.peak = s;
    return s;
  }

  get peakSample(): LabSample | undefined { return this.peak; }

  usage(): UsageFigures {
    const wallS = (performance.now() - this.wall0) / 1000;
    const cpu = process.cpuUsage(this.cpu0);
    const dockerd = this.dockerdPid ? (cpuSeconds(this.dockerdPid) ?? 0) - this.dockerd0 : NaN;
    let nodes = 0, measured = 0;
    for (const [node, c0] of this.nodeCpu0) {
      const m = this.members.get(node), c = m && cpuSeconds(m.pid);
      if (c === undefined || c < c0) continue;
      nodes += c - c0;
      measured++;
    }
    this.tickMachine();
    return {
      nodesCpuPct: (100 * nodes) / wallS,
      nodesMeasured: measured,
      machineBusyPct: (100 * (cpuTime().machine - this.machine0)) / wallS / availableParallelism(),
      machineBusiestPct: this.busiest,
      controllerCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / wallS,
      controllerPeakRssMiB: process.resourceUsage().maxRSS / 1024,
      dockerdCpuPct: (100 * dockerd) / wallS,
    };
  }

  /** Remember every known node's interface counters now, for `netSinceMark`. */
  markNet(): void {
    this.netMark.clear();
    for (const m of this.members.values()) {
      const c = netCounters(m.pid);
      if (c) this.netMark.set(m.node, { at: performance.now(), c });
    }
  }

  /** Mean per node, per second, of what each node marked earlier sent and received since its mark. */
  netSinceMark(): { nodes: number; perNode: NetCounters } {
    const per: NetCounters = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
    let nodes = 0;
    for (const [node, mark] of this.netMark) {
      const m = this.members.get(node), c = m && netCounters(m.pid);
      const s = (performance.now() - mark.at) / 1000;
      if (!c || s <= 0) continue;
      nodes++;
      for (const k of Object.keys(per) as (keyof NetCounters)[]) per[k] += (c[k] - mark.c[k]) / s;
    }
    for (const k of Object.keys(per) as (keyof NetCounters)[]) per[k] = nodes ? per[k] / nodes : NaN;
    return { nodes, perNode: per };
  }
}

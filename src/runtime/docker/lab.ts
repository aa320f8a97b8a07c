// The docker runtime: an `internal` lab network, one container per node from the
// offline node image, stdout streamed line by line, link faults as iptables DROP
// rules inside each receiver's namespace. Every resource is registered in a
// ledger before use, so teardown copes with a half-finished start.

import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';
import { docker } from './engine.js';
import { inNetns, labPid, rulesMentioning } from './netns.js';
import { LABEL, LABEL_NODE, LABEL_RUN, containerName, networkName, ruleComment } from '../../labels.js';
import { LabError } from '../../errors.js';
import type { Link } from '../../history/types.js';
import type { LineSink, NodeAddress, NodeSpec, Runtime, TeardownReport, ViewSnapshot } from '../types.js';

const GOSSIP_PORT = 7946;
const ADMIN_PORT = 7947;
const SUBNET_BLOCKS = 64;

interface Rule { node: string; args: string[] }

export interface DockerLabOptions {
  image: string;
  /** Extra environment per container (e.g. libfaketime preload). */
  env?: Record<string, string>;
  log?: (msg: string) => void;
}

export class DockerLab implements Runtime {
  readonly name = 'docker' as const;
  private network?: Docker.Network;
  private readonly containers = new Map<string, Docker.Container>();
  private readonly addrs = new Map<string, NodeAddress>();
  private readonly rules = new Map<string, Rule[]>();
  private sink: LineSink = () => {};

  constructor(readonly runId: string, private readonly opts: DockerLabOptions) {}

  addresses(): NodeAddress[] {
    return [...this.addrs.values()];
  }

  async start(specs: NodeSpec[], sink: LineSink, signal: AbortSignal): Promise<NodeAddress[]> {
    this.sink = sink;
    const subnet = await this.createNetwork();
    const ips = hostsOf(subnet, specs.length);
    specs.forEach((s, i) => {
      const ip = ips[i]!;
      this.addrs.set(s.id, { id: s.id, ip, gossip: `${ip}:${GOSSIP_PORT}`, admin: `${ip}:${ADMIN_PORT}` });
    });
    await mapLimit(specs, 8, async (spec) => {
      signal.throwIfAborted();
      await this.createNode(spec);
    });
    await mapLimit(specs, 8, async (spec) => {
      signal.throwIfAborted();
      await this.startNode(spec.id);
    });
    return this.addresses();
  }

  /**
   * An internal bridge with a subnet of its own, so nodes get fixed addresses
   * (a restarted node keeps its address). Subnets are /22 blocks of 10.210.0.0/16,
   * tried from a run-dependent start until one does not overlap.
   */
  private async createNetwork(): Promise<string> {
    const name = networkName(this.runId);
    const used = new Set((await docker().listNetworks()).flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet)));
    let start = 0;
    for (const ch of this.runId) start = (start * 31 + ch.charCodeAt(0)) % SUBNET_BLOCKS;
    let lastError: Error | undefined;
    for (let i = 0; i < SUBNET_BLOCKS; i++) {
      const block = (start + i) % SUBNET_BLOCKS;
      const subnet = `10.210.${block * 4}.0/22`;
      if (used.has(subnet)) continue;
      try {
        this.network = await docker().createNetwork({
          Name: name, Driver: 'bridge', Internal: true, CheckDuplicate: true,
          IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: `10.210.${block * 4}.1` }] },
          Labels: { [LABEL]: '1', [LABEL_RUN]: this.runId },
        });
        return subnet;
      } catch (e) {
        lastError = e as Error;
        if (!/overlap/i.test(lastError.message)) throw e;
      }
    }
    throw new LabError('GOSSIPLAB_NETWORK', `no free /22 subnet in 10.210.0.0/16 for the lab network: ${lastError?.message ?? 'all in use'}`);
  }

  private async createNode(spec: NodeSpec): Promise<void> {
    const addr = this.addrs.get(spec.id)!;
    const seeds = spec.seeds.map((s) => `${s}@${this.addrs.get(s)!.gossip}`).join(',');
    const env = {
      GOSSIP_NODE_ID: spec.id,
      GOSSIP_BIND: addr.gossip,
      GOSSIP_ADMIN: addr.admin,
      GOSSIP_SEEDS: seeds,
      GOSSIP_CONFIG: JSON.stringify(spec.config),
      GOSSIP_RNG_SEED: String(spec.rngSeed),
      ...this.opts.env,
    };
    const net = networkName(this.runId);
    const container = await docker().createContainer({
      name: containerName(this.runId, spec.id),
      Image: this.opts.image,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Labels: { [LABEL]: '1', [LABEL_RUN]: this.runId, [LABEL_NODE]: spec.id },
      StopSignal: 'SIGTERM',
      StopTimeout: 2,
      HostConfig: { NetworkMode: net, AutoRemove: false, Memory: 256 * 1024 * 1024 },
      NetworkingConfig: { EndpointsConfig: { [net]: { IPAMConfig: { IPv4Address: addr.ip } } } },
    });
    this.containers.set(spec.id, container);
  }

  /** Attach to the container's output before starting it, so no line is missed. */
  private async startNode(id: string): Promise<void> {
    const c = this.container(id);
    const stream = await c.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const err = new PassThrough();
    docker().modem.demuxStream(stream, out, err);
    stream.on('end', () => { out.end(); err.end(); });
    createInterface({ input: out, crlfDelay: Infinity }).on('line', (l) => this.sink(id, l, 'stdout'));
    createInterface({ input: err, crlfDelay: Infinity }).on('line', (l) => this.sink(id, l, 'stderr'));
    await c.start();
  }

  private container(id: string): Docker.Container {
    const c = this.containers.get(id);
    if (!c) throw new LabError('GOSSIPLAB_NO_NODE', `no node ${id} in run ${this.runId}`);
    return c;
  }

  async kill(node: string): Promise<void> {
    await labPid(this.container(node).id, this.runId);
    await this.container(node).kill({ signal: 'SIGKILL' });
    await this.container(node).wait();
    // iptables rules lived in the dead namespace; forget them.
    for (const [fault, rules] of this.rules) this.rules.set(fault, rules.filter((r) => r.node !== node));
  }

  async restart(node: string): Promise<void> {
    await this.startNode(node);
  }

  async blockLinks(faultId: string, links: Link[]): Promise<void> {
    const comment = ruleComment(this.runId, faultId);
    const ledger = this.rules.get(faultId) ?? [];
    this.rules.set(faultId, ledger);
    for (const [from, to] of links) {
      const src = this.addrs.get(from)?.ip;
      if (!src || !this.addrs.has(to)) throw new LabError('GOSSIPLAB_NO_NODE', `link ${from}->${to} names an unknown node`);
      const args = ['INPUT', '-s', `${src}/32`, '-m', 'comment', '--comment', comment, '-j', 'DROP'];
      // A crashed receiver has no namespace to put a rule in, and receives nothing anyway.
      const pid = await this.pidIfRunning(to);
      if (pid === undefined) continue;
      ledger.push({ node: to, args });
      await inNetns(pid, 'iptables', ['-w', '-I', ...args]);
    }
  }

  async unblockLinks(faultId: string): Promise<void> {
    const ledger = this.rules.get(faultId) ?? [];
    const comment = ruleComment(this.runId, faultId);
    const touched = new Set<string>();
    for (const r of ledger) {
      const pid = await this.pidIfRunning(r.node);
      if (pid === undefined) continue;
      touched.add(r.node);
      // -D fails when the rule is already gone; healing is idempotent, so that is fine.
      await inNetns(pid, 'iptables', ['-w', '-D', ...r.args]).catch(() => {});
    }
    this.rules.delete(faultId);
    for (const node of touched) {
      const pid = await this.pidIfRunning(node);
      if (pid === undefined) continue;
      const left = await rulesMentioning(pid, comment);
      if (left.length) throw new LabError('GOSSIPLAB_HEAL', `healing ${faultId} left rules in ${node}: ${left.join('; ')}`);
    }
  }

  private async pidIfRunning(node: string): Promise<number | undefined> {
    try {
      return await labPid(this.container(node).id, this.runId);
    } catch {
      return undefined;
    }
  }

  async view(node: string): Promise<ViewSnapshot> {
    const res = await fetch(`http://${this.addrs.get(node)!.admin}/view`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new LabError('GOSSIPLAB_VIEW', `GET /view on ${node} answered ${res.status}`);
    return (await res.json()) as ViewSnapshot;
  }

  async teardown(): Promise<TeardownReport> {
    const report: TeardownReport = { containers: 0, networks: 0, rules: 0, leftovers: [] };
    for (const [fault, ledger] of this.rules) {
      report.rules += ledger.length;
      await this.unblockLinks(fault).catch(() => {});
    }
    const byLabel = { label: [`${LABEL_RUN}=${this.runId}`] };
    const found = await docker().listContainers({ all: true, filters: byLabel });
    await Promise.all(found.map(async (c) => {
      await docker().getContainer(c.Id).remove({ force: true, v: true }).catch(() => {});
      report.containers++;
    }));
    const nets = await docker().listNetworks({ filters: byLabel });
    for (const n of nets) {
      await docker().getNetwork(n.Id).remove().catch(() => {});
      report.networks++;
    }
    const leftC = await docker().listContainers({ all: true, filters: byLabel });
    const leftN = await docker().listNetworks({ filters: byLabel });
    report.leftovers = [...leftC.map((c) => `container ${c.Names[0]}`), ...leftN.map((n) => `network ${n.Name}`)];
    return report;
  }
}

/** The first `count` usable host addresses of an IPv4 subnet, skipping the gateway (.1). */
export function hostsOf(subnet: string, count: number): string[] {
  const [base, bits] = subnet.split('/');
  const parts = base!.split('.').map(Number);
  const start = (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0);
  const size = 2 ** (32 - Number(bits));
  if (count > size - 3) {
    throw new LabError('GOSSIPLAB_SUBNET', `the lab subnet ${subnet} holds ${size - 3} nodes; ${count} were asked for`);
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = start + 2 + i;
    out.push([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
  }
  return out;
}

export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

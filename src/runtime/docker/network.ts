// The lab network: a Linux bridge of the run's own (gl-<run>), with the gateway
// address for the controller and nothing else: no uplink, no NAT, no route out,
// so it is isolated by construction. Containers are created with the engine's
// networking disabled (no endpoint, no embedded DNS, no prestart hook: about a
// third of a start's CPU, README "Scale and speed"); after each (re)start the
// lab wires the container's fresh namespace itself: a veth pair into the bridge,
// the peer named eth0 inside with the node's fixed address. Subnets are /22
// blocks of 10.210.0.0/16, tried from a run-dependent start until one overlaps
// no route of the host (other runs' bridges, the engine's networks). The bridge
// carries the alias gossiplab:<run>:network, and the one host rule it needs (an
// ACCEPT in FORWARD for bridged frames, which br_netfilter shows to iptables
// under the engine's DROP policy) the same comment, so teardown and `gossiplab
// clean` find exactly these.

import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { networkName, ruleComment, LABEL } from '../../labels.js';
import { LabError } from '../../errors.js';
import { withLock } from './ledger-lock.js';

const SUBNET_BLOCKS = 64;
/** Each run has a subnet of this prefix length: 2^(32-22) - 3 = 1021 addresses for nodes. */
export const SUBNET_PREFIX = 22;
/** Held while a run picks its subnet and brings its bridge up, so two runs never pick the same one. */
const NET_LOCK = '/run/gossiplab-net';

export interface LabNetwork { bridge: string; subnet: string; gateway: string }

/** The alias of a run's bridge, and the comment of its host rule. */
export function networkLabel(runId: string): string {
  return ruleComment(runId, 'network');
}

export function createLabNetwork(runId: string): LabNetwork {
  const bridge = networkName(runId);
  let start = 0;
  for (const ch of runId) start = (start * 31 + ch.charCodeAt(0)) % SUBNET_BLOCKS;
  return withLock(NET_LOCK, () => {
    const used = hostRoutes();
    for (let i = 0; i < SUBNET_BLOCKS; i++) {
      const block = (start + i) % SUBNET_BLOCKS;
      const subnet = `10.210.${block * 4}.0/${SUBNET_PREFIX}`;
      if (used.some((r) => overlaps(r, subnet))) continue;
      const gateway = `10.210.${block * 4}.1`;
      bringUp(runId, bridge, gateway);
      return { bridge, subnet, gateway };
    }
    throw new LabError('GOSSIPLAB_NETWORK', `no free /22 subnet in 10.210.0.0/16 for the lab network: every block overlaps a route of the host (ip -4 route)`);
  });
}

function bringUp(runId: string, bridge: string, gateway: string): void {
  const label = networkLabel(runId);
  try {
    ip(['link', 'add', bridge, 'type', 'bridge']);
  } catch (e) {
    throw new LabError('GOSSIPLAB_NETWORK', `cannot create the lab bridge ${bridge}: ${(e as Error).message}`);
  }
  try {
    ip(['-batch', '-'], `link set ${bridge} alias ${label}\naddr add ${gateway}/${SUBNET_PREFIX} dev ${bridge}\nlink set ${bridge} up\n`);
    execFileSync('iptables', ['-w', '-I', 'FORWARD', ...forwardRule(bridge, label)], { stdio: 'pipe' });
  } catch (e) {
    dropRules(label);
    try { ip(['link', 'del', bridge]); } catch { /* reported below */ }
    throw new LabError('GOSSIPLAB_NETWORK', `cannot set up the lab bridge ${bridge}: ${(e as Error).message}`);
  }
}

function forwardRule(bridge: string, label: string): string[] {
  return ['-i', bridge, '-o', bridge, '-m', 'comment', '--comment', label, '-j', 'ACCEPT'];
}

function ip(args: string[], input?: string): string {
  try {
    return execFileSync('ip', args, { input, stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    throw new Error(`ip ${args.join(' ')}: ${String((e as { stderr?: string }).stderr || (e as Error).message).trim()}`);
  }
}

function hostRoutes(): string[] {
  const routes = JSON.parse(ip(['-j', '-4', 'route', 'show', 'table', 'all'])) as { dst: string }[];
  return routes.map((r) => r.dst).filter((d) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(d));
}

function range(cidr: string): [number, number] {
  const [base, bits = '32'] = cidr.split('/');
  const p = base!.split('.').map(Number);
  const v = ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
  const size = 2 ** (32 - Number(bits));
  const lo = v - (v % size);
  return [lo, lo + size - 1];
}

/** Whether two IPv4 CIDR blocks share an address. */
export function overlaps(a: string, b: string): boolean {
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a0 <= b1 && b0 <= a1;
}

/** The first `count` usable host addresses of an IPv4 subnet, skipping the gateway (.1). */
export function hostsOf(subnet: string, count: number): string[] {
  const [start] = range(subnet);
  const size = 2 ** (32 - Number(subnet.split('/')[1]));
  const usable = Math.min(count, size - 3);
  const out: string[] = [];
  for (let i = 0; i < usable; i++) {
    const v = start + 2 + i;
    out.push([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
  }
  return out;
}

/**
 * Wire a freshly (re)started container into the run's bridge: a veth pair whose
 * peer is created inside the container's namespace as eth0, then the node's
 * address and the link up, in one `ip -batch` inside the namespace. `pid` must
 * come from a label-checked lookup (netns.ts labPid).
 */
export async function wireContainer(net: LabNetwork, pid: number, hostSide: string, address: string): Promise<void> {
  const add = await execa('ip', ['link', 'add', hostSide, 'master', net.bridge, 'up', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(pid)], { reject: false });
  if (add.exitCode !== 0) throw new Error(`ip link add ${hostSide} (veth into pid ${pid}'s namespace): ${add.stderr || add.stdout}`);
  const inside = await execa('nsenter', ['-t', String(pid), '-n', 'ip', '-batch', '-'], {
    input: `addr add ${address}/${SUBNET_PREFIX} dev eth0\nlink set eth0 up\n`, reject: false,
  });
  if (inside.exitCode !== 0) throw new Error(`giving eth0 ${address} inside pid ${pid}'s namespace: ${inside.stderr || inside.stdout}`);
}

/** The lab's bridges (alias gossiplab:<run>:network), of one run or of any. */
export function labBridges(runId?: string): string[] {
  const links = JSON.parse(ip(['-j', '-d', 'link', 'show', 'type', 'bridge'])) as { ifname: string; ifalias?: string }[];
  const want = runId === undefined ? undefined : networkLabel(runId);
  return links
    .filter((l) => l.ifalias !== undefined && (want ? l.ifalias === want : l.ifalias.startsWith(`${LABEL}:`) && l.ifalias.endsWith(':network')))
    .map((l) => l.ifname)
    .sort();
}

/** The run id a lab bridge was made for, read from its alias. */
function runOf(bridge: string): string | undefined {
  try {
    const links = JSON.parse(ip(['-j', '-d', 'link', 'show', 'dev', bridge])) as { ifalias?: string }[];
    return links[0]?.ifalias?.split(':')[1];
  } catch {
    return undefined;
  }
}

/** Delete every FORWARD rule carrying `label`; returns how many went. */
function dropRules(label: string): number {
  let n = 0;
  for (const line of execFileSync('iptables-save', ['-t', 'filter'], { encoding: 'utf8' }).split('\n')) {
    if (!line.startsWith('-A FORWARD ') || !line.includes(label)) continue;
    const args = [...line.replace(/^-A /, '-D ').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    try {
      execFileSync('iptables', ['-w', ...args], { stdio: 'pipe' });
      n++;
    } catch { /* gone meanwhile */ }
  }
  return n;
}

/**
 * Remove a run's bridge and its rule, once its containers are gone (their veths
 * went with their namespaces). Returns undefined when both are gone, else why not.
 */
export function removeLabNetwork(bridge: string, runId = runOf(bridge)): string | undefined {
  if (runId !== undefined) dropRules(networkLabel(runId));
  try {
    ip(['link', 'del', bridge]);
  } catch (e) {
    if (!/cannot find device|does not exist/i.test((e as Error).message)) return (e as Error).message;
  }
  return undefined;
}

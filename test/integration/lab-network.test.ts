// The lab network a user relies on: a bridge of the run's own with one host rule
// while the run lives, node-to-node traffic across it, no route out of it, a
// crashed-and-restarted node wired again and back in the cluster, and nothing of
// it left after teardown.

import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDocker, labResources, hostRules } from './lab.js';
import { Lines, deliveries } from './fault-effects.js';
import { DockerLab } from '../../src/runtime/docker/lab.js';
import { ensureNodeImage } from '../../src/runtime/docker/image.js';
import { inNetns, labPid } from '../../src/runtime/docker/netns.js';
import { containerName, networkName } from '../../src/labels.js';
import { createLabNetwork, labBridges, removeLabNetwork } from '../../src/runtime/docker/network.js';
import { probeHost } from '../../src/host.js';
import { LINES_MOUNT } from '../../src/runtime/docker/line-pipes.js';
import type { NodeAddress } from '../../src/runtime/types.js';
import { PRESETS } from '../../nodes/core/params.js';

const ids = ['n1', 'n2', 'n3'];
const CPU_CGROUPS = '/sys/fs/cgroup/cpu';
/** This process's cgroup in the v1 cpu hierarchy. */
const cpuCgroup = (): string => /^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1] ?? '/';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noDocker)('the lab network', () => {
  const runId = `nw${Date.now().toString(36).slice(-6)}`;
  const lines = new Lines();
  let lab: DockerLab;
  let addrs: NodeAddress[];

  /** Poll until `ok` holds (bounded); returns whether it did. */
  async function eventually(ok: () => Promise<boolean>, ms: number): Promise<boolean> {
    for (const until = Date.now() + ms; Date.now() < until; await sleep(250)) {
      if (await ok().catch(() => false)) return true;
    }
    return false;
  }
  const sees = async (node: string, member: string, state: string): Promise<boolean> =>
    (await lab.view(node)).members.some((m) => m.id === member && m.state === state);

  const cgroupBefore = cpuCgroup();

  beforeAll(async () => {
    const [image, host] = await Promise.all([ensureNodeImage(), probeHost()]);
    lab = new DockerLab(runId, {
      image: image.tag,
      capabilities: { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup, leave: true },
    });
    const config = { ...PRESETS.lan, preset: 'lan' };
    addrs = await lab.start(ids.map((id, i) => ({ id, config, seeds: i ? ['n1'] : [], rngSeed: i + 1 })), lines.sink, new AbortController().signal);
  });

  afterAll(async () => {
    const report = await lab?.teardown();
    expect(cpuCgroup()).toBe(cgroupBefore);
    expect(existsSync(join(CPU_CGROUPS, `gossiplab-${runId}-controller`))).toBe(false);
    expect(report?.leftovers).toEqual([]);
    expect(report?.networks).toBe(1);
    expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
    expect(await hostRules(runId)).toEqual([]);
  });

  it('is a bridge of the run\'s own with one FORWARD rule, carrying traffic between nodes and no route out', async () => {
    expect((await labResources(runId)).networks).toEqual([networkName(runId)]);
    const rules = await hostRules(runId);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(new RegExp(`^-A FORWARD -i ${networkName(runId)} -o ${networkName(runId)} .*-j ACCEPT$`));
    const got = await deliveries(runId, addrs, [['n1', 'n2'], ['n2', 'n3'], ['n3', 'n1']], 200);
    expect([...got.values()]).toEqual([200, 200, 200]);
    const routes = (await inNetns(await labPid(containerName(runId, 'n2'), runId), 'ip', ['-4', 'route'])).trim().split('\n');
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatch(/^10\.210\.\d+\.0\/22 dev eth0 /);
  });

  it('gives each node a line pipe past the engine, which the node writes its lines into', async () => {
    const pid = await labPid(containerName(runId, 'n1'), runId);
    const fds = readdirSync(`/proc/${pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { return ''; } });
    expect(fds).toContain(LINES_MOUNT);
    expect(lines.of('n1', 'ready')).toHaveLength(1);
  });

  it('records from a cgroup of the controller\'s own, weighted as the nodes together, where the run has one', () => {
    const nodes = join(CPU_CGROUPS, `gossiplab-${runId}`);
    if (!existsSync(nodes)) return; // no cgroup v1 cpu hierarchy with the cgroupfs driver: the run's notes say so
    expect(cpuCgroup()).toBe(`/gossiplab-${runId}-controller`);
    expect(readFileSync(join(CPU_CGROUPS, cpuCgroup(), 'cpu.shares'), 'utf8')).toBe(readFileSync(join(nodes, 'cpu.shares'), 'utf8'));
  });

  it('wires a crashed node again when it restarts, and it rejoins the cluster', async () => {
    expect(await eventually(async () => (await sees('n1', 'n2', 'alive')) && (await sees('n3', 'n2', 'alive')), 20_000)).toBe(true);
    await lab.kill('n2');
    // Declared dead (or already reaped) by n1 before it comes back.
    expect(await eventually(async () => !(await sees('n1', 'n2', 'alive')) && !(await sees('n1', 'n2', 'suspect')), 30_000)).toBe(true);
    await lab.restart('n2');
    expect(await eventually(async () => (await sees('n1', 'n2', 'alive')) && (await sees('n3', 'n2', 'alive'))
      && (await sees('n2', 'n1', 'alive')) && (await sees('n2', 'n3', 'alive')), 30_000)).toBe(true);
    const got = await deliveries(runId, addrs, [['n1', 'n2'], ['n2', 'n1']], 200);
    expect([...got.values()]).toEqual([200, 200]);
    // The restarted process writes into the same pipe: its ready line is the second, numbered 1 again.
    expect(lines.of('n2', 'ready').map((x) => x.line.seq)).toEqual([1, 1]);
  });

  it('gives a second run another subnet, and a bridge left behind is found by its alias and removed with its rule', async () => {
    const other = `${runId}x`;
    const left = createLabNetwork(other);
    try {
      expect(labBridges(other)).toEqual([left.bridge]);
      expect(labBridges()).toContain(left.bridge);
      expect(left.subnet).not.toBe((await inNetns(await labPid(containerName(runId, 'n1'), runId), 'ip', ['-4', 'route'])).split(' ')[0]);
      expect(await hostRules(other)).toHaveLength(1);
    } finally {
      expect(removeLabNetwork(left.bridge)).toBeUndefined();
    }
    expect(labBridges(other)).toEqual([]);
    expect(await hostRules(other)).toEqual([]);
  });
});

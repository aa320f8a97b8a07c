// Each fault mechanism on real containers, judged by the effect a user would see:
// packets that do or do not arrive, output that stops and resumes, clocks that
// read differently, probe rates that change. One 5-node lab serves the file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { noDocker, labResources } from './lab.js';
import { Lines, deliveries, stoppedProcesses } from './fault-effects.js';
import { DockerLab } from '../../src/runtime/docker/lab.js';
import { ensureNodeImage } from '../../src/runtime/docker/image.js';
import { FAKETIME_ROOT } from '../../src/runtime/docker/clock.js';
import { probeHost } from '../../src/host.js';
import { linksBetween } from '../../faults/partition.js';
import { FAULTS } from '../../faults/index.js';
import { createRng } from '../../src/seed.js';
import type { Link } from '../../src/history/types.js';
import type { NodeAddress } from '../../src/runtime/types.js';
import { PRESETS } from '../../nodes/core/params.js';

const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
const allPairs: [string, string][] = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => [a, b] as [string, string]));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noDocker)('faults on real containers', () => {
  const runId = `ft${Date.now().toString(36).slice(-6)}`;
  const lines = new Lines();
  let lab: DockerLab;
  let addrs: NodeAddress[];
  let netem = false;

  beforeAll(async () => {
    const [image, host] = await Promise.all([ensureNodeImage(), probeHost()]);
    netem = host.netem;
    lab = new DockerLab(runId, {
      image: image.tag,
      capabilities: { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup, leave: true },
      fakedClocks: { nodes: ['n4', 'n5'], monotonic: ['n5'] },
    });
    const config = { ...PRESETS.lan, preset: 'lan' };
    addrs = await lab.start(ids.map((id, i) => ({ id, config, seeds: i ? ['n1'] : [], rngSeed: i + 1 })), lines.sink, new AbortController().signal);
    await sleep(5000);
  });

  afterAll(async () => {
    const report = await lab?.teardown();
    expect(report?.leftovers).toEqual([]);
    expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
    expect(existsSync(join(FAKETIME_ROOT, runId))).toBe(false);
    expect(await stoppedProcesses()).toEqual([]);
  });

  it('30% loss on a link drops between 20% and 40% of a bounded probe stream, and none once healed', async () => {
    await lab.degradeLinks('f-loss', [['n1', 'n2']], { loss: 0.3 });
    const lossy = (await deliveries(runId, addrs, [['n1', 'n2'], ['n2', 'n1']], 2000));
    await lab.clearLinks('f-loss');
    const dropped = 1 - lossy.get('n1->n2')! / 2000;
    expect(dropped).toBeGreaterThan(0.2);
    expect(dropped).toBeLessThan(0.4);
    expect(lossy.get('n2->n1')).toBe(2000);
    const healed = await deliveries(runId, addrs, [['n1', 'n2']], 500);
    expect(healed.get('n1->n2')).toBe(500);
  });

  const shapes: [string, Link[]][] = [
    ['two halves', linksBetween([['n1', 'n2'], ['n3', 'n4', 'n5']])],
    ['isolate n3', linksBetween([['n3'], ['n1', 'n2', 'n4', 'n5']])],
    ['one-way: n4 drops n1 and n2, who still hear n4', [['n1', 'n4'], ['n2', 'n4']]],
    ['bridge: n3 sees both halves', [...linksBetween([['n1', 'n2'], ['n4', 'n5']])]],
  ];
  // The shapes resolved from scenario entries (random choices seeded), as a run would apply them.
  const rng = createRng(3);
  for (const entry of [
    { shape: 'majorities-ring' }, { shape: 'grudge', grudge: { n1: ['n2', 'n3'], n5: ['n4'] } }, { shape: 'random-halves' },
  ]) {
    const params = FAULTS.partition.resolve({ kind: 'partition', ...entry }, ids, rng);
    shapes.push([`${entry.shape} (resolved)`, FAULTS.partition.links!(params)]);
  }
  it.each(shapes)('partition %s cuts exactly its directed links and no others', async (_name, links) => {
    await lab.degradeLinks('f-part', links, { drop: true });
    const got = await deliveries(runId, addrs, allPairs, 20);
    await lab.clearLinks('f-part');
    const cut = new Set(links.map(([a, b]) => `${a}->${b}`));
    for (const [a, b] of allPairs) expect([`${a}->${b}`, got.get(`${a}->${b}`)]).toEqual([`${a}->${b}`, cut.has(`${a}->${b}`) ? 0 : 20]);
    const after = await deliveries(runId, addrs, [...links].slice(0, 4) as [string, string][], 20);
    for (const v of after.values()) expect(v).toBe(20);
  });

  it('a paused node prints nothing until it is resumed, then goes on', async () => {
    await lab.pause('n3');
    const t0 = performance.now();
    expect((await stoppedProcesses()).length).toBe(1);
    await sleep(3500);
    const during = lines.of('n3', 'stats', t0 + 200, performance.now());
    await lab.resume('n3');
    const t1 = performance.now();
    await sleep(2500);
    expect(during).toHaveLength(0);
    expect(lines.of('n3', 'stats', t1, performance.now()).length).toBeGreaterThanOrEqual(1);
    expect(await stoppedProcesses()).toEqual([]);
  });

  it('a +1 h clock offset shows in the node\'s own wall clock, and a reset takes it back', async () => {
    await lab.setClock('n4', { offset: 3_600_000, rate: 1 });
    await sleep(2200);
    const last = lines.of('n4', 'stats').at(-1)!;
    const skew = (last.line.ts as number) - Date.now();
    expect(Math.abs(skew - 3_600_000)).toBeLessThan(3000);
    await lab.setClock('n4', { offset: 0, rate: 1 });
    await sleep(2200);
    const back = (lines.of('n4', 'stats').at(-1)!.line.ts as number) - Date.now();
    expect(Math.abs(back)).toBeLessThan(3000);
  });

  it('a 2x clock rate makes the node probe twice as often', async () => {
    const t0 = performance.now();
    await sleep(8000);
    const normal = lines.pingRate('n5', t0, performance.now());
    await lab.setClock('n5', { offset: lab.clockOffset('n5'), rate: 2 });
    const t1 = performance.now();
    await sleep(8000);
    const fast = lines.pingRate('n5', t1 + 1000, performance.now());
    await lab.setClock('n5', { offset: lab.clockOffset('n5'), rate: 1 });
    expect(normal).toBeGreaterThan(0.5);
    expect(fast / normal).toBeGreaterThan(1.6);
    expect(fast / normal).toBeLessThan(2.5);
  });

  it('a crashed node restarts with the same identity and address', async () => {
    await lab.kill('n2');
    await sleep(1000);
    const t = performance.now();
    await lab.restart('n2');
    await sleep(3000);
    expect(lines.of('n2', 'ready', t).length).toBe(1);
    const v = await lab.view('n2');
    expect(v.self).toBe('n2');
    const n1 = await lab.view('n1');
    expect(n1.members.find((m) => m.id === 'n2')?.addr).toBe(addrs.find((a) => a.id === 'n2')!.gossip);
  });

  it('a bandwidth limit installs a tbf qdisc and healing removes it', async () => {
    await lab.shape('f-bw', 'n1', { rateKbit: 256 });
    await lab.clearShape('f-bw');
  });

  it('netem faults are refused with a clear reason where the kernel has no netem', async () => {
    if (netem) return;
    await expect(lab.shape('f-delay', 'n1', { netem: { delay: 50 } })).rejects.toThrow(/no netem qdisc/);
  });

  it('CPU starvation lowers the node\'s probe rate, below its own and its peers\' unstarved rate', async () => {
    const t0 = performance.now();
    await sleep(6000);
    const before = lines.pingRate('n1', t0, performance.now());
    await lab.setCpu('n1', 0.002);
    const t1 = performance.now();
    await sleep(12_000);
    const t2 = performance.now();
    const peers = ['n3', 'n4'].map((n) => lines.pingRate(n, t1 + 2000, t2));
    await lab.setCpu('n1', null);
    // Measured up to n1's first stats line after the window: what it sent while starved, even if it printed nothing then.
    for (let waited = 0; lines.of('n1', 'stats', t2).length === 0 && waited < 10_000; waited += 100) await sleep(100);
    const starved = lines.pingRateAcross('n1', t1 + 2000, t2);
    expect(before).toBeGreaterThan(0.5);
    expect(starved, 'n1 printed a stats line before the starved window and one after it').not.toBeNaN();
    expect(starved, `starved ${starved}/s, before ${before}/s, peers ${peers.join(', ')}/s`).toBeLessThan(before * 0.7);
    for (const p of peers) expect(starved).toBeLessThan(p * 0.7);
  });
});

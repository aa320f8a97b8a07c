// Redis Cluster under test in Docker, through the CLI as a user runs it: six real
// redis-server nodes (3 masters, 3 replicas) under the default schedule (a crash,
// a pause, a lossy node, a 10 s two-halves partition). Every survivor declares the
// crashed node dead, with measured latencies; the partition is long enough for
// PFAIL and FAIL across the cut, and the checkers say when the sides merged.
// Faults that cannot reach Redis (clocks, graceful leave) are refused, saying why.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gossiplab, hostRules, labResources, noDocker, tempStore } from './lab.js';
import type { HistoryEvent } from '../../src/history/types.js';

type Obs = Extract<HistoryEvent, { type: 'obs' }> & { member?: string; state?: string };

describe.skipIf(noDocker)('Redis Cluster in Docker', () => {
  it('runs the default schedule on 6 nodes: the crash is seen by every survivor, the partition fires and heals', async () => {
    const store = tempStore();
    const r = await gossiplab(['run', 'scenarios/redis-cluster.yaml', '--seed', '42'], store);
    const dir = join(store, readlinkSync(join(store, 'latest')));
    const events = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
    const run = events[0]!;
    expect(run.type === 'run' && (run.config as { cluster: { implementation: string } }).cluster.implementation).toBe('redis-cluster');
    const obs = events.filter((e): e is Obs => e.type === 'obs');
    const ids = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];

    // The cluster formed: every node said every node alive, with incarnation 0.
    for (const o of ids) for (const m of ids) expect(obs.some((e) => e.node === o && e.obs === 'member' && e.member === m && e.state === 'alive')).toBe(true);
    expect(obs.every((e) => e.obs !== 'member' || (e as { incarnation?: number }).incarnation === 0)).toBe(true);

    // The crash: every survivor declared the crashed node dead, and the figures say after how long.
    const killed = events.find((e) => e.type === 'node' && e.event === 'killed') as { node: string; t: number };
    const survivors = ids.filter((n) => n !== killed.node);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const crash = results.results.eviction.metrics.crashes[0];
    expect(crash.node).toBe(killed.node);
    expect(Object.keys(crash.observers).sort()).toEqual(survivors);
    for (const o of survivors) expect(crash.observers[o].dead).toBeGreaterThan(0);
    expect(results.results.detection.valid).toBe(true);
    expect(results.results.detection.metrics.measuredCrashes).toBe(1);
    // Redis never drops it: no survivor prints `removed`, every final view still lists it dead.
    expect(obs.some((e) => e.obs === 'removed' && e.member === killed.node)).toBe(false);
    const views = events.filter((e) => e.type === 'view') as { node: string; members: { id: string; state: string }[] }[];
    expect(views.map((v) => v.node).sort()).toEqual(survivors);
    for (const v of views) {
      expect(v.members.find((m) => m.id === killed.node)?.state).toBe('dead');
      expect(v.members.filter((m) => m.id !== killed.node).every((m) => m.state === 'alive')).toBe(true);
    }

    // The partition: long enough that some node declared a member across the cut dead
    // (the side holding a majority of masters reaches FAIL), then the sides merged.
    const start = events.find((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'start') as { t: number; links: [string, string][] };
    const stop = events.find((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'stop') as { t: number };
    const cut = new Set(start.links.map(([a, b]) => `${a}>${b}`));
    const acrossDead = obs.filter((e) => e.t > start.t && e.t < stop.t + 1000 && e.state === 'dead' && cut.has(`${e.member}>${e.node}`));
    expect(acrossDead.length).toBeGreaterThan(0);
    expect(results.results['false-positives'].valid).toBe(true);
    expect(results.results.convergence.valid).toBe(true);
    expect(typeof results.results.convergence.metrics.convergedAfter).toBe('number');

    expect(await labResources(run.type === 'run' ? run.runId : 'none')).toEqual({ containers: [], networks: [] });
    expect(await hostRules(run.type === 'run' ? run.runId : 'none')).toEqual([]);

    // The verdict, with the checkers honouring what redis-cluster declares (evicts=false, no stats lines).
    expect(results.results.eviction.notes?.join(' ')).toMatch(/not evicted, by design/);
    expect(r.all).toContain('verdict: VALID');
    expect(r.exitCode).toBe(0);
  });

  it('refuses clock faults and graceful leaves on Redis Cluster before anything starts, saying why', async () => {
    const store = tempStore();
    const scenario = (name: string, nemesis: string): string => {
      const file = join(store, `${name}.yaml`);
      writeFileSync(file, `cluster: {nodes: 3, implementation: redis-cluster}\nduration: 10s\nnemesis:\n  - ${nemesis}\n`);
      return file;
    };
    const clock = await gossiplab(['run', scenario('clock', '{kind: clock, at: 2s, duration: 5s, node: n2, mode: offset, by: "+1h"}')], store);
    expect(clock.exitCode).toBe(2);
    expect(clock.all).toMatch(/f1-clock.*redis-cluster cannot take it: .*jemalloc/s);
    const leave = await gossiplab(['run', scenario('leave', '{kind: leave, at: 2s, node: n3}')], store);
    expect(leave.exitCode).toBe(2);
    expect(leave.all).toMatch(/f1-leave.*redis-cluster cannot take it: Redis Cluster has no graceful leave/s);
    expect(existsSync(join(store, 'latest'))).toBe(false);
  });

  it('refuses a parameter Redis cannot honour, naming it', async () => {
    const store = tempStore();
    const file = join(store, 'phi.yaml');
    writeFileSync(file, 'cluster: {nodes: 3, implementation: redis-cluster, params: {detector: phi}}\nduration: 10s\n');
    const r = await gossiplab(['run', file], store);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/detector/);
    expect(existsSync(join(store, 'latest'))).toBe(false);
  });
});

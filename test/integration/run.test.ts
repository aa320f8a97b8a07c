// A real 5-node cluster in Docker, through the CLI as a user runs it: one crash
// and one two-halves partition, then the verdicts, the report and the cleanup.

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gossiplab, hostRules, labResources, noDocker, tempStore } from './lab.js';
import type { HistoryEvent } from '../../src/history/types.js';

describe.skipIf(noDocker)('gossiplab run in Docker', () => {
  it('runs the default scenario to a valid verdict, a report, and nothing left behind', async () => {
    const store = tempStore();
    const r = await gossiplab(['run', 'default', '--seed', '42', '--duration', '24s'], store);
    expect(r.all).toContain('verdict: VALID');
    expect(r.exitCode).toBe(0);

    const dir = join(store, readlinkSync(join(store, 'latest')));
    const events = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
    const run = events[0]!;
    expect(run.type).toBe('run');

    // The schedule ran for real: a kill -9 and a partition with its directed links.
    const killed = events.find((e) => e.type === 'node' && e.event === 'killed');
    expect(killed).toBeDefined();
    const crashed = (killed as { node: string }).node;
    const part = events.find((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'start');
    expect(part && part.type === 'fault' && part.links?.length).toBe(12);
    expect(events.some((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'stop')).toBe(true);

    // Every survivor declared the crashed node dead, and the figures say after how long.
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.valid).toBe(true);
    const crash = results.results.eviction.metrics.crashes[0];
    expect(crash.node).toBe(crashed);
    const survivors = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((n) => n !== crashed);
    expect(Object.keys(crash.observers).sort()).toEqual(survivors);
    for (const o of survivors) expect(crash.observers[o].dead).toBeGreaterThan(0);
    expect(crash.allDead).toBeGreaterThan(0);
    expect(results.results.convergence.valid).toBe(true);

    // The report names the seed and the replay command, and works offline.
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('--seed 42');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(existsSync(join(dir, 'nodes', 'n1.log'))).toBe(true);

    // The offline path: re-checking the stored run gives the same verdicts and figures.
    const again = await gossiplab(['check', dir], store);
    expect(again.exitCode).toBe(0);
    const rechecked = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(rechecked.results).toEqual(results.results);

    const runId = run.type === 'run' ? run.runId : 'none';
    expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
    expect(await hostRules(runId)).toEqual([]);
    // Where the host has cgroup v1, the run's containers had a CPU cgroup of their own, said so, and it is gone.
    const all = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    if (existsSync('/sys/fs/cgroup/cpu/cpu.shares')) expect(all).toContain(`/gossiplab-${runId}, weighted 5120 CPU shares`);
    expect(readdirSync('/sys/fs/cgroup').filter((h) => existsSync(join('/sys/fs/cgroup', h, `gossiplab-${runId}`)))).toEqual([]);
  });

  it('refuses --nodes 0 and a malformed scenario with one line, exit 2, and no container', async () => {
    const store = tempStore();
    const before = await labResources();
    const zero = await gossiplab(['run', 'default', '--nodes', '0'], store);
    expect(zero.exitCode).toBe(2);
    expect(zero.all?.trim().split('\n')).toHaveLength(1);
    expect(zero.all).toMatch(/--nodes: expected a whole number of at least 1, found 0/);

    const bad = join(store, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'cluster:\n  nodes: 3\nnemesis:\n  - kind: partition\n    at: 1s\n    shape: triangle\n    duration: 2s\n');
    const malformed = await gossiplab(['run', bad], store);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.all?.trim().split('\n')).toHaveLength(1);
    expect(malformed.all).toContain('bad.yaml: nemesis.0.shape: expected one of');
    expect(await labResources()).toEqual(before);
  });

  it('refuses a fault this host cannot run, naming it, unless told to skip it', async () => {
    const { probeHost } = await import('../../src/host.js');
    if ((await probeHost()).netem) return; // this host can run netem: nothing to refuse
    const store = tempStore();
    const before = await labResources();
    const refused = await gossiplab(['run', 'scenarios/faults/delay.yaml'], store);
    expect(refused.exitCode).toBe(2);
    expect(refused.all).toMatch(/this run cannot do f1-delay \(needs netem\).*--skip-unsupported/);
    expect(await labResources()).toEqual(before);

    const skipped = await gossiplab(['run', 'scenarios/faults/delay.yaml', '--skip-unsupported', '--duration', '6s'], store);
    expect(skipped.all).toMatch(/f1-delay SKIPPED/);
    const dir = join(store, readlinkSync(join(store, 'latest')));
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    expect(history).toMatch(/"kind":"delay".*"skipped":"this host has no netem/);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('skipped');
  });
});

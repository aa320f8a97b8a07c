// Implementations under test, in Docker, through the CLI as a user runs them: a
// 5-node HashiCorp Serf cluster under the default scenario and under a long
// partition, a clock fault Serf cannot take, a pause that stops every process of
// a Serf container, and a user's own program put under test from a host path.

import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gossiplab, hostRules, labResources, noDocker, tempStore } from './lab.js';
import { DockerLab } from '../../src/runtime/docker/lab.js';
import { docker } from '../../src/runtime/docker/engine.js';
import { ensureImplementationImage, ensureNodeImage, entryPoint } from '../../src/runtime/docker/image.js';
import { containerPids, processState } from '../../src/runtime/docker/container-pids.js';
import { NODE_BUNDLE, ROOT } from '../../src/paths.js';
import { PRESETS } from '../../nodes/core/params.js';
import type { HistoryEvent } from '../../src/history/types.js';

const dir = mkdtempSync(join(tmpdir(), 'gl-serf-'));
function scenario(name: string, text: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, text);
  return f;
}

function stored(store: string): { dir: string; events: HistoryEvent[]; results: { valid: unknown; results: Record<string, { valid: unknown; metrics: Record<string, unknown> }> } } {
  const d = join(store, readlinkSync(join(store, 'latest')));
  const events = readFileSync(join(d, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
  return { dir: d, events, results: JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) };
}

/** Verdicts of the checkers that Serf's declared semantics make applicable. */
const CORE = ['eviction', 'convergence', 'false-positives', 'detection', 'dissemination'];

// Each case has its own store and run, so they run side by side.
describe.skipIf(noDocker).concurrent('implementations under test', () => {
  it('a 5-node Serf cluster under the default scenario: valid verdicts, the crash seen dead by every survivor', async () => {
    const store = tempStore();
    const file = scenario('default-serf', readFileSync(join(ROOT, 'scenarios/default.yaml'), 'utf8').replace('implementation: builtin', 'implementation: serf'));
    const r = await gossiplab(['run', file, '--seed', '42'], store);
    const { dir: d, events, results } = stored(store);
    for (const name of CORE) expect(results.results[name]?.valid, `${name}\n${r.all}`).toBe(true);
    // Serf's `stats` lines come from memberlist's own telemetry: its load is measured.
    expect(results.results.load?.valid, r.all).toBe(true);
    expect(results.results.load?.metrics.clusterMeanBytesPerSec).toBeGreaterThan(0);

    const run = events[0]!;
    expect(run.type === 'run' && run.implementation).toBe('serf');
    const cluster = (run as { config: { cluster: { implementation: string; semantics: Record<string, boolean> } } }).config.cluster;
    expect(cluster.semantics).toMatchObject({ incarnations: false, stats: true, detector: true, suspect: true, evicts: true });

    const killed = events.find((e) => e.type === 'node' && e.event === 'killed') as { node: string };
    const crash = (results.results.eviction!.metrics.crashes as { node: string; observers: Record<string, { dead: number }>; allDead: number }[])[0]!;
    expect(crash.node).toBe(killed.node);
    const survivors = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((n) => n !== killed.node);
    expect(Object.keys(crash.observers).sort()).toEqual(survivors);
    for (const o of survivors) expect(crash.observers[o]!.dead).toBeGreaterThan(0);
    expect(crash.allDead).toBeGreaterThan(0);
    // Serf reaped the crashed member everywhere (reconnect_timeout = reapTime).
    for (const o of survivors) expect(events.some((e) => e.type === 'obs' && e.node === o && e.obs === 'removed' && e.member === killed.node)).toBe(true);

    expect(readFileSync(join(d, 'index.html'), 'utf8')).toMatch(/serf; declares no incarnations/);
    expect(readFileSync(join(d, 'nodes', 'n1.log'), 'utf8')).toContain('serf: ');
    expect(await labResources(run.type === 'run' ? run.runId : 'none')).toEqual({ containers: [], networks: [] });
    expect(await hostRules(run.type === 'run' ? run.runId : 'none')).toEqual([]);
  });

  it('a partition long enough for Serf to declare the other side failed: the checkers say when the sides merged again', async () => {
    const store = tempStore();
    const file = scenario('serf-partition', [
      'cluster: {nodes: 5, implementation: serf}', 'warmup: 3s', 'duration: 24s', 'quiesce: 75s',
      // 20 s: long enough for the sides to declare each other failed (about 6 s), well short of the 30 s reap.
      'nemesis:', '  - {kind: partition, at: 1s, duration: 20s, shape: halves}', '',
    ].join('\n'));
    const r = await gossiplab(['run', file, '--seed', '7'], store);
    const { events, results } = stored(store);
    const start = events.find((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'start')!;
    const stop = events.find((e) => e.type === 'fault' && e.kind === 'partition' && e.phase === 'stop')!;
    const sides = (start as unknown as { params: { sides: string[][] } }).params.sides;
    const across = (o: string, m: string): boolean => sides.some((s) => s.includes(o) && !s.includes(m));
    const deadAcross = events.filter((e) => e.type === 'obs' && e.obs === 'member' && e.state === 'dead' && e.t > start.t && e.t < stop.t
      && across(e.node, String(e.member)));
    expect(deadAcross.length, r.all).toBeGreaterThan(0);
    const conv = results.results.convergence!;
    expect(conv.valid, r.all).toBe(true);
    expect(conv.metrics.convergedAfter).toEqual(expect.any(Number));
    expect(conv.metrics.mismatchesAtEnd).toBe(0);
  });

  it('refuses a clock fault on Serf before anything starts, naming the fault and why', async () => {
    const store = tempStore();
    const file = scenario('serf-clock', 'cluster: {implementation: serf}\nnemesis:\n  - {kind: clock, at: 1s, duration: 5s, node: n2, mode: offset, by: "+1h"}\n');
    const r = await gossiplab(['run', file], store);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/f1-clock \(serf cannot take it: .*Go runtime reads the clock through the vDSO/);
    expect(r.all).toContain('--skip-unsupported');
    // Refused before the run began: no run directory, so no container or network was ever created for it.
    expect(readdirSync(store)).toEqual([]);
  });

  it('a pause stops every process of a Serf container (the adapter and the serf agent), and resume starts them all', async () => {
    const base = await ensureNodeImage();
    const image = await ensureImplementationImage(base, 'serf', undefined);
    const runId = `sp${Date.now().toString(36).slice(-6)}`;
    const lab = new DockerLab(runId, { image, entrypoint: entryPoint('serf'), capabilities: { netem: false, tbf: false, clock: false, cpu: false, leave: true } });
    const lines: string[] = [];
    try {
      const config = { ...PRESETS.lan, preset: 'lan' };
      await lab.start([{ id: 'n1', config, seeds: [], rngSeed: 1 }], (_n, l, s) => { if (s === 'stdout') lines.push(l); }, new AbortController().signal);
      for (let i = 0; i < 100 && !lines.some((l) => l.includes('"ready"')); i++) await new Promise((res) => setTimeout(res, 100));
      expect(lines[0]).toContain('"type":"ready"');
      const info = await docker().listContainers({ filters: { label: [`gossiplab.run=${runId}`] } });
      const pid = (await docker().getContainer(info[0]!.Id).inspect()).State.Pid;
      const pids = containerPids(pid);
      expect(pids.length).toBeGreaterThanOrEqual(2);
      await lab.pause('n1');
      expect(pids.map(processState)).toEqual(pids.map(() => 'T'));
      await lab.resume('n1');
      expect(pids.map(processState).filter((s) => s === 'T')).toEqual([]);
    } finally {
      expect((await lab.teardown()).leftovers).toEqual([]);
    }
  });

  it('puts a user\'s own program under test from a host path: an executable that speaks the contract', async () => {
    const store = tempStore();
    // The user's program: a script the image's node runs, starting the lab's own node bundle copied in as a file.
    const program = join(dir, 'my-gossip-node');
    writeFileSync(program, `#!/usr/local/bin/node\nawait import(${JSON.stringify(NODE_BUNDLE)});\n`);
    chmodSync(program, 0o755);
    const file = scenario('program', [
      'cluster:', '  nodes: 3', `  implementation: {program: ${program}, files: [${NODE_BUNDLE}], semantics: {stats: false}}`,
      'warmup: 3s', 'duration: 8s', 'quiesce: 50s', 'nemesis:', '  - {kind: crash, at: 1s, node: n3}', '',
    ].join('\n'));
    const r = await gossiplab(['run', file, '--seed', '3'], store);
    const { events, results } = stored(store);
    const run = events[0] as { implementation: string; versions: Record<string, string>; config: { cluster: { program: { program: string } } } };
    expect(run.implementation, r.all).toBe('program');
    expect(run.config.cluster.program.program).toBe(program);
    expect(run.versions.image).toMatch(/^gossiplab-node:program-/);
    for (const name of ['eviction', 'convergence', 'false-positives']) expect(results.results[name]?.valid, `${name}\n${r.all}`).toBe(true);
    expect(events.some((e) => e.type === 'obs' && e.obs === 'member' && e.member === 'n3' && e.state === 'dead')).toBe(true);
  });
});

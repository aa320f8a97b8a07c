// Cleanup when a run does not end normally: Ctrl-C in the middle of the faults,
// and kill -9 of the controller followed by `gossiplab clean`.

import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, gossiplab, hostRules, labResources, noDocker, tempStore } from './lab.js';
import { ROOT } from '../../src/paths.js';
import { FAKETIME_ROOT } from '../../src/runtime/docker/clock.js';

/** Start a run and resolve once its history shows `needle`. */
async function startRunUntil(store: string, needle: RegExp) {
  const child = execa('node', [CLI, 'run', 'default', '--seed', '3', '--duration', '60s'], {
    cwd: ROOT, reject: false, all: true, env: { GOSSIPLAB_STORE: store },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const hist = findHistory(store);
    if (hist && needle.test(readFileSync(hist, 'utf8'))) return { child, hist };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the run never reached ' + needle);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function findHistory(store: string): string | undefined {
  const scen = join(store, 'default');
  if (!existsSync(scen)) return undefined;
  const runs = readdirSync(scen);
  const h = runs.length ? join(scen, runs[0]!, 'history.jsonl') : undefined;
  return h && existsSync(h) ? h : undefined;
}

function runIdOf(hist: string): string {
  return JSON.parse(readFileSync(hist, 'utf8').split('\n')[0]!).runId;
}

describe.skipIf(noDocker)('cleanup after an interrupted run', () => {
  it('Ctrl-C during a partition heals, removes everything, and still writes a report', async () => {
    const store = tempStore();
    const { child, hist } = await startRunUntil(store, /"kind":"partition","targets"/);
    const runId = runIdOf(hist);
    expect((await labResources(runId)).containers.length).toBe(5); // the crashed one too, stopped
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/SIGINT: stopping the run/);
    expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
    expect(await hostRules(runId)).toEqual([]);
    expect(existsSync(join(FAKETIME_ROOT, runId)), 'the run\'s line pipes').toBe(false);
    const dir = join(hist, '..');
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).valid).toBe('unknown');
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
    expect(readFileSync(hist, 'utf8')).toContain('"phase":"stop"');
  });

  it('after kill -9 of the controller, gossiplab clean removes what it left', async () => {
    const store = tempStore();
    const { child, hist } = await startRunUntil(store, /"event":"started"/);
    const runId = runIdOf(hist);
    child.kill('SIGKILL');
    await child;
    const left = await labResources(runId);
    expect(left.containers.length).toBeGreaterThan(0);
    expect(left.networks).toHaveLength(1);
    expect(readdirSync(join(FAKETIME_ROOT, runId)).filter((f) => f.endsWith('.lines'))).toHaveLength(5);

    const c = await gossiplab(['clean'], store);
    expect(c.exitCode).toBe(0);
    expect(c.all).toMatch(/removed [1-9]\d* container\(s\), [1-9]\d* network\(s\)/);
    expect(await labResources()).toEqual({ containers: [], networks: [] });
    expect(await hostRules()).toEqual([]);
    expect(existsSync(join(FAKETIME_ROOT, runId)), 'the run\'s line pipes').toBe(false);
    expect(c.all).toContain(join(FAKETIME_ROOT, runId));
    const again = await gossiplab(['clean'], store);
    expect(again.all).toContain('nothing of the lab was left');
  });
});

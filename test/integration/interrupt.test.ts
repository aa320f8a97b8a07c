// SIGINT at a random moment while many faults are active, twenty times: every
// time, the run must heal and remove everything it made, and say so in its history.

import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, hostRules, labResources, noDocker, tempStore } from './lab.js';
import { stoppedProcesses } from './fault-effects.js';
import { FAKETIME_ROOT } from '../../src/runtime/docker/clock.js';
import { ROOT } from '../../src/paths.js';
import { createRng } from '../../src/seed.js';

const SCENARIO = join(ROOT, 'test/integration/fixtures/interrupt.yaml');
const ROUNDS = Number(process.env.GOSSIPLAB_INTERRUPT_ROUNDS ?? 20);

function latestHistory(store: string): string | undefined {
  const dir = join(store, 'interrupt');
  if (!existsSync(dir)) return undefined;
  const runs = readdirSync(dir).sort();
  const h = runs.length ? join(dir, runs.at(-1)!, 'history.jsonl') : undefined;
  return h && existsSync(h) ? h : undefined;
}

describe.skipIf(noDocker)('interrupting runs during faults', () => {
  it(`leaves no rule, qdisc, frozen process, faketime file or container after ${ROUNDS} SIGINTs at random moments`, async () => {
    const rng = createRng(20261121);
    for (let round = 0; round < ROUNDS; round++) {
      const store = tempStore();
      const child = execa('node', [CLI, 'run', SCENARIO], { cwd: ROOT, reject: false, all: true, env: { GOSSIPLAB_STORE: store } });
      // Wait for the nemesis to start, then a random 0–6 s more.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const h = latestHistory(store);
        if (h && readFileSync(h, 'utf8').includes('"name":"nemesis"')) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`round ${round}: the run never reached its faults:\n${(await child).all}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const wait = Math.round(rng.next() * 6000);
      await new Promise((r) => setTimeout(r, wait));
      child.kill('SIGINT');
      const r = await child;
      const context = `round ${round}, SIGINT ${wait} ms into the faults:\n${r.all}`;
      expect(r.exitCode, context).toBe(2);

      const history = readFileSync(latestHistory(store)!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const runId = history[0].runId as string;
      const started = history.filter((e) => e.type === 'fault' && e.phase === 'start' && !e.skipped).map((e) => e.id);
      const stopped = new Set(history.filter((e) => e.type === 'fault' && e.phase === 'stop').map((e) => e.id));
      expect(started.filter((id: string) => !stopped.has(id)), context).toEqual([]);
      expect(history.some((e) => e.type === 'note' && /interrupted/.test(e.message)), context).toBe(true);

      expect(await labResources(runId), context).toEqual({ containers: [], networks: [] });
      expect(await hostRules(runId), context).toEqual([]);
      expect(await stoppedProcesses(), context).toEqual([]);
      expect(existsSync(join(FAKETIME_ROOT, runId)), context).toBe(false);
    }
  });
});

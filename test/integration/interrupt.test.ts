// SIGINT at a random moment while many faults are active, twenty times: every
// time, the run must heal and remove everything it made, and say so in its
// history. The twenty runs go in three lanes side by side, as several runs on one
// host would: each round checks what its own run left, and once every lane is
// done nothing of any run may be left.

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
const LANES = 3;

function latestHistory(store: string): string | undefined {
  const dir = join(store, 'interrupt');
  if (!existsSync(dir)) return undefined;
  const runs = readdirSync(dir).sort();
  const h = runs.length ? join(dir, runs.at(-1)!, 'history.jsonl') : undefined;
  return h && existsSync(h) ? h : undefined;
}

/** One run, interrupted `wait` ms after its nemesis started; returns its run id once every check of its own passed. */
async function interruptedRun(round: number, wait: number): Promise<string> {
  const store = tempStore();
  const child = execa('node', [CLI, 'run', SCENARIO], { cwd: ROOT, reject: false, all: true, env: { GOSSIPLAB_STORE: store } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const h = latestHistory(store);
    if (h && readFileSync(h, 'utf8').includes('"name":"nemesis"')) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`round ${round}: the run never reached its faults:\n${(await child).all}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
  expect(await stoppedProcesses(runId), context).toEqual([]);
  expect(existsSync(join(FAKETIME_ROOT, runId)), context).toBe(false);
  return runId;
}

describe.skipIf(noDocker)('interrupting runs during faults', () => {
  it(`leaves no rule, qdisc, frozen process, faketime file or container after ${ROUNDS} SIGINTs at random moments`, async () => {
    // Each round's moment, drawn in round order from one seed, whichever lane runs it.
    const rng = createRng(20261121);
    const waits = Array.from({ length: ROUNDS }, () => Math.round(rng.next() * 6000));
    const lane = async (first: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let round = first; round < ROUNDS; round += LANES) ids.push(await interruptedRun(round, waits[round]!));
      return ids;
    };
    const runs = (await Promise.all(Array.from({ length: LANES }, (_, k) => lane(k)))).flat();
    expect(runs).toHaveLength(ROUNDS);

    // Every lane done: nothing of any run is left, frozen processes included.
    expect(await labResources(), runs.join(' ')).toEqual({ containers: [], networks: [] });
    expect(await hostRules()).toEqual([]);
    expect(await stoppedProcesses()).toEqual([]);
  });
});

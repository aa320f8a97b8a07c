// Fault parity, in Docker, through the CLI as a user runs it: one schedule with
// every fault kind the built-in node takes on this host (every partition shape,
// one-way included, loss, bandwidth, pause, slow, cpu, clock, flap, crash,
// restart, leave, churn), run with --skip-unsupported against Serf and against
// Redis Cluster. Each fault must either have been applied (its start and stop
// lines in the history, and the lifecycle events it causes) or be recorded as
// skipped with the implementation's reason, in the history and in the report.
// None may be silently missing.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gossiplab, hostRules, labResources, noDocker, tempStore } from './lab.js';
import { probeHost } from '../../src/host.js';
import { esc } from '../../reports/escape.js';
import type { HistoryEvent } from '../../src/history/types.js';

// Back to back, one second apart: the test judges that each fault was applied
// (or skipped, saying why), not what it did to the cluster, so no fault needs to
// last longer than its lifecycle events take. The flap keeps two windows.
const SCHEDULE = [
  '  - {kind: partition, at: 1s, duration: 1s, shape: halves}',
  '  - {kind: partition, at: 3s, duration: 1s, shape: one-way, from: [n1], to: [n2, n3]}',
  '  - {kind: partition, at: 5s, duration: 1s, shape: isolate, node: n2}',
  '  - {kind: partition, at: 7s, duration: 1s, shape: bridge}',
  '  - {kind: partition, at: 9s, duration: 1s, shape: majorities-ring}',
  '  - {kind: partition, at: 11s, duration: 1s, shape: grudge, grudge: {n1: [n2], n4: [n3, n5]}}',
  '  - {kind: loss, at: 13s, duration: 1s, node: n3, p: 0.3}',
  '  - {kind: bandwidth, at: 15s, duration: 1s, node: n4, rate: 64kbit}',
  '  - {kind: pause, at: 17s, duration: 1s, node: n5}',
  '  - {kind: slow, at: 19s, duration: 2s, node: n6, period: 1s, duty: 0.5}',
  '  - {kind: cpu, at: 22s, duration: 1s, node: n2, cpus: 0.05}',
  '  - {kind: clock, at: 24s, duration: 1s, node: n3, mode: offset, by: "+1h"}',
  '  - {kind: flap, at: 26s, duration: 2s, period: 1s, duty: 0.5, fault: {kind: partition, shape: isolate, node: n4}}',
  '  - {kind: crash, at: 29s, node: n5, restart: true, duration: 2s}',
  '  - {kind: restart, at: 32s, mode: rolling, nodes: [n6], down: 1s, gap: 1s}',
  '  - {kind: leave, at: 35s, duration: 3s, node: n4, rejoin: true}',
  '  - {kind: churn, at: 39s, duration: 3s, rate: 60, remove: leave, keep: [n1, n2, n3, n4, n5]}',
  '  - {kind: churn, at: 43s, duration: 3s, rate: 60, remove: kill, keep: [n1, n2, n3, n4, n5]}',
];

/** What each kind needs from the host (faults/*.ts `needs`), to tell host refusals from the implementation's. */
const HOST_NEEDS: Record<string, 'tbf' | 'cpu' | 'clock' | undefined> = { bandwidth: 'tbf', cpu: 'cpu', clock: 'clock' };

/** Lifecycle events an applied fault of this kind must have caused (ground truth, not a node's word). */
const CAUSES: Record<string, string[]> = {
  pause: ['paused', 'resumed'], crash: ['killed', 'restarted'], restart: ['killed', 'restarted'], leave: ['left', 'joined'], churn: ['joined'],
};

interface Scheduled { id: string; kind: string; params: Record<string, unknown> }
type FaultLine = Extract<HistoryEvent, { type: 'fault' }>;

function scenarioFor(implementation: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'gl-parity-')), `parity-${implementation}.yaml`);
  writeFileSync(f, [
    `description: every fault kind against ${implementation}`, 'seed: 77',
    `cluster: {nodes: 6, implementation: ${implementation}, preset: lan}`,
    // The churn kills a node for good, which Serf reaps only after 30 s: its views never settle within the
    // quiesce, which is here only to snapshot them before teardown (nothing below judges them).
    'warmup: 3s', 'duration: 47s', 'quiesce: 5s', 'nemesis:', ...SCHEDULE, '',
  ].join('\n'));
  return f;
}

async function runParity(implementation: string): Promise<{ all: string; dir: string; schedule: Scheduled[]; events: HistoryEvent[]; html: string }> {
  const store = tempStore();
  const r = await gossiplab(['run', scenarioFor(implementation), '--skip-unsupported'], store, { timeout: 280_000 });
  const dir = join(store, readlinkSync(join(store, 'latest')));
  return {
    all: r.all,
    dir,
    schedule: JSON.parse(readFileSync(join(dir, 'schedule.json'), 'utf8')) as Scheduled[],
    events: readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent),
    html: readFileSync(join(dir, 'index.html'), 'utf8'),
  };
}

/** Every scheduled fault either applied (start, stop, and its lifecycle events) or skipped with a reason in history and report. */
async function expectParity(implementation: string, refusedByImplementation: Record<string, RegExp>): Promise<void> {
  const host = await probeHost();
  const hasCap = { tbf: host.tbf, cpu: host.cpuCgroup, clock: true };
  const { all, schedule, events, html } = await runParity(implementation);
  const lines = events.filter((e): e is FaultLine => e.type === 'fault');
  expect(schedule.map((f) => f.kind)).toEqual(expect.arrayContaining(['partition', 'loss', 'bandwidth', 'pause', 'slow', 'cpu', 'clock', 'crash', 'restart', 'leave', 'churn']));
  expect(schedule.filter((f) => f.kind === 'partition').map((f) => f.params.shape))
    .toEqual(['halves', 'one-way', 'isolate', 'bridge', 'majorities-ring', 'grudge', 'isolate', 'isolate']); // the last two: flap windows

  // every node came up and spoke, the one a skipped clock fault targets too (no libfaketime preloaded for it)
  for (const n of ['n1', 'n2', 'n3', 'n4', 'n5', 'n6']) {
    expect(events.some((e) => e.type === 'obs' && e.node === n && e.obs === 'member' && e.member === n && e.state === 'alive'), `${n} never came up\n${all}`).toBe(true);
  }

  const skipped: string[] = [];
  for (const f of schedule) {
    const start = lines.find((e) => e.id === f.id && e.phase === 'start');
    expect(start, `${f.id} (${f.kind}) has no start line: silently missing\n${all}`).toBeDefined();
    const reason = (start as { skipped?: string }).skipped;
    const need = HOST_NEEDS[f.kind];
    const hostLacks = need !== undefined && !hasCap[need];
    const refusal = Object.entries(refusedByImplementation).find(([id]) => id === f.id)?.[1];
    if (refusal || hostLacks) {
      expect(reason, `${f.id} should be skipped\n${all}`).toBeTruthy();
      if (refusal) expect(reason).toMatch(new RegExp(`^${implementation} cannot take it: `));
      if (refusal) expect(reason).toMatch(refusal);
      expect(lines.some((e) => e.id === f.id && e.phase === 'stop'), `${f.id} was skipped, yet it has a stop line`).toBe(false);
      // the report's skipped box names the fault and gives the reason, as the history has it
      expect(html).toContain(`<b>${f.id}</b>`);
      expect(html).toContain(esc(reason));
      skipped.push(f.id);
      continue;
    }
    expect(reason, `${f.id} (${f.kind}) was skipped on ${implementation}: ${reason}`).toBeUndefined();
    const stop = lines.find((e) => e.id === f.id && e.phase === 'stop');
    expect(stop, `${f.id} (${f.kind}) started but never stopped\n${all}`).toBeDefined();
    for (const event of CAUSES[f.kind] ?? []) {
      const caused = events.some((e) => e.type === 'node' && e.event === event && e.t >= start!.t && e.t <= stop!.t + 1000);
      expect(caused, `${f.id} (${f.kind}) applied, yet no node was ${event} while it lasted`).toBe(true);
    }
  }
  expect(skipped.sort()).toEqual(Object.keys(refusedByImplementation).concat(schedule.filter((f) => {
    const need = HOST_NEEDS[f.kind];
    return need !== undefined && !hasCap[need] && !(f.id in refusedByImplementation);
  }).map((f) => f.id)).sort());
  if (skipped.length) expect(html).toContain(`${skipped.length} scheduled fault(s) were SKIPPED`);

  // the harness itself did not fail, and left nothing behind
  const errors = events.filter((e) => e.type === 'note' && e.level === 'error').map((e) => (e as { message: string }).message);
  expect(errors, all).toEqual([]);
  const run = events[0]!;
  const runId = run.type === 'run' ? run.runId : 'none';
  expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
  expect((await hostRules()).filter((r) => r.includes(`:${runId}:`))).toEqual([]);
}

// The two implementations' runs are independent, so they run side by side.
describe.skipIf(noDocker).concurrent('fault parity across implementations', () => {
  it('Serf takes every fault kind but clocks, and says why it cannot take a clock', async () => {
    await expectParity('serf', { 'f12-clock': /Go runtime reads the clock/ });
  }, 300_000);

  it('Redis Cluster takes every fault kind but clocks and graceful leaves, and says why', async () => {
    await expectParity('redis-cluster', {
      'f12-clock': /jemalloc/,
      'f16-leave': /no graceful leave/,
      'f17-churn': /no graceful leave/,
    });
  }, 300_000);
});

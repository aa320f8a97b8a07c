// A large cluster's history is the run projected onto a seeded sample of nodes:
// only observed nodes appear (always the update origin and node-fault targets),
// every line is about observed members, and the same checkers reach a valid
// verdict on the projection, with bounds derived for the full N.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import { runSimScenario } from '../../src/sim/index.js';
import type { HistoryEvent } from '../../src/history/types.js';

const SCENARIO = `
description: 250 nodes, a crash and an isolated node, observed through 30 of them
seed: 9
cluster: {preset: lan}
warmup: 2s
duration: 20s
quiesce: 60s
nemesis:
  - {kind: crash, at: 1s, node: n17}
  - {kind: partition, at: 5s, duration: 3s, shape: isolate, node: n40}
`;

describe('sampled history of a large simulated run', () => {
  it('observes only the sample, keeps the crashed node in it, and judges the projection valid', async () => {
    const s = resolveScenario(parseScenarioText(SCENARIO, 'sampled.yaml'), 'sampled.yaml', { nodes: 250 });
    const store = mkdtempSync(join(tmpdir(), 'gossiplab-sim-sampled-'));
    const r = await runSimScenario(s, { storeRoot: store, members: 'compact', sample: { observers: 30 } });
    const events = readFileSync(r.dir.history, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
    const run = events[0]!;
    if (run.type !== 'run') throw new Error('no run event');
    const observed = new Set(run.nodes);
    expect(observed.size).toBe(30);
    expect(observed.has('n17')).toBe(true);
    expect(observed.has('n40')).toBe(false);
    expect((run.config as { cluster: { nodes: number } }).cluster.nodes).toBe(250);
    for (const e of events) {
      if (e.type === 'node' || e.type === 'obs' || e.type === 'view') expect(observed.has(e.node)).toBe(true);
      if (e.type === 'obs' && (e.obs === 'member' || e.obs === 'removed')) expect(observed.has(e.member)).toBe(true);
      if (e.type === 'fault') for (const [a, b] of e.links ?? []) expect(observed.has(a) && observed.has(b)).toBe(true);
    }
    expect(events.some((e) => e.type === 'note' && e.message.includes('observes 30'))).toBe(true);
    const bad = Object.entries(r.analysis!.results).filter(([, v]) => v.valid !== true).map(([k, v]) => `${k}: ${v.violations[0]?.message ?? v.error ?? ''}`);
    expect(bad).toEqual([]);
  }, 60_000);
});

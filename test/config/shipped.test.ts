// The scenarios shipped in scenarios/: each resolves, stays small (≤ 5 nodes,
// ≤ 40 s of faults, LAN), every fault kind has an example, and the default runs
// on a host without netem and keeps what the integration test relies on.

import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/config/scenario.js';
import { FAULTS } from '../../faults/index.js';
import { SCENARIOS_DIR } from '../../src/paths.js';

const shipped = ['default', 'generated', ...readdirSync(join(SCENARIOS_DIR, 'faults')).filter((f) => f.endsWith('.yaml')).map((f) => `faults/${f}`)];

describe('shipped scenarios', () => {
  it.each(shipped)('%s resolves to a small LAN run whose faults start within the nemesis phase', (name) => {
    const s = loadScenario(name);
    expect(s.cluster.nodes).toBeLessThanOrEqual(5);
    expect(s.duration).toBeLessThanOrEqual(40_000);
    expect(s.cluster.preset).toBe('lan');
    expect(s.schedule.length).toBeGreaterThan(0);
    for (const f of s.schedule) expect(f.at).toBeLessThan(s.duration);
  });

  it('has an example of every fault kind, and of flap', () => {
    const examples = readdirSync(join(SCENARIOS_DIR, 'faults')).map((f) => f.replace(/\.yaml$/, ''));
    expect(examples.sort()).toEqual([...Object.keys(FAULTS), 'flap'].sort());
    for (const kind of Object.keys(FAULTS)) expect(loadScenario(`faults/${kind}`).schedule.some((f) => f.kind === kind)).toBe(true);
  });

  it('the default needs nothing beyond iptables and signals, and keeps one crash for good and a 10 s two-halves partition', () => {
    const s = loadScenario('default', { seed: 42 });
    for (const f of s.schedule) expect(FAULTS[f.kind].needs?.(f.params) ?? []).toEqual([]);
    expect(new Set(s.schedule.map((f) => f.kind))).toEqual(new Set(['crash', 'partition', 'pause', 'loss']));
    const crashes = s.schedule.filter((f) => f.kind === 'crash');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]!.params).toMatchObject({ restart: false });
    expect((crashes[0]!.params.nodes as string[])).toHaveLength(1);
    expect(s.schedule.some((f) => f.kind === 'restart' || f.kind === 'churn')).toBe(false);
    const parts = s.schedule.filter((f) => f.kind === 'partition');
    expect(parts).toHaveLength(1);
    expect(parts[0]!.duration).toBe(10_000);
    expect(FAULTS.partition.links!(parts[0]!.params)).toHaveLength(12);
    expect(s.duration).toBe(30_000);
    // The integration test shortens the phase to 24 s: every fault must still start in it.
    for (const f of loadScenario('default', { seed: 42, duration: 24_000 }).schedule) expect(f.at).toBeLessThan(24_000);
  });

  it('the default never pauses or degrades the node it crashed, whatever the seed', () => {
    for (let seed = 0; seed < 50; seed++) {
      const s = loadScenario('default', { seed });
      const crashed = (s.schedule[0]!.params.nodes as string[])[0];
      expect(s.schedule.find((f) => f.kind === 'pause')!.params.nodes).not.toContain(crashed);
      const lossy = FAULTS.loss.links!(s.schedule.find((f) => f.kind === 'loss')!.params);
      const centre = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((n) => lossy.every(([a, b]) => a === n || b === n));
      expect(centre).toHaveLength(1);
      expect(centre).not.toContain(crashed);
    }
  });
});

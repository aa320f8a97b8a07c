import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import type { Sim } from '../nodes/harness.js';
import { simRun } from './sim-history.js';

const verdicts = (r: ReturnType<typeof runCheckers>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r.results).map(([k, v]) => [k, v.valid]));

/** The default scenario, twelve seeds, each crashing a different node and injecting one update. */
const defaultRuns = Array.from({ length: 12 }, (_, i) => {
  const seed = i + 1;
  const crash = ['n1', 'n2', 'n3', 'n4', 'n5'][seed % 5]!;
  return { seed, crash, report: runCheckers(simRun({ seed, crash, update: seed % 2 ? 'n2' : 'n4' }).events) };
});
const metric = (r: ReturnType<typeof runCheckers>, checker: string, name: string): number => r.results[checker]!.metrics[name] as number;

describe('histories written by the real protocol core', () => {
  it('the default scenario (5 nodes, LAN, one crash never restarted, one 10 s two-halves partition) is valid under every checker', () => {
    for (const { seed, crash, report } of defaultRuns) {
      expect({ seed, crash, ...verdicts(report) }).toEqual({
        seed, crash, eviction: true, convergence: true, 'false-positives': true, detection: true,
        dissemination: true, incarnation: true, flapping: true, load: true,
      });
    }
  });

  it('reports figures that sit where theory puts them for the default scenario', () => {
    const ratios = defaultRuns.map(({ report }) => metric(report, 'detection', 'ratioToSchedule'));
    const mean = ratios.reduce((a, x) => a + x, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.7);
    expect(mean).toBeLessThan(1.4);
    for (const { report } of defaultRuns) {
      expect(metric(report, 'load', 'seedRatio')).toBeLessThan(1); // far below the seed document's ~4 KB/s at N=5
      expect(metric(report, 'dissemination', 'residue')).toBe(0); // no loss: gossip alone reaches everyone
      expect(metric(report, 'false-positives', 'falseSuspicions')).toBe(0);
    }
  });

  it('catches a node that never refutes (bugNeverRefute): healthy members stay accused after the heal', () => {
    const r = runCheckers(simRun({ seed: 1, params: { bugNeverRefute: true }, end: 100_000 }).events);
    expect(r.results['incarnation']!.valid).toBe(false);
    expect(r.results['incarnation']!.violations[0]!.message).toMatch(/was up and reachable from 25 s but was not seen alive with a higher incarnation/);
  });

  it('catches a node that never declares anyone dead (bugNeverEvict)', () => {
    const r = runCheckers(simRun({ seed: 1, params: { bugNeverEvict: true } }).events);
    expect(r.results['detection']!.violations.map((v) => v.message)).toEqual([expect.stringContaining('no observer ever declared it dead')]);
  });

  it('catches false deaths when one failed probe kills (bugSkipSuspicion) under loss the truth does not know of', () => {
    const r = runCheckers(simRun({ seed: 1, params: { bugSkipSuspicion: true }, loss: 0.05, partition: false }).events);
    expect(r.results['false-positives']!.valid).toBe(false);
    expect(r.results['false-positives']!.violations[0]!.message).toMatch(/^false positive: .* dead .* above maxDead 0/);
  });

  it('catches false positives and flapping when the network misbehaves behind the truth\'s back', () => {
    const isolate = (sim: Sim, t: number): void => { if (t === 40_000 || t === 50_000) sim.isolate('n2', t === 40_000); };
    const hidden = runCheckers(simRun({ seed: 1, meddle: isolate }).events);
    expect(hidden.results['false-positives']!.violations[0]).toMatchObject({ member: 'n2' });
    const lossy = runCheckers(simRun({ seed: 1, loss: 0.2 }).events);
    expect(verdicts(lossy)).toMatchObject({ 'false-positives': false, flapping: false });
  });
});

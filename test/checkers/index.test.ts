import { describe, expect, it } from 'vitest';
import { CHECKERS, exitCodeFor, runCheckers } from '../../checkers/index.js';
import type { Checker } from '../../checkers/types.js';
import { goodCrashRun, History } from './histories.js';

const throwing: Checker = { name: 'broken', open: () => ({ finish: () => { throw new Error('boom: lines out of order'); } }) };
const failing: Checker = {
  name: 'always-false',
  open: () => ({ finish: () => ({ valid: false, metrics: {}, violations: [{ message: 'bad', lines: [1] }], bounds: {} }) }),
};

describe('runCheckers', () => {
  it('runs every registered checker and composes a valid verdict', () => {
    const report = runCheckers(goodCrashRun().h.events);
    expect(Object.keys(report.results)).toEqual(CHECKERS.map((c) => c.name));
    expect(report.valid).toBe(true);
    expect(exitCodeFor(report.valid)).toBe(0);
  });

  it('turns a throwing checker into unknown without hiding the others', () => {
    const report = runCheckers(goodCrashRun().h.events, {}, [...CHECKERS, throwing]);
    expect(report.results['broken']).toMatchObject({ valid: 'unknown', error: 'boom: lines out of order' });
    expect(report.results['eviction']!.valid).toBe(true);
    expect(report.results['convergence']!.valid).toBe(true);
    expect(report.valid).toBe('unknown');
    expect(exitCodeFor(report.valid)).toBe(2);
  });

  it('lets false outrank unknown', () => {
    const report = runCheckers(goodCrashRun().h.events, {}, [throwing, failing]);
    expect(report.valid).toBe(false);
    expect(exitCodeFor(report.valid)).toBe(1);
  });

  it('says which field is missing when bounds cannot be derived, and works once every bound is overridden', () => {
    const h = new History(3, { params: null }).formed(0);
    const missing = runCheckers(h.events);
    expect(missing.valid).toBe('unknown');
    expect(missing.results['eviction']!.error).toContain('run.config.cluster.params is missing');

    for (const [t, k] of [[1000, 1], [2000, 2]] as const) for (const id of h.ids) h.stats(t, id, { msgs: k, bytes: 100 * k });
    h.phase(60_000, 'done');
    const partial = runCheckers(h.events, { eviction: { detection: 30, reap: 60 }, convergence: { converge: 30 } });
    expect(partial.results['false-positives']!.error).toContain('run.config.cluster.params is missing');
    const overridden = runCheckers(h.events, {
      eviction: { detection: 30, reap: 60 }, convergence: { converge: 30 },
      'false-positives': { grace: 1.5, rumorWindow: 60, maxDead: 0, maxCount: 3, maxRate: 3.6 },
      detection: { firstSuspicion: 9, firstDead: 33 }, dissemination: { spread: 36 }, incarnation: { refute: 62 },
      flapping: { maxPerHour: 7.2, maxCount: 2, perChange: 2 }, load: { meanBytesPerSec: 30_000, maxBytesPerSec: 33_000 },
    });
    expect(overridden.valid).toBe(true);
    expect(overridden.results['detection']!.metrics['swimExpectation']).toBeNull();
  });

  it('applies the scenario bounds from the run event, and the caller wins per bound', () => {
    const h = new History(5, { bounds: { eviction: { detection: 4, reap: 90 } } });
    const { h: good } = goodCrashRun();
    h.events.push(...good.events.slice(1));
    const fromScenario = runCheckers(h.events);
    expect(fromScenario.results['eviction']!.bounds['detection']!.value).toBe(4);
    expect(fromScenario.results['eviction']!.valid).toBe(false);
    const caller = runCheckers(h.events, { eviction: { detection: 10 } });
    expect(caller.results['eviction']!.bounds).toMatchObject({ detection: { value: 10 }, reap: { value: 90 } });
    expect(caller.results['eviction']!.valid).toBe(true);
  });

  it('reports unknown, not a crash, for a history without a run event', () => {
    const report = runCheckers([{ t: 0, type: 'phase', name: 'setup' }]);
    expect(report.valid).toBe('unknown');
    expect(report.results['eviction']!.error).toContain('no `run` event');
  });
});

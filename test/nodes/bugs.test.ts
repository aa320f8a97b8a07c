// The known-bad modes exist so the lab can prove its checkers catch bugs; each
// must misbehave exactly as params.ts documents, and only then.

import { describe, expect, it } from 'vitest';
import { cluster, firstObs } from './harness.js';

describe('known-bad modes', () => {
  it('bugNeverRefute: a falsely suspected live member is declared dead by the others', () => {
    const sim = cluster(6, { seed: 61, params: { bugNeverRefute: true } });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.isolate('n3');
    sim.runFor(8000, () => firstObs(sim, 'n3', 'suspect', t0) !== undefined);
    expect(firstObs(sim, 'n3', 'suspect', t0)).toBeDefined();
    sim.isolate('n3', false);
    sim.runFor(60_000);
    expect(firstObs(sim, 'n3', 'dead', t0)).toBeDefined();
    expect(sim.node('n3').view().members.find((m) => m.id === 'n3')?.incarnation).toBe(0);
  });

  it('the same false suspicion without the bug is refuted and nobody declares n3 dead', () => {
    const sim = cluster(6, { seed: 61 });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.isolate('n3');
    sim.runFor(8000, () => firstObs(sim, 'n3', 'suspect', t0) !== undefined);
    expect(firstObs(sim, 'n3', 'suspect', t0)).toBeDefined();
    sim.isolate('n3', false);
    sim.runFor(60_000);
    expect(firstObs(sim, 'n3', 'dead', t0)).toBeUndefined();
  });

  it('bugNeverEvict: a crashed member stays suspect forever and is never removed', () => {
    const sim = cluster(5, { seed: 62, params: { bugNeverEvict: true } });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.crash('n4');
    sim.runFor(200_000);
    expect(firstObs(sim, 'n4', 'suspect', t0)).toBeDefined();
    expect(firstObs(sim, 'n4', 'dead', t0)).toBeUndefined();
    expect(sim.log.some((r) => r.obs.type === 'removed')).toBe(false);
    for (const o of sim.live()) expect(sim.stateOf(o).get('n4')).toBe('suspect');
  });

  it('bugSkipSuspicion: a failed probe marks the target dead at once, with no suspect phase', () => {
    const sim = cluster(5, { seed: 63, params: { bugSkipSuspicion: true } });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.crash('n2');
    sim.runFor(10_000);
    expect(firstObs(sim, 'n2', 'dead', t0)).toBeDefined();
    expect(firstObs(sim, 'n2', 'dead', t0)! - t0).toBeLessThan(5000);
    expect(firstObs(sim, 'n2', 'suspect', t0)).toBeUndefined();
  });
});

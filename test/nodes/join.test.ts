// Joining through seeds that do not answer: a node keeps trying, less and less
// often, so a crowd of nodes started at once does not flood its seeds.

import { describe, expect, it } from 'vitest';
import { JOIN_BACKOFF_MAX, joinRetryDelay, resolveParams } from '../../nodes/core/index.js';
import { Sim } from './harness.js';

describe('join retries', () => {
  it('a node whose seed is down retries with growing pauses, and joins once the seed is back', () => {
    const sim = new Sim({ seed: 3 });
    sim.add('n1');
    sim.crash('n1');
    let joins = 0;
    sim.onSend = (from, to) => { if (from === 'n2' && to === 'n1') joins++; };
    sim.add('n2', ['n1']);
    sim.runFor(60_000);
    // Once a probe interval (1 s) without backing off: 60 joins in a minute.
    expect(joins).toBeGreaterThanOrEqual(4);
    expect(joins).toBeLessThanOrEqual(10);
    sim.add('n1');
    const maxPause = 1.5 * JOIN_BACKOFF_MAX * sim.params.probeInterval;
    sim.runFor(maxPause + 5_000, () => sim.converged());
    expect(sim.converged()).toBe(true);
  });

  it('nodes started together retry at different times, each within half to one and a half times its doubling pause', () => {
    const p = resolveParams('lan').probeInterval;
    for (let attempt = 0; attempt < 8; attempt++) {
      const base = p * Math.min(2 ** attempt, JOIN_BACKOFF_MAX);
      const delays = Array.from({ length: 200 }, (_, i) => joinRetryDelay(p, attempt, `n${i + 1}`));
      for (const d of delays) {
        expect(d).toBeGreaterThanOrEqual(0.5 * base);
        expect(d).toBeLessThan(1.5 * base);
      }
      // Spread out: no 10 % slice of the range holds more than a quarter of the nodes.
      const slices = new Array(10).fill(0);
      for (const d of delays) slices[Math.min(9, Math.floor(((d / base) - 0.5) * 10))]++;
      expect(Math.max(...slices)).toBeLessThan(50);
    }
  });
});

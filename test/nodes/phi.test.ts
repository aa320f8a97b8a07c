// Phi accrual: the pure function against the Akka and Cassandra claims, and the
// node's phi detector (detector: 'phi') suspecting a crashed member in virtual time.

import { describe, expect, it } from 'vitest';
import { HeartbeatWindow, phi, phiCrossing, resolveParams } from '../../nodes/core/index.js';
import { cluster, firstObs } from './harness.js';

const akka = { model: 'normal' as const, minStdDev: 100, acceptablePause: 3000 };
const cassandra = { model: 'exponential' as const, minStdDev: 100, acceptablePause: 3000 };

function regularHeartbeats(intervalMs: number, count: number): HeartbeatWindow {
  const w = new HeartbeatWindow(1000, intervalMs);
  for (let i = 0; i < count; i++) w.heartbeat(i * intervalMs, true);
  return w;
}

describe('phi accrual (pure)', () => {
  it('Akka defaults: after regular 1 s heartbeats, phi crosses 8 about 4.5 s after the last one', () => {
    const w = regularHeartbeats(1000, 60);
    const t = phiCrossing(8, w.mean, w.stdDev, akka);
    expect(t).toBeGreaterThan(4300);
    expect(t).toBeLessThan(4700);
    // CLAIMS 8: frozen 4.4 s stays reachable, frozen 4.6 s does not
    expect(phi(4400, w.mean, w.stdDev, akka)).toBeLessThan(8);
    expect(phi(4600, w.mean, w.stdDev, akka)).toBeGreaterThan(8);
  });

  it('Cassandra (exponential): convicts at 8·ln10 ≈ 18.4 mean intervals, so 15 s no, 20 s yes', () => {
    const w = regularHeartbeats(1000, 60);
    expect(phiCrossing(8, w.mean, w.stdDev, cassandra)).toBeCloseTo(8 * Math.LN10 * 1000, 0);
    expect(phi(15_000, w.mean, w.stdDev, cassandra)).toBeLessThan(8);
    expect(phi(20_000, w.mean, w.stdDev, cassandra)).toBeGreaterThan(8);
  });

  it('phi is increasing in elapsed time, and the window keeps only the last samples', () => {
    let last = -1;
    for (let t = 0; t < 10_000; t += 137) {
      const v = phi(t, 1000, 50, akka);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    const w = new HeartbeatWindow(3, 1000);
    [0, 100, 200, 300, 400].forEach((t) => w.heartbeat(t, true));
    expect(w.mean).toBe(100);
    expect(w.stdDev).toBe(0);
  });
});

describe('phi detector in a node', () => {
  it('suspects a crashed member about 3.5–4.6 s after its crash (last heartbeat up to 1 s earlier)', () => {
    const sim = cluster(5, { seed: 21, params: { detector: 'phi' } });
    sim.runFor(30_000);
    expect(sim.converged()).toBe(true);
    const crash = sim.now;
    sim.crash('n4');
    sim.runFor(10_000);
    const first = firstObs(sim, 'n4', 'suspect', crash);
    expect(first).toBeDefined();
    expect(first! - crash).toBeGreaterThan(3400);
    expect(first! - crash).toBeLessThan(4700);
    const det = sim.node('n1').detectorSnapshot(sim.now);
    expect(det.phi?.n4).toBeGreaterThan(8);
    expect(det.phi?.n2).toBeLessThan(1);
  });

  it('a 3 s silence is not a failure with Akka defaults', () => {
    const sim = cluster(4, { seed: 22, params: { detector: 'phi' } });
    sim.runFor(30_000);
    const t0 = sim.now;
    sim.isolate('n2');
    sim.runFor(3000);
    sim.isolate('n2', false);
    sim.runFor(10_000);
    expect(firstObs(sim, 'n2', 'suspect', t0)).toBeUndefined();
    expect(resolveParams('lan').phiThreshold).toBe(8);
  });
});

// SWIM detection in the simulator (CLAIMS 1): over 200 crashes in a 50-member
// cluster, the mean time from a crash to its first suspicion agrees within 15%
// with the expectation derived for this node's own probe schedule.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../nodes/core/index.js';
import { expectedFirstSuspicion } from '../nodes/first-suspicion.js';
import { views, warmCluster } from './helpers.js';

describe('first suspicion after a crash, simulated', () => {
  it('the mean over 200 crashes is within 15% of the derivation for this schedule', async () => {
    const N = 50;
    const seed = 2024;
    const { cluster, rt, ids, log, params } = warmCluster(N, seed);
    const rng = new Rng(seed);
    const converged = (): boolean => [...views(cluster).values()].every((v) => v.size === N && [...v.values()].every((s) => s === 'alive'));
    cluster.runUntil(5000);
    const samples: number[] = [];
    for (let trial = 0; trial < 200; trial++) {
      cluster.runUntil(cluster.now + rng.next() * 3000);
      const victim = ids[rng.int(N)]!;
      const crash = cluster.now;
      const from = log.length;
      await rt.kill(victim);
      let first: number | undefined;
      for (let end = crash + 30_000; first === undefined && cluster.now < end;) {
        cluster.runUntil(cluster.now + 50);
        first = log.slice(from).find((r) => r.o.type === 'member' && r.o.member === victim && r.o.state === 'suspect')?.t;
      }
      expect(first, `seed ${seed} trial ${trial}: ${victim} never suspected`).toBeDefined();
      samples.push(first! - crash);
      await rt.restart(victim);
      for (let end = cluster.now + 60_000; !converged() && cluster.now < end;) cluster.runUntil(cluster.now + 250);
      expect(converged(), `seed ${seed} trial ${trial}: no reconvergence after ${victim} came back`).toBe(true);
    }
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const latency = cluster.net.latency + cluster.net.jitter / 2;
    const expected = expectedFirstSuspicion(N, params.probeInterval, latency);
    console.log(`sim detection N=${N}, 200 crashes, seed ${seed}: mean ${(mean / 1000).toFixed(3)} T, expected ${(expected / 1000).toFixed(3)} T`);
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.15);
  }, 60_000);
});

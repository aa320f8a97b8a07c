// SWIM detection claims measured on this node's own schedule (CLAIMS 1 and 2):
// mean time from a crash to the first suspicion, against a derivation for
// randomized round-robin with unaligned periods; and the round-robin bound.

import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../nodes/core/codec.js';
import { Rng } from '../../nodes/core/index.js';
import { cluster, type Sim } from './harness.js';
import { expectedFirstSuspicion } from './first-suspicion.js';

export { expectedFirstSuspicion };

function waitConverged(sim: Sim, capMs: number): boolean {
  for (let t = 0; t < capMs; t += 500) {
    if (sim.converged()) return true;
    sim.runFor(500);
  }
  return sim.converged();
}

describe('SWIM detection on this schedule', () => {
  it('mean crash-to-first-suspicion over 200 crash trials in a 50-member cluster is within 15% of the derivation', () => {
    const N = 50;
    const T = 1000;
    const latency = 1;
    const seed = 2024;
    const sim = cluster(N, { seed, latency, params: { reapTime: 3000, gossipToTheDeadTime: 3000, pushPullInterval: 5000 } });
    expect(waitConverged(sim, 30_000), `seed ${seed}: cluster did not form`).toBe(true);
    const rng = new Rng(seed);
    const samples: number[] = [];
    let next = N + 1;
    for (let trial = 0; trial < 200; trial++) {
      sim.runFor(rng.next() * 3000);
      const live = sim.live();
      const victim = live[rng.int(live.length)]!;
      const crash = sim.now;
      const from = sim.log.length;
      sim.crash(victim);
      let first: number | undefined;
      sim.runFor(60_000, () => {
        for (let i = from; i < sim.log.length && first === undefined; i++) {
          const o = sim.log[i]!.obs;
          if (o.type === 'member' && o.member === victim && o.state === 'suspect') first = sim.log[i]!.t;
        }
        return first !== undefined;
      });
      expect(first, `seed ${seed} trial ${trial}: ${victim} never suspected`).toBeDefined();
      samples.push(first! - crash);
      // let the victim die and be reaped everywhere, and a fresh member take its place
      sim.runFor(12_000);
      sim.add(`n${next++}`, [sim.live()[0]!]);
      const ok = waitConverged(sim, 30_000);
      if (!ok) {
        const live2 = sim.live();
        for (const o of live2) {
          const v = sim.node(o).view().members;
          const bad = v.filter((m) => (m.state === 'alive') !== live2.includes(m.id) || m.state !== 'alive');
          const missing = live2.filter((id) => !v.some((m) => m.id === id));
          if (bad.length || missing.length) console.log(o, JSON.stringify(bad), missing);
        }
        console.log(sim.log.filter((r) => r.t > crash && r.obs.type === 'member' && r.obs.state !== 'alive').slice(0, 30).map((r) => `${r.t - crash} ${r.node} ${JSON.stringify(r.obs)}`).join('\n'));
      }
      expect(ok, `seed ${seed} trial ${trial}: no reconvergence`).toBe(true);
    }
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const expected = expectedFirstSuspicion(N, T, latency);
    const swim = Math.E / (Math.E - 1);
    console.log(`detection N=${N}, ${samples.length} trials, seed ${seed}: measured mean ${(mean / T).toFixed(3)} T, `
      + `expected for this schedule ${(expected / T).toFixed(3)} T, SWIM aligned-round e/(e-1) = ${swim.toFixed(3)} T`);
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.15);
  }, 120_000);

  it('no live member goes unprobed by an observer for more than 2N-1 probe periods', () => {
    const N = 20;
    const sim = cluster(N, { seed: 77 });
    expect(waitConverged(sim, 20_000)).toBe(true);
    const last = new Map<string, number>();
    let maxGap = 0;
    const start = sim.now;
    sim.onSend = (from, to, data) => {
      if (!to || !decodePacket(data).some((m) => m.t === 'ping')) return;
      const key = `${from}>${to}`;
      const prev = last.get(key);
      if (prev !== undefined) maxGap = Math.max(maxGap, sim.now - prev);
      last.set(key, sim.now);
    };
    sim.runFor(400_000);
    expect(sim.log.some((r) => r.t > start && r.obs.type === 'member' && r.obs.state !== 'alive')).toBe(false);
    expect(last.size).toBe(N * (N - 1));
    expect(maxGap).toBeLessThanOrEqual((2 * N - 1) * sim.params.probeInterval);
    // the round-robin bound itself: first of one pass, last of the next
    expect(maxGap).toBeLessThanOrEqual((2 * (N - 1) - 1) * sim.params.probeInterval + 1e-6);
  }, 60_000);
});

// SWIM detection claims measured on this node's own schedule (CLAIMS 1 and 2):
// mean time from a crash to the first suspicion, against a derivation for
// randomized round-robin with unaligned periods; and the round-robin bound.

import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../nodes/core/codec.js';
import { Rng } from '../../nodes/core/index.js';
import { cluster, type Sim } from './harness.js';

/*
 * Expected crash-to-first-suspicion time for THIS node's probe schedule.
 *
 * Schedule: each of the O = N-1 surviving observers runs probe rounds of exactly
 * T (awareness stays 0: no loss), at its own random phase. Its probe order is a
 * random permutation of its M = N-1 peers (victim included), reshuffled at each
 * wrap-around, so the victim sits at a uniform position p in the current pass and
 * an independent uniform position p' in the next. A probe that starts after the
 * crash fails, and the suspicion is raised at the END of that round (start + T).
 * A ping already in flight when the victim dies is lost too, so "after the crash"
 * means after c - l (l = one-way latency).
 *
 * For one observer, measure time in units of T from c - l. The crash falls in
 * slot j of the current pass (j uniform on 0..M-1), a fraction u through it, so
 * the next slot starts after f = 1-u (uniform on (0,1]). The next probe of the
 * victim starts after R = f + K slots, where given j:
 *   K = p - j - 1            if p > j   (still ahead in this pass): P = 1/M each
 *   K = (M-1-j) + p'         if p <= j  (already probed this pass): P = (j+1)/M^2 each
 * Averaging over j gives P(K = k). Observers are independent, so the first
 * probe after the crash starts after min_i R_i, with
 *   P(min > r) = P(R > r)^O,  P(R > r) = P(K >= k+1) + P(K = k)(1 - (r - k)) on [k, k+1).
 * Integrating each unit interval in closed form (tail_k = P(K >= k)):
 *   E[min R] = sum_k (tail_k^(O+1) - tail_(k+1)^(O+1)) / ((O+1) P(K = k)).
 * Then E[first suspicion - crash] = T (1 + E[min R]) - l.
 * For N = 50 this is about 1.98 T: close to one full period more than the first
 * probe itself (which comes after ~1 T on average, since the N-1 observers
 * together probe the victim about once per T), against SWIM's e/(e-1) = 1.58 T for
 * aligned rounds with uniformly random targets.
 */
export function expectedFirstSuspicion(n: number, probeInterval: number, latency: number): number {
  const M = n - 1;
  const O = n - 1;
  const pK = new Array<number>(2 * M).fill(0);
  for (let j = 0; j < M; j++) {
    for (let k = 0; k <= M - 2 - j; k++) pK[k]! += 1 / M / M;
    for (let q = 0; q < M; q++) pK[M - 1 - j + q]! += (j + 1) / (M * M) / M;
  }
  let tail = pK.reduce((a, b) => a + b, 0); // = 1
  let eMin = 0;
  for (let k = 0; k < pK.length; k++) {
    const p = pK[k]!;
    const next = Math.max(0, tail - p);
    if (p > 0) eMin += (tail ** (O + 1) - next ** (O + 1)) / ((O + 1) * p);
    tail = next;
  }
  return probeInterval * (1 + eMin) - latency;
}

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

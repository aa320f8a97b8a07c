// End-to-end behaviour of the core in virtual time: clusters form, crashes are
// detected and reaped, false suspicions are refuted, packets respect the budget.

import { describe, expect, it } from 'vitest';
import { cluster, firstObs } from './harness.js';

describe('cluster membership (virtual time)', () => {
  it.each([5, 20])('a %i-member cluster converges to all-alive', (n) => {
    const sim = cluster(n, { seed: n });
    for (let i = 0; i < 30 && !sim.converged(); i++) sim.runFor(500);
    expect(sim.converged(), `seed ${n}`).toBe(true);
    expect(sim.now).toBeLessThan(20_000);
  });

  it('a crashed member is suspected, then declared dead by all others, then removed', () => {
    const sim = cluster(8, { seed: 7 });
    sim.runFor(20_000);
    expect(sim.converged()).toBe(true);
    const crashAt = sim.now;
    sim.crash('n5');
    sim.runFor(120_000);
    const others = sim.live();
    expect(firstObs(sim, 'n5', 'suspect', crashAt)).toBeDefined();
    for (const o of others) {
      const dead = firstObs(sim, 'n5', 'dead', crashAt, o);
      expect(dead, `${o} declares n5 dead`).toBeDefined();
      const removed = sim.log.find((r) => r.node === o && r.obs.type === 'removed' && r.obs.member === 'n5');
      expect(removed, `${o} removes n5`).toBeDefined();
      expect(removed!.t - dead!).toBeGreaterThanOrEqual(sim.params.reapTime - 1e-6);
      expect(sim.stateOf(o).has('n5')).toBe(false);
    }
    // no live member was ever declared dead
    expect(sim.log.some((r) => r.obs.type === 'member' && r.obs.state === 'dead' && r.obs.member !== 'n5')).toBe(false);
  });

  it('a falsely suspected member refutes with a higher incarnation', () => {
    const sim = cluster(6, { seed: 11 });
    sim.runFor(15_000);
    const before = sim.node('n3').view().members.find((m) => m.id === 'n3')!.incarnation;
    const t0 = sim.now;
    sim.isolate('n3');
    sim.runFor(2_500, () => firstObs(sim, 'n3', 'suspect', t0) !== undefined);
    expect(firstObs(sim, 'n3', 'suspect', t0)).toBeDefined();
    sim.isolate('n3', false);
    sim.runFor(10_000);
    const refuted = sim.log.find((r) => r.t >= t0 && r.node === 'n3' && r.obs.type === 'member' && r.obs.member === 'n3');
    expect(refuted?.obs).toMatchObject({ state: 'alive' });
    const inc = sim.node('n3').view().members.find((m) => m.id === 'n3')!.incarnation;
    expect(inc).toBeGreaterThan(before);
    expect(sim.converged()).toBe(true);
    for (const o of sim.live()) {
      expect(sim.node(o).view().members.find((m) => m.id === 'n3')).toMatchObject({ state: 'alive', incarnation: inc });
    }
  });

  it('no packet exceeds the packet budget, even for a large cluster with churn', () => {
    const sim = cluster(60, { seed: 3, params: { packetBudget: 512 } });
    sim.runFor(10_000);
    for (let i = 0; i < 5; i++) sim.act(`n${10 + i}`, (n, now) => n.setMeta('k', 'v'.repeat(100), now));
    sim.crash('n7');
    sim.runFor(40_000);
    expect(sim.maxPacket).toBeGreaterThan(300);
    expect(sim.maxPacket).toBeLessThanOrEqual(512);
  });

  it('a graceful leave shows as left everywhere and is reaped', () => {
    const sim = cluster(5, { seed: 5 });
    sim.runFor(10_000);
    const t0 = sim.now;
    sim.act('n2', (n, now) => n.leave(now));
    sim.runFor(5_000);
    for (const o of sim.live().filter((id) => id !== 'n2')) expect(sim.stateOf(o).get('n2')).toBe('left');
    sim.crash('n2');
    sim.runFor(sim.params.reapTime + 1000);
    for (const o of sim.live()) expect(sim.stateOf(o).has('n2')).toBe(false);
    expect(sim.log.some((r) => r.t >= t0 && r.obs.type === 'member' && r.obs.member === 'n2' && r.obs.state === 'dead')).toBe(false);
  });

  it('a crashed member that restarts with incarnation 0 refutes its death and is alive everywhere again', () => {
    const sim = cluster(6, { seed: 13, params: { reapTime: 120_000 } });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.crash('n4');
    sim.runFor(40_000);
    for (const o of sim.live()) expect(sim.stateOf(o).get('n4')).toBe('dead');
    sim.add('n4', ['n1']); // same id and address, fresh process: incarnation 0
    sim.runFor(10_000);
    expect(sim.converged()).toBe(true);
    const inc = sim.node('n1').view().members.find((m) => m.id === 'n4')!.incarnation;
    expect(inc).toBeGreaterThan(0);
    expect(sim.log.some((r) => r.t > t0 && r.node === 'n4' && r.obs.type === 'member' && r.obs.member === 'n4' && r.obs.incarnation === inc)).toBe(true);
  });
});

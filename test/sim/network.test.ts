// The simulated network is exact about what the faults say: a cut directed link
// delivers nothing while it is cut (checked when a datagram arrives, as iptables
// in the receiver's namespace would), a one-way cut leaves the other direction
// alone, lossy links drop their share, and a stopped process gets its buffered
// datagrams only once it runs again.

import { describe, expect, it } from 'vitest';
import { cutLinks } from '../../faults/partition.js';
import { linksTouching } from '../../faults/select.js';
import { warmCluster } from './helpers.js';

const halves = (ids: string[]): string[][] => [ids.slice(0, ids.length / 2), ids.slice(ids.length / 2)];

describe('simulated network', () => {
  for (const how of ['links', 'sides'] as const) {
    it(`a partition (${how}) delivers nothing across the cut while it stands, and everything after`, async () => {
      const { cluster, rt, ids } = warmCluster(10, 11);
      const sides = halves(ids);
      const sideOf = new Map(sides.flatMap((s, i) => s.map((id) => [id, i] as const)));
      let across = 0;
      let within = 0;
      cluster.onDeliver = (from, to) => { if (sideOf.get(from.id) !== sideOf.get(to.id)) across++; else within++; };
      cluster.runUntil(5000);
      const before = across;
      expect(before).toBeGreaterThan(0);
      if (how === 'links') await rt.degradeLinks('p1', cutLinks({ sides }), { drop: true });
      else await rt.cutSides('p1', sides);
      across = 0;
      cluster.runUntil(9000);
      expect(across).toBe(0);
      expect(within).toBeGreaterThan(0);
      expect(cluster.counters.dropped.cut).toBeGreaterThan(0);
      // n1 suspects the other side by now (shorter than the suspicion timeout: nobody is dead yet)
      const v = cluster.node('n1').core!.view().members;
      expect(v.some((m) => sides[1]!.includes(m.id) && m.state === 'suspect')).toBe(true);
      await rt.clearLinks('p1');
      cluster.runUntil(11_000);
      expect(across).toBeGreaterThan(0);
    });
  }

  it('a one-way cut drops only its direction', async () => {
    const { cluster, rt } = warmCluster(4, 12);
    const seen = { ab: 0, ba: 0 };
    cluster.onDeliver = (from, to) => {
      if (from.id === 'n1' && to.id === 'n2') seen.ab++;
      if (from.id === 'n2' && to.id === 'n1') seen.ba++;
    };
    await rt.degradeLinks('w1', [['n1', 'n2']], { drop: true });
    cluster.runUntil(20_000);
    expect(seen.ab).toBe(0);
    expect(seen.ba).toBeGreaterThan(0);
  });

  it('a lossy node drops its share of packets on its links (binomial, 5 sigma)', async () => {
    const { cluster, rt, ids } = warmCluster(8, 13);
    let onLinks = 0;
    cluster.onDeliver = (from, to) => { if (from.id === 'n3' || to.id === 'n3') onLinks++; };
    const p = 0.3;
    await rt.degradeLinks('l1', linksTouching(['n3'], ids), { loss: p });
    cluster.runUntil(120_000);
    const lost = cluster.counters.dropped.loss;
    const total = lost + onLinks;
    const sigma = Math.sqrt(total * p * (1 - p));
    expect(total).toBeGreaterThan(500);
    expect(Math.abs(lost - p * total)).toBeLessThan(5 * sigma);
  });

  it('a stopped process reads nothing until it runs again, then its buffered datagrams', async () => {
    const { cluster, rt } = warmCluster(5, 14);
    const got: number[] = [];
    cluster.onDeliver = (_from, to) => { if (to.id === 'n2') got.push(cluster.now); };
    cluster.runUntil(3000);
    await rt.pause('n2');
    const paused = got.length;
    cluster.runUntil(6000);
    expect(got.length).toBe(paused);
    expect(cluster.node('n2').held.length).toBeGreaterThan(0);
    await rt.resume('n2');
    expect(got.length).toBeGreaterThan(paused);
    expect(got.slice(paused).every((t) => t === 6000)).toBe(true);
  });
});

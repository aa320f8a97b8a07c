// Network faults of the catalogue have their effect in the simulator, run from
// the shipped example scenarios (scenarios/faults/) through the nemesis and the
// catalogue's own fault modules: what a cut, a lossy, a delayed, a duplicating, a
// reordering link does to the datagrams, and what the nodes say. (Bandwidth needs
// a busy node to show: bandwidth.test.ts.)

import { describe, expect, it } from 'vitest';
import { faultRun, mean, said, windowOf, within, type Delivery, type FaultRun } from './fault-run.js';

const latency = (d: Delivery): number => d.t - d.sent;
const onLink = (links: [string, string][]) => {
  const set = new Set(links.map(([a, b]) => `${a}>${b}`));
  return (d: Delivery): boolean => set.has(`${d.from}>${d.to}`);
};
/** |observed - expected| within 5 binomial standard deviations. */
function binomial(hits: number, trials: number, p: number): void {
  const sigma = Math.sqrt(trials * p * (1 - p));
  expect(trials).toBeGreaterThan(25);
  expect(Math.abs(hits - p * trials), `${hits} of ${trials}, expected ${p * trials}`).toBeLessThan(5 * sigma);
}

describe('network faults in the simulator', () => {
  it('partition (isolate, bridge, majorities-ring, one-way, grudge): nothing crosses a cut while it stands, the cut side is suspected, traffic returns after the heal', async () => {
    const r = await faultRun('faults/partition');
    const windows = [...r.faults.values()];
    expect(windows.map((w) => w.params.shape)).toEqual(['isolate', 'bridge', 'majorities-ring', 'one-way', 'grudge']);
    for (const w of windows) {
      const cut = onLink(w.links);
      expect(w.links.length, w.id).toBeGreaterThan(0);
      expect(r.deliveries.filter((d) => cut(d) && within(d.t, w)), `${w.id}: datagrams across the cut`).toEqual([]);
      expect(r.deliveries.some((d) => cut(d) && d.t >= w.stop && d.t < w.stop + 5000), `${w.id}: traffic after the heal`).toBe(true);
      if (w.params.shape === 'one-way') {
        // n2 and n3 drop n1's datagrams; n1 still hears n2 and n3
        expect(w.links.every(([from]) => from === 'n1')).toBe(true);
        expect(r.deliveries.some((d) => d.from === 'n2' && d.to === 'n1' && within(d.t, w))).toBe(true);
        continue;
      }
      const accused = w.links.filter(([from, to]) => said(r, from, 'suspect', w.start, w.stop + 1000).some((e) => e.node === to));
      if (w.params.shape === 'isolate') {
        expect(accused.length, `${w.id}: nobody suspected the isolated node`).toBeGreaterThan(0);
        continue;
      }
      // With 5 members, the k = 3 indirect helpers are all the others, so a failed direct probe always
      // finds one that hears both ends (the bridge; a common neighbour on the ring; a third party for a
      // grudge): nobody is suspected, because indirect probes go around the cut.
      expect(accused, `${w.id}: suspected across the cut`).toEqual([]);
      const around = r.deliveries.filter((d) => within(d.t, w) && d.msgs.some((m) => m.t === 'pingReq'
        && w.links.some(([a, b]) => (a === d.from && b === m.target) || (b === d.from && a === m.target))));
      expect(around.length, `${w.id}: no indirect probe around the cut`).toBeGreaterThan(0);
    }
    expect(r.result.analysis?.valid).toBe(true);
  }, 60_000);

  it('loss: a lossy node and a lossy link pair drop their share of datagrams (5 sigma)', async () => {
    const r = await faultRun('faults/loss');
    const [w1, w2] = [windowOf(r, 'loss', 0), windowOf(r, 'loss', 1)];
    expect([w1.params.p, w2.params.p]).toEqual([0.3, 0.5]);
    const passed = (w: typeof w1): number => r.deliveries.filter((d) => onLink(w.links)(d) && within(d.t, w)).length;
    // lost ~ Binomial(sent, p) on each fault's links; sent = passed + lost
    const [p1, p2] = [passed(w1), passed(w2)];
    const lost = r.result.counters.dropped.loss;
    const expected = (p1 * 0.3) / 0.7 + p2;
    const sigma = Math.sqrt((p1 / 0.7) * 0.3 * 0.7 + 2 * p2 * 0.25);
    expect(p1 + p2).toBeGreaterThan(60);
    expect(Math.abs(lost - expected), `lost ${lost}, expected ${expected.toFixed(1)}`).toBeLessThan(5 * sigma);
  }, 60_000);

  it('delay: the node\'s datagrams take 200 ms ± 50 ms while the fault lasts, everyone else\'s a LAN millisecond', async () => {
    const r = await faultRun('faults/delay');
    const w = windowOf(r, 'delay');
    const [target] = w.targets;
    const delayed = r.deliveries.filter((d) => d.from === target && within(d.sent, w)).map(latency);
    const others = r.deliveries.filter((d) => d.from !== target || !within(d.sent, w)).map(latency);
    expect(delayed.length).toBeGreaterThan(20);
    expect(Math.min(...delayed)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...delayed)).toBeLessThan(252);
    expect(Math.abs(mean(delayed) - 200)).toBeLessThan(15);
    expect(Math.max(...others)).toBeLessThan(3);
  }, 60_000);

  it('duplicate: 20% of the node\'s datagrams arrive twice while the fault lasts, and no one else\'s', async () => {
    const r = await faultRun('faults/duplicate');
    const w = windowOf(r, 'duplicate');
    const seen = new Map<Delivery['msgs'], Map<string, number>>();
    for (const d of r.deliveries) {
      const byTo = seen.get(d.msgs) ?? new Map<string, number>();
      byTo.set(d.to, (byTo.get(d.to) ?? 0) + 1);
      seen.set(d.msgs, byTo);
    }
    const copies = (d: Delivery): number => seen.get(d.msgs)!.get(d.to)!;
    const mine = r.deliveries.filter((d) => d.from === w.targets[0] && within(d.sent, w));
    const sent = new Set(mine.map((d) => d.msgs)).size;
    binomial(mine.length - sent, sent, 0.2);
    expect(r.deliveries.filter((d) => !(d.from === w.targets[0] && within(d.sent, w)) && copies(d) > 1)).toEqual([]);
  }, 60_000);

  it('reorder: a quarter of the node\'s datagrams go at once, the rest wait 20 ms', async () => {
    const r = await faultRun('faults/reorder');
    const w = windowOf(r, 'reorder');
    const mine = r.deliveries.filter((d) => d.from === w.targets[0] && within(d.sent, w));
    const quick = mine.filter((d) => latency(d) < 3);
    binomial(quick.length, mine.length, 0.25);
    expect(mine.filter((d) => latency(d) >= 3).every((d) => latency(d) >= 20 && latency(d) < 22)).toBe(true);
  }, 60_000);

  it('flap: n3 is cut off in each of the six windows and back in between; it is suspected', async () => {
    const r: FaultRun = await faultRun('faults/flap');
    const windows = [...r.faults.values()];
    expect(windows.map((w) => w.id)).toEqual([1, 2, 3, 4, 5, 6].map((k) => `f1-flap-${k}-partition`));
    for (const [i, w] of windows.entries()) {
      const touching = (d: Delivery): boolean => d.from === 'n3' || d.to === 'n3';
      expect(r.deliveries.filter((d) => touching(d) && within(d.t, w)), w.id).toEqual([]);
      const next = windows[i + 1]?.start ?? w.stop + 2000;
      expect(r.deliveries.some((d) => touching(d) && d.t >= w.stop && d.t < next), `${w.id}: n3 back in between`).toBe(true);
    }
    expect(said(r, 'n3', 'suspect', windows[0]!.start, windows.at(-1)!.stop + 1000).length).toBeGreaterThan(0);
  }, 60_000);
});

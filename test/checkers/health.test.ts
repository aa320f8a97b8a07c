import { describe, expect, it } from 'vitest';
import { healthySince, lastDisturbed, nodeHours, pairHealthySince } from '../../checkers/health.js';
import { buildTruth } from '../../checkers/truth.js';
import { degradationsOf, degradationsTouching } from '../../checkers/truth-degraded.js';
import { History } from './histories.js';

describe('degradation truth', () => {
  it('treats every fault but partitions and crashes as degrading its targets and link ends, and skips skipped ones', () => {
    const h = new History(4).formed(0);
    const cpu = h.fault(1000, 'start', 'c', 'cpu', ['n1']);
    h.fault(1000, 'start', 'l', 'loss', ['n2'], { links: [['n2', 'n3']], loss: 0.2 });
    h.fault(1000, 'start', 'lp', 'partition', ['n4'], { links: [['n4', 'n1']], loss: 0.5 });
    h.fault(1000, 'start', 'p', 'partition', ['n4'], { links: [['n4', 'n2']] });
    h.fault(1000, 'start', 'k', 'clock', ['n3'], { skipped: 'no libfaketime' });
    const stop = h.fault(5000, 'stop', 'c', 'cpu', ['n1']);
    const d = degradationsOf(h.events);
    expect(d.map((x) => [x.faultId, x.nodes])).toEqual([['c', ['n1']], ['l', ['n2', 'n3']], ['lp', ['n1', 'n4']]]);
    expect(d[0]).toMatchObject({ from: 1000, fromLine: cpu, to: 5000, toLine: stop });
    expect(d[1]!.to).toBe(Infinity);
    expect(degradationsTouching(d, 'n1', 6000, 7000).map((x) => x.faultId)).toEqual(['lp']);
    expect(degradationsTouching(d, 'n3', 0, 500)).toEqual([]);
  });
});

describe('health over time', () => {
  it('knows since when an observer could reach a member, and when the member was last cut off from anyone', () => {
    const h = new History(3).formed(0);
    h.partition(10_000, 'start', 'p', ['n1'], ['n2', 'n3']);
    h.partition(20_000, 'stop', 'p', ['n1'], ['n2', 'n3']);
    h.node(30_000, 'n3', 'paused');
    h.node(35_000, 'n3', 'resumed');
    const truth = buildTruth(h.events);
    expect(healthySince(truth, 'n2', 'n1', 15_000)).toBeUndefined();
    expect(healthySince(truth, 'n2', 'n1', 25_000)).toBe(20_000);
    expect(healthySince(truth, 'n2', 'n3', 25_000)).toBe(0);
    expect(healthySince(truth, 'n1', 'n3', 40_000)).toBe(35_000);
    expect(pairHealthySince(truth, 'n3', 'n2', 40_000)).toBe(35_000);
    expect(lastDisturbed(truth, 'n2', 5000)).toBeUndefined();
    expect(lastDisturbed(truth, 'n2', 15_000)).toBe(15_000);
    expect(lastDisturbed(truth, 'n2', 50_000)).toBe(20_000);
    expect(lastDisturbed(truth, 'n3', 50_000)).toBe(35_000);
  });

  it('does not count a cut to a crashed node as a disturbance, and counts node-hours of running nodes', () => {
    const h = new History(2).formed(0);
    h.crash(10_000, 'n2');
    h.partition(20_000, 'start', 'p', ['n1'], ['n2']);
    h.phase(3_600_000, 'done');
    const truth = buildTruth(h.events);
    expect(lastDisturbed(truth, 'n1', 30_000)).toBeUndefined();
    expect(nodeHours(truth)).toBeCloseTo(1 + 10_000 / 3_600_000, 9); // n2 counts until its crash fault
  });
});

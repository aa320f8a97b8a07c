import { describe, expect, it } from 'vitest';
import { buildTruth } from '../../checkers/truth.js';
import { History } from './histories.js';

describe('ground truth', () => {
  it('knows who was up, crashed, restarted and paused, from node and fault events alone', () => {
    const h = new History(3).formed(100);
    const [faultLine, killedLine] = h.crash(10_000, 'n2');
    const restartLine = h.node(20_000, 'n2', 'restarted');
    h.node(30_000, 'n3', 'paused');
    h.node(35_000, 'n3', 'resumed');
    h.member(40_000, 'n1', 'n2', 'dead'); // what nodes say never changes the truth
    const truth = buildTruth(h.events);

    expect(truth.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(truth.isUp('n2', 5_000)).toBe(true);
    expect(truth.stateAt('n2', 15_000)).toBe('crashed');
    expect(truth.isUp('n2', 25_000)).toBe(true);
    expect(truth.crashes).toEqual([{ node: 'n2', t: 10_000, lines: [faultLine, killedLine], restart: { t: 20_000, line: restartLine } }]);
    expect(truth.stateAt('n3', 32_000)).toBe('paused');
    expect(truth.isUp('n3', 32_000)).toBe(false);
    expect(truth.isUp('n3', 36_000)).toBe(true);
    expect(truth.stateAt('n1', 50)).toBe('down');
  });

  it('cuts exactly the directed links a partition lists, until its stop', () => {
    const h = new History(4).formed(100);
    h.partition(10_000, 'start', 'p1', ['n1', 'n2'], ['n3', 'n4']);
    const stop = h.partition(20_000, 'stop', 'p1', ['n1', 'n2'], ['n3', 'n4']);
    const heal = h.phase(25_000, 'heal');
    const truth = buildTruth(h.events);

    expect(truth.linkWorks('n1', 'n3', 15_000)).toBe(false);
    expect(truth.linkWorks('n3', 'n1', 15_000)).toBe(false);
    expect(truth.linkWorks('n1', 'n2', 15_000)).toBe(true);
    expect(truth.linkWorks('n1', 'n3', 20_000)).toBe(true);
    expect(truth.healthyFrom('n1', 'n4', 15_000)).toBe(false);
    expect(truth.healthyFrom('n3', 'n4', 15_000)).toBe(true);
    expect(truth.faults).toMatchObject([{ id: 'p1', from: 10_000, to: 20_000, toLine: stop }]);
    expect(truth.lastHeal).toEqual({ t: 25_000, line: heal });
  });

  it('an asymmetric cut breaks health in both directions of observation', () => {
    const h = new History(2).formed(0);
    h.fault(1000, 'start', 'a1', 'partition', ['n1', 'n2'], { links: [['n1', 'n2']] });
    const truth = buildTruth(h.events);
    expect(truth.linkWorks('n2', 'n1', 2000)).toBe(true);
    expect(truth.healthyFrom('n2', 'n1', 2000)).toBe(false);
    expect(truth.faults[0]?.to).toBe(Infinity);
  });

  it('expands partition sides when links are missing, records loss, ignores skipped faults', () => {
    const h = new History(3).formed(0);
    h.fault(1000, 'start', 'p', 'partition', ['n1', 'n2', 'n3'], { params: { sides: [['n1'], ['n2', 'n3']] } });
    h.fault(1000, 'start', 'l', 'loss', ['n2'], { links: [['n2', 'n3']], loss: 0.25 });
    h.fault(1000, 'start', 's', 'partition', ['n2', 'n3'], { links: [['n3', 'n2']], skipped: 'no iptables' });
    const truth = buildTruth(h.events);
    expect(truth.linkWorks('n3', 'n1', 2000)).toBe(false);
    expect(truth.linkWorks('n2', 'n3', 2000)).toBe(true);
    expect(truth.linkLoss('n2', 'n3', 2000)).toBeCloseTo(0.25);
    expect(truth.linkWorks('n3', 'n2', 2000)).toBe(true);
  });

  it('assumes nodes without a start announcement were up from the beginning', () => {
    const h = new History(2);
    h.node(5000, 'n2', 'killed');
    const truth = buildTruth(h.events);
    expect(truth.isUp('n1', 10)).toBe(true);
    expect(truth.isUp('n2', 10)).toBe(true);
    expect(truth.isUp('n2', 6000)).toBe(false);
    expect(truth.crashes.map((c) => c.lines)).toEqual([[2]]);
  });
});

import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { goodCrashRun, History } from './histories.js';

const fpOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['false-positives']!;
type Counts = { suspect: { healthy: number; degraded: number }; dead: { healthy: number; degraded: number } };

describe('false positives', () => {
  it('passes a correct crash run, with bounds derived from the LAN params', () => {
    const r = fpOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ falseSuspicions: 0, falseDeaths: 0, excused: { 'member-down': 8 } });
    expect(r.bounds).toMatchObject({
      grace: { value: 1.5, unit: 's' }, rumorWindow: { value: 59.8, unit: 's' },
      maxDead: { value: 0 }, maxCount: { value: 5 }, maxRate: { value: 3.6, unit: 'accusations per node-hour' },
    });
    expect(r.bounds['grace']!.source).toContain('probeInterval 1 s + probeTimeout 0.5 s');
    expect(r.bounds['rumorWindow']!.source).toContain('pushPullInterval 30 s');
  });

  it('flags a healthy member declared dead, citing that line and member', () => {
    const h = new History(3).formed(0);
    const suspect = h.member(30_000, 'n1', 'n2', 'suspect');
    const dead = h.member(35_000, 'n1', 'n2', 'dead');
    const copy = h.member(35_300, 'n3', 'n2', 'dead');
    h.phase(60_000, 'done');
    const r = fpOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ member: 'n2', observer: 'n1', lines: [dead, copy] });
    expect(r.violations[0]!.message).toMatch(/^false positive: n1 declared n2 dead \(incarnation 0\) at 35 s .* above maxDead 0/);
    expect(r.metrics['counts']).toEqual({ suspect: { healthy: 1, degraded: 0 }, dead: { healthy: 1, degraded: 0 } } satisfies Counts);
    expect(r.metrics['events']).toEqual([
      expect.objectContaining({ observer: 'n1', member: 'n2', state: 'suspect', t: 30, line: suspect, condition: 'healthy' }),
      expect.objectContaining({ observer: 'n1', member: 'n2', state: 'dead', t: 35, line: dead }),
      expect.objectContaining({ observer: 'n3', member: 'n2', state: 'dead', line: copy }),
    ]);
    expect(r.metrics['nodeHours']).toBeCloseTo((3 * 60) / 3600, 3);
  });

  it('does not count accusations across a partition, just after its heal, or stale rumors of it', () => {
    const h = new History(4).formed(0);
    h.partition(20_000, 'start', 'p', ['n1', 'n2'], ['n3', 'n4']);
    h.member(22_000, 'n1', 'n3', 'suspect');
    h.member(27_000, 'n1', 'n3', 'dead');
    h.partition(30_000, 'stop', 'p', ['n1', 'n2'], ['n3', 'n4']);
    h.member(30_800, 'n3', 'n1', 'suspect'); // its probe failed before the heal: within the grace window
    h.member(45_000, 'n4', 'n3', 'dead'); // n1's old accusation reaches n4, which never lost n3
    h.member(46_000, 'n3', 'n3', 'alive', 1); // n3 refutes
    for (const o of ['n1', 'n4']) h.member(46_500, o, 'n3', 'alive', 1);
    h.member(46_500, 'n3', 'n1', 'alive', 1);
    h.phase(100_000, 'done');
    const r = fpOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ falseSuspicions: 0, falseDeaths: 0, excused: { unreachable: 2, inherited: 1, 'stale-rumor': 1 } });
  });

  it('counts a fresh accusation after the refutation, and fails only above max(maxCount, maxRate × node-hours)', () => {
    const h = new History(3).formed(0);
    const lines = ['n1', 'n2', 'n3'].flatMap((m, i) => [0, 1].map((inc) => {
      const o = m === 'n1' ? 'n2' : 'n1';
      const l = h.member(10_000 + i * 5000 + inc * 2000, o, m, 'suspect', inc);
      h.member(11_000 + i * 5000 + inc * 2000, o, m, 'alive', inc + 1);
      return l;
    }));
    h.phase(60_000, 'done');
    const r = fpOf(h);
    expect(r.valid).toBe(false);
    expect(r.metrics['falseSuspicions']).toBe(6);
    expect(r.metrics['suspicionAllowance']).toBe(3);
    expect(r.violations.map((v) => v.lines)).toEqual(lines.map((l) => [l]));
    expect(r.violations[0]!.message).toContain('6 false suspicions of healthy members, above max(maxCount 3, maxRate 3.6/node-hour');
    expect(fpOf(h, { 'false-positives': { maxCount: 6 } }).valid).toBe(true);
  });

  it('reports accusations of degraded members apart, and does not judge them', () => {
    const h = new History(3).formed(0);
    h.fault(20_000, 'start', 'cpu1', 'cpu', ['n2'], { params: { quota: 0.05 } });
    h.member(25_000, 'n1', 'n2', 'suspect');
    h.member(30_000, 'n1', 'n2', 'dead');
    h.fault(40_000, 'stop', 'cpu1', 'cpu', ['n2']);
    h.fault(50_000, 'start', 'l1', 'loss', ['n3'], { links: [['n1', 'n3']], loss: 0.3 });
    h.member(55_000, 'n1', 'n3', 'suspect');
    h.fault(58_000, 'stop', 'l1', 'loss', ['n3']);
    h.phase(90_000, 'done');
    const r = fpOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ falseDeaths: 0, degradedDeaths: 1, degradedSuspicions: 2 });
    const events = r.metrics['events'] as { degradedBy: string[]; condition: string }[];
    expect(events.map((e) => [e.condition, e.degradedBy])).toEqual([['degraded', ['cpu1']], ['degraded', ['cpu1']], ['degraded', ['l1']]]);
  });

  it('excuses accusations of a paused member and those of an observer that just resumed', () => {
    const h = new History(3).formed(0);
    h.node(20_000, 'n2', 'paused');
    h.member(22_000, 'n1', 'n2', 'suspect');
    h.node(30_000, 'n2', 'resumed');
    h.member(30_500, 'n2', 'n3', 'suspect'); // n2's own probe timers fired late on resume
    h.member(31_000, 'n2', 'n3', 'alive', 1);
    h.member(31_000, 'n1', 'n2', 'alive', 1);
    h.phase(90_000, 'done');
    const r = fpOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics['excused']).toMatchObject({ 'member-down': 1, 'observer-fresh': 1 });
  });

  it('uses a scenario override of the rumor window', () => {
    const h = new History(3).formed(0);
    h.partition(20_000, 'start', 'p', ['n1'], ['n2', 'n3']);
    h.partition(30_000, 'stop', 'p', ['n1'], ['n2', 'n3']);
    h.member(33_000, 'n1', 'n2', 'suspect', 0);
    h.member(34_000, 'n1', 'n2', 'dead', 0);
    h.phase(90_000, 'done');
    expect(fpOf(h).valid).toBe(true); // a stale accusation from the partition
    const strict = fpOf(h, { 'false-positives': { rumorWindow: 1 } });
    expect(strict.bounds['rumorWindow']!.source).toBe('scenario override (bounds.false-positives.rumorWindow)');
    expect(strict.valid).toBe(false);
  });
});

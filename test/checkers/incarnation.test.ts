import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { goodCrashRun, History } from './histories.js';

const incOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['incarnation']!;

/** n1 | n2,n3 from 20 s to 30 s; n2 and n3 suspect n1; n1 refutes `refuteAt` ms (or never). */
function partitioned(refuteAt: number | null, end: number): { h: History; suspicions: number[]; refutations: number[] } {
  const h = new History(3).formed(0);
  h.partition(20_000, 'start', 'p', ['n1'], ['n2', 'n3']);
  const suspicions = [h.member(22_000, 'n2', 'n1', 'suspect'), h.member(22_100, 'n3', 'n1', 'suspect')];
  h.partition(30_000, 'stop', 'p', ['n1'], ['n2', 'n3']);
  const refutations: number[] = [];
  if (refuteAt !== null) {
    h.member(refuteAt - 100, 'n1', 'n1', 'alive', 1);
    refutations.push(h.member(refuteAt, 'n2', 'n1', 'alive', 1), h.member(refuteAt, 'n3', 'n1', 'alive', 1));
  }
  h.phase(end, 'done');
  return { h, suspicions, refutations };
}

describe('incarnations and refutation', () => {
  it('passes a correct crash run, with a refutation bound derived from the params', () => {
    const r = incOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ decreases: 0, accusations: 4, refuted: 0, lateRefutations: 0 });
    expect(r.bounds['refute']).toMatchObject({ value: 62.1, unit: 's' });
    expect(r.bounds['refute']!.source).toBe('suspicionTimeoutMax(lan, N=5)=24 s + anti-entropy (pushPullInterval 30 s) '
      + '+ 2×dissemination 4×0.2 s + probe 1.5 s + slack 5 s = 62.1 s');
  });

  it('flags an incarnation going down at an observer, citing both lines', () => {
    const h = new History(3).formed(0);
    const high = h.member(10_000, 'n1', 'n2', 'alive', 4);
    const low = h.member(12_000, 'n1', 'n2', 'alive', 2);
    h.member(13_000, 'n1', 'n2', 'suspect', 2);
    h.phase(60_000, 'done');
    const r = incOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ observer: 'n1', member: 'n2', lines: [high, low] });
    expect(r.violations[0]!.message).toBe(`n1 saw n2's incarnation go down from 4 (line ${high}) to 2 at 12 s (line ${low}) without a restart of n2 in between`);
  });

  it('lets a restarted member start again from 0, and a restarted observer start a fresh baseline', () => {
    const h = new History(3).formed(0);
    h.member(10_000, 'n1', 'n2', 'alive', 4);
    h.member(10_000, 'n3', 'n1', 'alive', 7);
    h.crash(11_000, 'n2');
    h.member(15_000, 'n1', 'n2', 'dead', 4);
    h.node(20_000, 'n2', 'restarted');
    h.member(21_000, 'n1', 'n2', 'alive', 0);
    h.node(30_000, 'n3', 'killed');
    h.node(31_000, 'n3', 'restarted');
    h.member(31_500, 'n3', 'n1', 'alive', 0); // a fresh process heard an old record first
    h.member(32_000, 'n3', 'n1', 'alive', 7);
    h.phase(60_000, 'done');
    expect(incOf(h)).toMatchObject({ valid: true, metrics: { decreases: 0 } });
  });

  it('counts a member learned again at a lower incarnation after its removal, without flagging it', () => {
    const h = new History(3).formed(0);
    const high = h.member(10_000, 'n1', 'n2', 'alive', 3);
    h.member(12_000, 'n1', 'n2', 'dead', 3);
    h.removed(42_000, 'n1', 'n2');
    const low = h.member(43_000, 'n1', 'n2', 'alive', 1); // old gossip, after the reap
    h.member(44_000, 'n1', 'n2', 'alive', 4);
    h.member(45_000, 'n1', 'n2', 'alive', 2); // no removal in between: a real decrease
    h.phase(120_000, 'done');
    const r = incOf(h);
    expect(r.metrics).toMatchObject({ decreases: 1, relearnedLower: 1 });
    expect(r.metrics['relearned']).toEqual([`n1 removed n2 at incarnation 3 (line ${high + 1}) and learned it again at incarnation 1 at 43 s (line ${low})`]);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.message).toContain('from 4');
  });

  it('measures how long a healthy suspected member takes to refute once the partition heals', () => {
    const { h } = partitioned(33_000, 120_000);
    const r = incOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ accusations: 2, refuted: 2, meanRefutation: 3, maxRefutation: 3 });
    expect(r.metrics['refutations']).toEqual([
      expect.objectContaining({ observer: 'n2', member: 'n1', since: 22, refutedAfter: 3 }),
      expect.objectContaining({ observer: 'n3', member: 'n1', since: 22.1, refutedAfter: 3 }),
    ]);
  });

  it('flags a healthy member that never refutes, citing the suspicion; unknown if observation ends too soon', () => {
    const { h, suspicions } = partitioned(null, 120_000);
    const r = incOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.observer, v.lines])).toEqual([['n2', [suspicions[0]]], ['n3', [suspicions[1]]]]);
    expect(r.violations[0]!.message).toBe(`n2 has held n1 suspect since 22 s (line ${suspicions[0]}, incarnation 0): n1 was up and reachable from 30 s `
      + 'but was not seen alive with a higher incarnation within 62.1 s');
    const late = incOf(partitioned(100_000, 120_000).h);
    expect(late.valid).toBe(false);
    expect(late.violations[0]!.message).toContain('it saw n1 alive only at 100 s');
    const short = incOf(partitioned(null, 60_000).h);
    expect(short.valid).toBe('unknown');
    expect(short.metrics['undetermined']).toHaveLength(2);
  });

  it('starts the clock only when the accused member is running again', () => {
    const h = new History(2).formed(0);
    h.node(10_000, 'n2', 'paused');
    h.member(12_000, 'n1', 'n2', 'suspect');
    h.member(20_000, 'n1', 'n2', 'dead');
    h.node(100_000, 'n2', 'resumed');
    h.member(101_000, 'n1', 'n2', 'alive', 1);
    h.phase(200_000, 'done');
    expect(incOf(h)).toMatchObject({ valid: true, metrics: { refuted: 1, maxRefutation: 1 } });
  });
});

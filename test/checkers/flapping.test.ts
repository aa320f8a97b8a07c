import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { goodCrashRun, History } from './histories.js';

const flapOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['flapping']!;

/** n1's view of n2 goes suspect and back `cycles` times from 10 s, with no fault at all. */
function flappy(cycles: number): { h: History; toggles: number[] } {
  const h = new History(3).formed(0);
  const toggles: number[] = [];
  for (let i = 0; i < cycles; i++) {
    toggles.push(h.member(10_000 + i * 4000, 'n1', 'n2', 'suspect', i));
    toggles.push(h.member(12_000 + i * 4000, 'n1', 'n2', 'alive', i + 1));
  }
  h.phase(60_000, 'done');
  return { h, toggles };
}

describe('flapping', () => {
  it('passes a correct crash run: a crash explains its accusation', () => {
    const r = flapOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ totalToggles: 4, pairsWithToggles: 4, maxTogglesPerPair: 1, maxUnexplainedTogglesPerPair: 0, pairsOverAllowance: 0 });
    expect(r.bounds).toMatchObject({ maxPerHour: { value: 7.2 }, maxCount: { value: 2 }, perChange: { value: 2 } });
    expect(r.bounds['maxPerHour']!.source).toContain('1‰ of 3600 probes per hour');
  });

  it('flags a view that toggles more often than the truth explains, citing every toggle', () => {
    const { h, toggles } = flappy(4);
    const r = flapOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([expect.objectContaining({ observer: 'n1', member: 'n2', lines: toggles })]);
    expect(r.violations[0]!.message).toMatch(/^n1's view of n2 toggled between alive and not alive 8 times \(480 per hour over 0.017 h\), above the allowance 2 /);
    expect(flapOf(flappy(1).h).valid).toBe(true);
    expect(flapOf(h, { flapping: { maxCount: 8 } }).valid).toBe(true);
  });

  it('allows toggles that faults explain: each fault start and stop touching the pair (a first start does not count)', () => {
    const h = new History(3).formed(0);
    for (let i = 0; i < 3; i++) {
      const t = 10_000 + i * 20_000;
      h.partition(t, 'start', `p${i}`, ['n1'], ['n2', 'n3']);
      h.member(t + 2000, 'n1', 'n2', 'suspect', i);
      h.member(t + 6000, 'n1', 'n2', 'dead', i);
      h.partition(t + 10_000, 'stop', `p${i}`, ['n1'], ['n2', 'n3']);
      h.member(t + 11_000, 'n1', 'n2', 'alive', i + 1);
    }
    h.phase(80_000, 'done');
    const r = flapOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics['pairs']).toEqual([expect.objectContaining({ observer: 'n1', member: 'n2', toggles: 6, truthChanges: 6, unexplained: 0, allowance: 14 })]);
  });

  it('does not count the first word of a restarted observer as a toggle', () => {
    const h = new History(2).formed(0);
    h.member(10_000, 'n1', 'n2', 'suspect');
    h.node(11_000, 'n1', 'killed');
    h.node(12_000, 'n1', 'restarted');
    h.member(12_500, 'n1', 'n2', 'alive');
    h.phase(60_000, 'done');
    expect(flapOf(h).metrics['pairs']).toEqual([expect.objectContaining({ observer: 'n1', member: 'n2', toggles: 1 })]);
  });
});

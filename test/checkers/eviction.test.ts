import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import type { CrashMetrics } from '../../checkers/eviction-metrics.js';
import { goodCrashRun, History } from './histories.js';

const evictionOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['eviction']!;
const lineOf = (h: History, pred: (e: (typeof h.events)[number]) => boolean): number => h.events.findIndex(pred) + 1;

describe('eventual eviction', () => {
  it('passes a correct crash run and reports detection figures against bounds derived from the params', () => {
    const { h, crashLines } = goodCrashRun();
    const r = evictionOf(h);
    expect(r.valid).toBe(true);
    expect(r.violations).toEqual([]);
    expect(r.bounds['detection']).toMatchObject({ value: 33.3, unit: 's' });
    expect(r.bounds['detection']!.source).toContain('suspicionTimeoutMax(lan, N=5)=24 s');
    expect(r.bounds['reap']!.value).toBe(73.3);
    const [crash] = r.metrics['crashes'] as CrashMetrics[];
    expect(crash).toMatchObject({
      node: 'n5', at: 20, lines: crashLines,
      firstSuspect: { after: 1.8, by: 'n1' }, firstDead: { after: 5, by: 'n1' }, allDead: 5.9,
    });
    expect(crash!.observers['n4']).toEqual({ suspect: 2.7, dead: 5.9, removed: 36.5 });
  });

  it('flags an observer that never declares the crashed node dead, citing the crash and its last word', () => {
    const { h, crashLines } = goodCrashRun({ skip: ['n3'] });
    const lastWord = lineOf(h, (e) => e.type === 'obs' && e.node === 'n3' && e.obs === 'member' && e.member === 'n5');
    const r = evictionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect(v).toMatchObject({ observer: 'n3', member: 'n5' });
    expect(v.lines).toEqual([lastWord, ...crashLines].sort((a, b) => a - b));
    expect(v.message).toMatch(/n3 did not declare n5 dead within 33.3 s/);
    expect(v.message).toContain(`its last word on n5 was 'alive'`);
  });

  it('flags a dead node that is never reaped', () => {
    const h = new History(3).formed(0);
    h.crash(10_000, 'n3');
    h.member(12_000, 'n1', 'n3', 'dead');
    const deadLine = h.member(12_500, 'n2', 'n3', 'dead');
    h.removed(45_000, 'n1', 'n3');
    h.phase(100_000, 'done');
    const r = evictionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.observer, v.member])).toEqual([['n2', 'n3']]);
    expect(r.violations[0]!.message).toContain('did not declare n3 removed within');
    expect(r.violations[0]!.lines).toContain(deadLine);
  });

  it('catches a zombie: a removed node seen alive again', () => {
    let zombieLine = 0;
    const { h } = goodCrashRun({ quiesce: (x) => { zombieLine = x.member(62_000, 'n2', 'n5', 'alive', 3); } });
    const removedLine = lineOf(h, (e) => e.type === 'obs' && e.obs === 'removed' && e.node === 'n2');
    const r = evictionOf(h);
    expect(r.valid).toBe(false);
    const z = r.violations.find((v) => v.message.startsWith('zombie'))!;
    expect(z).toMatchObject({ observer: 'n2', member: 'n5' });
    expect(z.lines).toContain(zombieLine);
    expect(z.lines).toContain(removedLine);
    expect(z.message).toContain('never restarted');
  });

  it('catches a zombie revived by a freshly restarted observer after the cluster declared it dead', () => {
    let revived = 0;
    const { h } = goodCrashRun({ quiesce: (x) => {
      x.node(61_000, 'n4', 'killed');
      x.node(62_000, 'n4', 'restarted');
      revived = x.member(63_000, 'n4', 'n5', 'alive');
    } });
    const r = evictionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.find((v) => v.lines.includes(revived))?.message).toMatch(/^zombie: n4 saw n5 alive/);
  });

  it('does not require detection of a node restarted before the bound elapsed', () => {
    const h = new History(3).formed(0);
    h.crash(10_000, 'n3');
    h.member(12_000, 'n1', 'n3', 'suspect');
    h.node(15_000, 'n3', 'restarted');
    h.member(16_000, 'n1', 'n3', 'alive', 1);
    h.phase(200_000, 'done');
    const r = evictionOf(h);
    expect(r.valid).toBe(true);
    expect((r.metrics['crashes'] as CrashMetrics[])[0]).toMatchObject({ restartedAt: 15, firstSuspect: { after: 2 }, firstDead: null });
  });

  it('is unknown when the history ends before the bound could elapse', () => {
    const h = new History(3).formed(0);
    h.crash(10_000, 'n3');
    h.member(12_000, 'n1', 'n3', 'suspect');
    h.phase(20_000, 'done');
    const r = evictionOf(h);
    expect(r.valid).toBe('unknown');
    expect(r.metrics['undetermined']).toHaveLength(2);
  });

  it('judges against a scenario override and says so', () => {
    const { h } = goodCrashRun();
    const r = evictionOf(h, { eviction: { detection: 3 } });
    expect(r.valid).toBe(false);
    expect(r.bounds['detection']).toEqual({ value: 3, unit: 's', source: 'scenario override (bounds.eviction.detection)' });
    expect(r.violations).toHaveLength(4);
    expect(r.violations[0]!.message).toContain('it did so only 5 s after the crash');
  });

  it('does not let a silent implementation pass: an observer that never mentioned the crashed node is a violation', () => {
    const h = new History(3);
    for (const id of h.ids) h.node(0, id, 'started');
    const crash = h.crash(10_000, 'n3');
    h.phase(100_000, 'done');
    const r = evictionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.observer)).toEqual(['n1', 'n2']);
    expect(r.violations[0]!.message).toContain('it never mentioned n3');
    expect(r.violations[0]!.lines).toEqual([2, ...crash]);
    expect(runCheckers(h.events).results['convergence']!.valid).toBe(false);
  });
});

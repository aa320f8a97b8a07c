import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { goodCrashRun, History } from './histories.js';

const convergenceOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['convergence']!;

/** n1,n2 | n3,n4,n5 from 20 s to 40 s; each side declares the other dead; after the heal the sides re-merge at `remerge` (ms), except n1 about n3 when `stuck`. */
function partitionRun(opts: { remerge: number; end: number; stuck?: boolean; n1Snapshot?: 'alive' | 'dead' }): { h: History; stop: number; n1View: number; stuckLine: number } {
  const a = ['n1', 'n2'];
  const b = ['n3', 'n4', 'n5'];
  const h = new History(5).formed(100);
  h.phase(10_000, 'nemesis');
  h.partition(20_000, 'start', 'f1-partition', a, b);
  let stuckLine = 0;
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const o of x) for (const m of y) {
      h.member(23_000, o, m, 'suspect');
      const l = h.member(30_000, o, m, 'dead');
      if (o === 'n1' && m === 'n3') stuckLine = l;
    }
  }
  const stop = h.partition(40_000, 'stop', 'f1-partition', a, b);
  h.phase(40_100, 'heal');
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const o of x) for (const m of y) if (!(opts.stuck && o === 'n1' && m === 'n3')) h.member(opts.remerge, o, m, 'alive', 1);
  }
  const everyoneAlive = { n1: 'alive', n2: 'alive', n3: 'alive', n4: 'alive', n5: 'alive' } as const;
  const n1View = h.view(opts.end - 1000, 'n1', { ...everyoneAlive, n3: opts.n1Snapshot ?? (opts.stuck ? 'dead' : 'alive') });
  h.views(opts.end - 1000, ['n2', 'n3', 'n4', 'n5'], everyoneAlive);
  h.phase(opts.end, 'done');
  return { h, stop, n1View, stuckLine };
}

describe('convergence after the last heal', () => {
  it('passes a correct crash run: views already matched the truth when healing began', () => {
    const r = convergenceOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics['convergedAfter']).toBe(0);
    expect(r.bounds['converge']!.value).toBe(65.6);
    expect(r.bounds['converge']!.source).toContain('pushPullInterval 30 s');
  });

  it('measures the time from the last heal until every view matches', () => {
    const { h, stop } = partitionRun({ remerge: 48_000, end: 90_000 });
    const r = convergenceOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics['convergedAfter']).toBe(7.9);
    expect(r.metrics['from']).toEqual({ what: 'last heal', at: 40.1, line: stop + 1 });
    expect(r.metrics['snapshotsChecked']).toBe(5);
  });

  it('flags a view that never converges, citing the view snapshot line', () => {
    const { h, n1View, stuckLine } = partitionRun({ remerge: 48_000, end: 120_000, stuck: true });
    const r = convergenceOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect(v).toMatchObject({ observer: 'n1', member: 'n3' });
    expect(v.lines).toContain(n1View);
    expect(v.lines).toContain(stuckLine);
    expect(v.message).toMatch(/n1 still sees n3 as 'dead' at the end of observation/);
    expect(r.metrics['convergedAfter']).toBeNull();
  });

  it('flags convergence that came later than the bound', () => {
    const { h } = partitionRun({ remerge: 110_100, end: 150_000 });
    const r = convergenceOf(h);
    expect(r.valid).toBe(false);
    expect(r.metrics['convergedAfter']).toBe(70);
    expect(r.violations[0]!.message).toMatch(/converged only 70 s after the last heal .* beyond the 65.6 s bound/);
  });

  it('flags a final /view snapshot that contradicts the truth even when the stream converged', () => {
    const { h, n1View } = partitionRun({ remerge: 48_000, end: 120_000, n1Snapshot: 'dead' });
    const r = convergenceOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([expect.objectContaining({ observer: 'n1', member: 'n3', lines: expect.arrayContaining([n1View]) })]);
  });

  it('is unknown, not false, when the history ends before the bound elapsed', () => {
    const { h } = partitionRun({ remerge: 48_000, end: 60_000, stuck: true });
    const r = convergenceOf(h);
    expect(r.valid).toBe('unknown');
    expect(r.violations).toEqual([]);
    expect(String((r.metrics['undetermined'] as string[])[0])).toContain('observation ended before the 65.6 s bound');
  });

  it('is unknown when a fault was never healed', () => {
    const h = new History(3).formed(0);
    h.partition(1000, 'start', 'p', ['n1'], ['n2', 'n3']);
    h.phase(100_000, 'done');
    const r = convergenceOf(h);
    expect(r.valid).toBe('unknown');
    expect(String(r.metrics['note'])).toContain('p (line');
  });

  it('expects a crashed node gone and a phantom member absent', () => {
    const { h } = goodCrashRun({ end: 200_000, quiesce: (x) => { x.member(70_000, 'n2', 'n9', 'alive'); } });
    const r = convergenceOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => `${v.observer}->${v.member}`)).toEqual(['n2->n9']);
  });

  it('ignores what nodes say once teardown has begun', () => {
    const { h } = goodCrashRun({ end: 200_000 });
    h.member(200_100, 'n2', 'n1', 'suspect');
    h.member(200_200, 'n3', 'n1', 'dead');
    const report = runCheckers(h.events);
    expect(report.results['convergence']!.valid).toBe(true);
    expect(report.results['eviction']!.valid).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import type { UpdateFigures } from '../../checkers/dissemination.js';
import { goodCrashRun, History } from './histories.js';

const dissOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['dissemination']!;
const detail = (r: ReturnType<typeof dissOf>): UpdateFigures => (r.metrics['updatesDetail'] as UpdateFigures[])[0]!;

/** n2 sets role v3 at 10 s; each node in `reach` sees it `after` ms later. */
function updateRun(reach: Record<string, number>, end = 100_000): { h: History; update: number; lines: Record<string, number> } {
  const h = new History(5).formed(0);
  const update = h.update(10_000, 'n2', 'role', 3);
  const lines: Record<string, number> = {};
  for (const [node, after] of Object.entries(reach).sort((a, b) => a[1] - b[1])) lines[node] = h.sawUpdate(10_000 + after, node, 'n2', 'role', 3);
  h.phase(end, 'done');
  return { h, update, lines };
}

describe('dissemination', () => {
  it('says there is nothing to judge when no update was injected', () => {
    const r = dissOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ updates: 0, note: 'no updates were injected: nothing to disseminate' });
    expect(r.bounds['spread']).toMatchObject({ value: 35.8, unit: 's' });
    expect(r.bounds['spread']!.source).toContain('anti-entropy repairs the rumor residue (pushPullInterval 30 s)');
  });

  it('measures the time until every node had an update, its curve, and its gossip rounds against log-N theory', () => {
    const { h } = updateRun({ n2: 0, n1: 150, n3: 200, n4: 380, n5: 600 });
    const r = dissOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ updates: 1, judgedUpdates: 1, worstAllAfter: 0.6, meanRounds: 3, residue: 0, gossipWindow: 0.8 });
    expect(detail(r)).toMatchObject({
      origin: 'n2', key: 'role', version: 3, reached: 5, required: 5, allAfter: 0.6, rounds: 3,
      theoryPushRounds: 3.931, theoryFanoutRounds: 1.161, afterGossipWindow: [],
    });
    expect(detail(r).curve).toEqual([
      { t: 0, count: 1, node: 'n2' }, { t: 0.15, count: 2, node: 'n1' }, { t: 0.2, count: 3, node: 'n3' },
      { t: 0.38, count: 4, node: 'n4' }, { t: 0.6, count: 5, node: 'n5' },
    ]);
  });

  it('flags an update that never reaches one node, citing the update line', () => {
    const { h, update, lines } = updateRun({ n2: 0, n1: 150, n3: 200, n4: 380 });
    const r = dissOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([expect.objectContaining({ member: 'n2', observer: 'n5', lines: [update, lines['n2']!] })]);
    expect(r.violations[0]!.message).toMatch(/^update n2\/role v3 at 10 s \(line \d+\) never reached n5; n5 was up and it was due by 45.8 s/);
    expect(detail(r).allAfter).toBeNull();
  });

  it('flags an update that arrives after the bound, and counts nodes served only by anti-entropy as residue', () => {
    const late = updateRun({ n2: 0, n1: 150, n3: 200, n4: 380, n5: 40_000 });
    const r = dissOf(late.h);
    expect(r.valid).toBe(false);
    expect(r.violations[0]!.lines).toEqual([late.update, late.lines['n2']!, late.lines['n5']!]);
    expect(r.violations[0]!.message).toContain('reached n5 only at 50 s');
    const repaired = dissOf(updateRun({ n2: 0, n1: 150, n3: 200, n4: 380, n5: 25_000 }).h);
    expect(repaired.valid).toBe(true);
    expect(repaired.metrics['residue']).toBe(1);
    expect(detail(repaired).afterGossipWindow).toEqual(['n5']);
  });

  it('restarts a node\'s clock when a partition cut it off, and excuses a node that crashed', () => {
    const h = new History(5).formed(0);
    h.partition(9000, 'start', 'p', ['n5'], ['n1', 'n2', 'n3', 'n4']);
    h.update(10_000, 'n2', 'role', 1);
    for (const n of ['n2', 'n1', 'n3']) h.sawUpdate(10_200, n, 'n2', 'role', 1);
    h.crash(10_300, 'n4');
    h.partition(50_000, 'stop', 'p', ['n5'], ['n1', 'n2', 'n3', 'n4']);
    h.sawUpdate(70_000, 'n5', 'n2', 'role', 2); // a newer version supersedes
    h.phase(120_000, 'done');
    const r = dissOf(h);
    expect(r.valid).toBe(true);
    expect(detail(r)).toMatchObject({ reached: 4, required: 4, allAfter: 60, excused: ['n4 was not running when observation ended'] });
  });

  it('is unknown when nodes print no update observations, or observation ends before a node is due', () => {
    const silent = new History(3).formed(0);
    silent.update(10_000, 'n1', 'k', 1);
    silent.phase(100_000, 'done');
    expect(dissOf(silent)).toMatchObject({ valid: 'unknown', metrics: { note: expect.stringContaining('no node emitted an `update` observation') } });
    const { h } = updateRun({ n2: 0, n1: 150 }, 30_000);
    const r = dissOf(h);
    expect(r.valid).toBe('unknown');
    expect(r.metrics['undetermined']).toHaveLength(3);
  });

  it('does not judge an update whose origin was not running', () => {
    const h = new History(3).formed(0);
    h.crash(5000, 'n3');
    h.update(10_000, 'n3', 'k', 1);
    h.phase(100_000, 'done');
    const r = dissOf(h);
    expect(r.valid).toBe(true);
    expect(detail(r).note).toBe('n3 was not running: not judged');
  });
});

import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { PRESETS } from '../../nodes/core/params.js';
import { goodCrashRun, History } from './histories.js';

const loadOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['load']!;
type NodeLoad = { node: string; mode: string; meanSentBytesPerSec: number; maxSentBytesPerSec: number; meanRecvMsgsPerSec: number };

describe('load', () => {
  it('measures bytes and messages per node per second from cumulative stats, against the protocol ceiling', () => {
    const r = loadOf(goodCrashRun().h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ clusterMeanBytesPerSec: 300, maxNodeMeanBytesPerSec: 300, maxIntervalBytesPerSec: 300, meanMsgsPerSec: 6, measuredNodes: 5, seedRatio: 0.073 });
    expect((r.metrics['nodes'] as NodeLoad[])[0]).toMatchObject({ node: 'n1', mode: 'cumulative', meanSentBytesPerSec: 300, meanRecvMsgsPerSec: 6 });
    expect(r.bounds['meanBytesPerSec']).toMatchObject({ value: 32221.333, unit: 'B/s' });
    expect(r.bounds['meanBytesPerSec']!.source).toContain('~4 KB/s per node');
    expect(r.bounds['maxBytesPerSec']!.value).toBe(32861.333);
  });

  it('flags a node whose mean and worst interval exceed the bounds, citing its stats lines', () => {
    const h = new History(2).formed(0);
    const first = h.stats(1000, 'n1', { msgs: 10, bytes: 1000 });
    h.stats(1000, 'n2', { msgs: 10, bytes: 1000 });
    const mid = h.stats(2000, 'n1', { msgs: 20, bytes: 2000 });
    h.stats(2000, 'n2', { msgs: 20, bytes: 2000 });
    const last = h.stats(3000, 'n1', { msgs: 90, bytes: 80_000 });
    h.phase(4000, 'done');
    const r = loadOf(h, { load: { meanBytesPerSec: 5000 } });
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.observer, v.lines])).toEqual([['n1', [first, last]], ['n1', [mid, last]]]);
    expect(r.violations[0]!.message).toBe(`n1 sent 39500 B/s on average over 2 s (stats lines ${first}–${last}), above the 5000 B/s bound`);
    expect(r.violations[1]!.message).toContain('n1 sent 78000 B/s between 2 s and 3 s');
  });

  it('starts a new series when a restarted process resets its counters, and detects per-interval counters', () => {
    const h = new History(2).formed(0);
    h.stats(1000, 'n1', { msgs: 10, bytes: 1000 });
    h.stats(2000, 'n1', { msgs: 20, bytes: 2000 });
    h.node(2500, 'n1', 'restarted');
    h.stats(3500, 'n1', { msgs: 2, bytes: 100 });
    h.stats(4500, 'n1', { msgs: 12, bytes: 1100 });
    for (const [t, bytes] of [[1000, 500], [2000, 300], [3000, 700], [4000, 200], [5000, 600]] as const) h.stats(t, 'n2', { msgs: 5, bytes });
    h.phase(6000, 'done');
    const nodes = loadOf(h).metrics['nodes'] as NodeLoad[];
    expect(nodes.map((n) => [n.node, n.mode, n.meanSentBytesPerSec])).toEqual([['n1', 'cumulative', 1000], ['n2', 'per-interval', 450]]);
  });

  it('is valid with a note when stats are disabled, and unknown when they were asked for but never came', () => {
    const off = new History(2, { params: { ...PRESETS.lan, statsInterval: 0 } }).formed(0);
    off.phase(60_000, 'done');
    expect(loadOf(off)).toMatchObject({ valid: true, metrics: { note: expect.stringContaining('statsInterval 0') } });
    const missing = new History(2).formed(0);
    missing.phase(60_000, 'done');
    expect(loadOf(missing)).toMatchObject({ valid: 'unknown', metrics: { note: expect.stringContaining('no node printed two `stats` lines') } });
  });
});

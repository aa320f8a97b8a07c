import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { PRESETS } from '../../nodes/core/params.js';
import { loadCharts } from '../../reports/charts/load.js';
import { buildModel } from '../../reports/model.js';
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

  it('allows an interval one full-state reply for each digest the node received in it, as a seed answers joiners', () => {
    const h = new History(5).formed(0);
    const stats = (t: number, node: string, bytes: number, digests: number): number =>
      h.push({ t, type: 'obs', node, obs: 'stats', sent: { state: { msgs: bytes / 25, bytes } }, recv: { ack: { msgs: 1, bytes: 10 }, digest: { msgs: digests, bytes: 40 * digests } } });
    // n1 is a seed: 50 nodes join through it in one second, and it answers each with every record.
    // n2 sends as much with no digest to answer; n3 sends more than 50 replies explain.
    const burst = { n1: [41_000, 50], n2: [41_000, 0], n3: [61_000, 50] } as const;
    const lines: Record<string, number[]> = { n1: [], n2: [], n3: [] };
    for (const [node, [bytes, digests]] of Object.entries(burst)) {
      lines[node]!.push(stats(1000, node, 1000, 0), stats(2000, node, bytes, digests));
      for (let k = 1; k <= 8; k++) stats(2000 + k * 1000, node, bytes + k * 1000, digests);
    }
    const [n2, n3] = [lines['n2']!, lines['n3']!];
    h.phase(11_000, 'done');
    const r = loadOf(h);
    expect(r.bounds['digestReplyBytes']).toMatchObject({ value: 320, unit: 'B' });
    expect(r.bounds['digestReplyBytes']!.source).toContain('each of the 5 members');
    expect(r.violations.map((v) => [v.observer, v.lines])).toEqual([['n2', n2], ['n3', n3]]);
    expect(r.violations[0]!.message).toBe(`n2 sent 40000 B/s between 1 s and 2 s (lines ${n2[0]}, ${n2[1]}), above the 32861.333 B/s bound`);
    expect(r.violations[1]!.message).toBe(`n3 sent 60000 B/s between 1 s and 2 s (lines ${n3[0]}, ${n3[1]}), above the 32861.333 B/s bound,`
      + ' even allowing 50 full-state replies of 320 B, one per `digest` it received in the interval: 48861.333 B/s in all');
    // The figures are what was sent, allowance or not.
    expect(r.metrics['maxIntervalBytesPerSec']).toBe(60_000);
    // With no allowance per digest, the seed's interval is over the bound too.
    expect(loadOf(h, { load: { digestReplyBytes: 0 } }).violations.map((v) => v.observer)).toEqual(['n1', 'n2', 'n3']);
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

  it('times intervals by the node\'s own clock, so lines that arrive bunched after a pause read as no burst, except across a clock fault', () => {
    const EPOCH = 1_795_000_000_000;
    const h = new History(3).formed(0);
    const arrival = (node: string, k: number): number => (node === 'n1' && k >= 4 && k <= 8 ? 8500 + k : k * 1000 + 5);
    const lines: { t: number; node: string; k: number }[] = [];
    for (const node of h.ids) for (let k = 1; k <= 10; k++) lines.push({ t: arrival(node, k), node, k });
    lines.sort((a, b) => a.t - b.t);
    h.fault(3500, 'start', 'p1', 'pause', ['n1']);
    h.fault(3500, 'start', 'c1', 'clock', ['n2'], { params: { mode: 'offset', offset: 60_000 } });
    for (const { t, node, k } of lines) {
      // n2's clock reads 60 s ahead while the clock fault holds (lines 4 to 6).
      const ts = EPOCH + k * 1000 + (node === 'n2' && k >= 4 && k <= 6 ? 60_000 : 0);
      h.push({ t, type: 'obs', node, obs: 'stats', sent: { ping: { msgs: k, bytes: 300 * k } }, recv: { ack: { msgs: k, bytes: 300 * k } }, ts });
    }
    h.fault(6500, 'stop', 'c1', 'clock', ['n2'], { params: { mode: 'offset', offset: 60_000 } });
    h.fault(9000, 'stop', 'p1', 'pause', ['n1']);
    h.phase(12_000, 'done');

    const byNode = (r: ReturnType<typeof loadOf>): Record<string, NodeLoad & { timedByOwnClock: number }> =>
      Object.fromEntries((r.metrics['nodes'] as (NodeLoad & { timedByOwnClock: number })[]).map((n) => [n.node, n]));
    const timed = loadOf(h);
    expect(timed.metrics['maxIntervalBytesPerSec']).toBe(300);
    expect(byNode(timed)['n1']).toMatchObject({ maxSentBytesPerSec: 300, meanSentBytesPerSec: 300, timedByOwnClock: 9 });
    // Across the clock fault n2's own clock steps, so those four intervals are timed by arrival.
    expect(byNode(timed)['n2']).toMatchObject({ maxSentBytesPerSec: 300, timedByOwnClock: 5 });
    expect(timed.metrics['timing']).toBe('23 of 27 intervals timed by the node\'s own clock (`ts`), the others by arrival (`t`): lines without `ts`, or a clock fault on the node during the interval');

    // The report's chart draws the same intervals, so it shows no spike either.
    const peak = (events: typeof h.events, node: string): number => {
      const chart = loadCharts(buildModel(events, runCheckers(events).results)).find((c) => c.name === 'load-bytes')!;
      const sets = (chart.config as { data: { datasets: { label: string; data: { y: number | null }[] }[] } }).data.datasets;
      return Math.max(...sets.find((d) => d.label === node)!.data.map((p) => p.y ?? 0));
    };
    expect(peak(h.events, 'n1')).toBe(300);

    // The same lines without `ts` can only be timed by arrival: n1's bunched lines read as a burst.
    const bare = h.events.map((e) => (e.type === 'obs' ? { ...e, ts: undefined } : e));
    const arrived = runCheckers(bare).results['load']!;
    expect(byNode(arrived)['n1']!.maxSentBytesPerSec).toBe(300_000);
    expect(byNode(arrived)['n1']!.timedByOwnClock).toBe(0);
    expect(arrived.metrics['timing']).toContain('every interval timed by arrival');
    expect(peak(bare, 'n1')).toBe(300_000);
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

// Figures read back from a history: lines lost (gaps in a node's seq), recorder
// lag (ts against the controller's clock) and traffic from stats lines, on small
// hand-written histories, including ones with losses and restarts.

import { describe, expect, it } from 'vitest';
import { lostLines, recorderLag, spread, statsGaps, statsTraffic } from '../../src/bench/history-figures.js';
import type { HistoryEvent } from '../../src/history/types.js';

const obs = (t: number, node: string, seq: number | undefined, extra: Record<string, unknown> = {}): HistoryEvent =>
  ({ t, type: 'obs', node, obs: 'detector', ...(seq === undefined ? {} : { seq }), ...extra }) as HistoryEvent;
const run = (startedAt?: number): HistoryEvent =>
  ({ t: 0, type: 'run', runId: 'r', scenario: 's', seed: 1, runtime: 'docker', implementation: 'builtin', preset: 'lan', nodes: ['n1', 'n2'],
    config: {}, versions: {}, host: {}, command: '', ...(startedAt === undefined ? {} : { startedAt }) }) as HistoryEvent;

describe('lines lost', () => {
  it('finds none when every node\'s lines are numbered without gaps', () => {
    const h = [run(), obs(1, 'n1', 1), obs(2, 'n2', 1), obs(3, 'n1', 2), obs(4, 'n2', 2), obs(5, 'n1', 3)];
    expect(lostLines(h)).toEqual({ received: 5, lost: 0, nodesWithLoss: [], unnumbered: 0 });
  });

  it('counts the numbers missing, per node', () => {
    const h = [obs(1, 'n1', 1), obs(2, 'n1', 4), obs(3, 'n2', 1), obs(4, 'n2', 2), obs(5, 'n1', 5)];
    expect(lostLines(h)).toMatchObject({ received: 5, lost: 2, nodesWithLoss: ['n1'] });
  });

  it('starts a new count when a restarted process numbers from 1 again', () => {
    // First life 1..3 complete, second life 1, 3 (2 lost).
    const h = [obs(1, 'n1', 1), obs(2, 'n1', 2), obs(3, 'n1', 3), obs(4, 'n1', 1), obs(5, 'n1', 3)];
    expect(lostLines(h)).toMatchObject({ received: 5, lost: 1, nodesWithLoss: ['n1'] });
  });

  it('counts a first line that never arrived', () => {
    expect(lostLines([obs(1, 'n1', 2), obs(2, 'n1', 3)])).toMatchObject({ lost: 1 });
  });

  it('sets aside lines of implementations that do not number them', () => {
    expect(lostLines([obs(1, 'n1', undefined), obs(2, 'n1', undefined)])).toEqual({ received: 0, lost: 0, nodesWithLoss: [], unnumbered: 2 });
  });
});

describe('recorder lag', () => {
  it('is the controller time of the append minus the node\'s own time of the line', () => {
    const t0 = 1_700_000_000_000;
    const h = [run(t0), obs(100, 'n1', 1, { ts: t0 + 99 }), obs(200, 'n1', 2, { ts: t0 + 190 }), obs(300, 'n2', 1, { ts: t0 + 300 })];
    expect(recorderLag(h)).toEqual({ count: 3, p50: 1, p99: 10, max: 10 });
  });

  it('leaves out what happens after teardown began, and is empty without a wall-clock start', () => {
    const t0 = 1_700_000_000_000;
    const h = [run(t0), obs(100, 'n1', 1, { ts: t0 + 99 }), { t: 150, type: 'phase', name: 'teardown' } as HistoryEvent, obs(200, 'n1', 2, { ts: t0 })];
    expect(recorderLag(h).max).toBe(1);
    expect(recorderLag([run(), obs(1, 'n1', 1, { ts: 5 })]).count).toBe(0);
    // A window keeps the lines appended inside it.
    const w = [run(t0), obs(100, 'n1', 1, { ts: t0 + 40 }), obs(200, 'n1', 2, { ts: t0 + 195 }), obs(300, 'n1', 3, { ts: t0 + 290 })];
    expect(recorderLag(w, 150, 300)).toEqual({ count: 2, p50: 5, p99: 10, max: 10 });
  });
});

describe('spread', () => {
  it('gives nearest-rank percentiles', () => {
    const s = spread(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });
});

describe('traffic from stats lines', () => {
  const stats = (t: number, node: string, msgs: number, bytes: number): HistoryEvent =>
    ({ t, type: 'obs', node, obs: 'stats', sent: {}, recv: {}, packets: { sent: { msgs, bytes }, recv: { msgs: 0, bytes: 0 } } }) as unknown as HistoryEvent;

  it('averages over nodes what each sent per second inside the window', () => {
    const h = [stats(0, 'n1', 0, 0), stats(1000, 'n1', 10, 1000), stats(3000, 'n1', 30, 3000), stats(9000, 'n1', 999, 99_999),
      stats(1000, 'n2', 0, 0), stats(3000, 'n2', 4, 200)];
    // n1: 2000 B and 20 packets in 2 s; n2: 200 B and 4 packets in 2 s.
    expect(statsTraffic(h, 1000, 3000)).toEqual({ nodes: 2, bytesPerS: 550, packetsPerS: 6 });
  });
});

describe('gaps between a node\'s stats lines', () => {
  const stats = (t: number, node: string, ts: number): HistoryEvent => ({ t, type: 'obs', node, obs: 'stats', sent: {}, recv: {}, ts }) as unknown as HistoryEvent;

  it('measures each node\'s own clock between its consecutive lines inside the window, so a stalled node shows', () => {
    const T = 1_700_000_000_000;
    // n1 prints every second; n2 stalls 7 s; the lines before 1000 and after 9000 are outside the window.
    const h = [stats(0, 'n1', T), stats(1000, 'n1', T + 1000), stats(2000, 'n1', T + 2000), stats(3000, 'n1', T + 3000),
      stats(1000, 'n2', T + 1000), stats(2000, 'n2', T + 2000), stats(9000, 'n2', T + 9000), stats(9500, 'n2', T + 30_000)];
    expect(statsGaps(h, 1000, 9000)).toEqual({ count: 4, p50: 1000, p99: 7000, max: 7000 });
  });
});

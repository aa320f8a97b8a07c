import { describe, expect, it } from 'vitest';
import { CHECKERS, CheckPass, TruthPass } from '../../checkers/index.js';
import type { CheckReport } from '../../checkers/types.js';
import { History } from './histories.js';

/**
 * A run with a fixed set of faults (one crash and restart, one partition, one
 * update), then `rounds` seconds of steady chatter: every node's stats and
 * detector lines, and n1 flapping on n2 (suspect, then alive) every second.
 */
function longRun(rounds: number): string[] {
  const h = new History(6);
  h.phase(0, 'setup');
  h.formed(100);
  h.crash(5000, 'n6');
  for (const o of ['n1', 'n2', 'n3', 'n4', 'n5']) h.member(7000, o, 'n6', 'dead');
  h.node(9000, 'n6', 'restarted');
  for (const o of h.ids) h.member(9500, o, 'n6', 'alive');
  h.partition(10_000, 'start', 'p1', ['n1', 'n2'], ['n3', 'n4', 'n5', 'n6']);
  h.partition(14_000, 'stop', 'p1', ['n1', 'n2'], ['n3', 'n4', 'n5', 'n6']);
  h.update(15_000, 'n3', 'role', 1);
  for (const o of h.ids) h.sawUpdate(15_500, o, 'n3', 'role', 1);
  for (let i = 0; i < rounds; i++) {
    const t = 20_000 + i * 1000;
    for (const id of h.ids) {
      h.stats(t, id, { msgs: 10 * (i + 1), bytes: 500 * (i + 1) });
      h.push({ t: t + 1, type: 'obs', node: id, obs: 'detector', awareness: 0, suspicion: {} });
    }
    h.member(t + 200, 'n1', 'n2', 'suspect');
    h.member(t + 600, 'n1', 'n2', 'alive');
  }
  const end = 20_000 + rounds * 1000;
  h.phase(end, 'heal');
  h.phase(end + 40_000, 'teardown');
  return h.events.map((e) => JSON.stringify(e));
}

/** Checks the lines through the streaming API, sampling every checker's state size as it goes. */
function streamed(lines: readonly string[]): { report: CheckReport; peak: Record<string, number> } {
  const p1 = new TruthPass();
  for (const l of lines) p1.line(l);
  const p2 = new CheckPass(p1.finish(), {}, CHECKERS);
  const peak: Record<string, number> = {};
  lines.forEach((l, i) => {
    p2.feedLine(l);
    if (i % 500 === 0) for (const [k, v] of Object.entries(p2.stateSizes())) peak[k] = Math.max(peak[k] ?? 0, v);
  });
  return { report: p2.finish(), peak };
}

describe('checker state', () => {
  it('does not grow with the number of events once its lists reach their caps', () => {
    const short = streamed(longRun(1500));
    const long = streamed(longRun(6000));
    expect(Object.keys(long.peak)).toEqual(['views', ...CHECKERS.map((c) => c.name)]);
    expect(long.peak).toEqual(short.peak);
    expect(long.peak['flapping']).toBeLessThan(1100);
  });

  it('cites the first 1000 toggles of a flapping pair and counts them all', () => {
    const { report } = streamed(longRun(6000));
    const flap = report.results['flapping']!;
    expect(flap.valid).toBe(false);
    expect(flap.violations).toHaveLength(1);
    expect(flap.violations[0]!.lines).toHaveLength(1000);
    expect(flap.violations[0]!.message).toContain('toggled between alive and not alive 12000 times');
    expect(flap.notes).toEqual(["n1's view of n2: only the first 1000 of its 12000 toggles are cited"]);
    const fp = report.results['false-positives']!;
    const lines = fp.metrics['falsePositiveLines'] as number;
    expect(lines).toBeGreaterThan(5000);
    expect(fp.metrics['events']).toHaveLength(1000);
    expect(fp.notes).toContain(`only the first 1000 of ${lines} false-positive lines are listed in the metrics`);
  });
});

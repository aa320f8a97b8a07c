import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import type { DetectionFigures } from '../../checkers/detection.js';
import { goodCrashRun, History } from './histories.js';

const detectionOf = (h: History, overrides = {}) => runCheckers(h.events, overrides).results['detection']!;

describe('detection latency', () => {
  it('measures the first suspicion of a crash and compares it with SWIM and with the node\'s own schedule', () => {
    const { h, crashLines } = goodCrashRun();
    const r = detectionOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({
      crashCount: 1, measuredCrashes: 1, meanFirstSuspicion: 1.8, medianFirstSuspicion: 1.8, maxFirstSuspicion: 1.8,
      swimExpectation: 1.582, scheduleExpectation: 1.8, ratioToSwim: 1.138, ratioToSchedule: 1,
    });
    const [c] = r.metrics['crashes'] as DetectionFigures[];
    expect(c).toMatchObject({ node: 'n5', lines: crashLines, firstAccusation: { after: 1.8, by: 'n1' }, firstDead: { after: 5 }, allDead: 5.9, alreadyAccused: [] });
    expect(r.bounds['firstSuspicion']).toMatchObject({ value: 9, unit: 's' });
    expect(r.bounds['firstSuspicion']!.source).toContain('the suspicion is raised when the round ends');
    expect(r.bounds['firstDead']).toMatchObject({ value: 33 });
    expect(r.bounds['firstDead']!.source).toContain('suspicionTimeoutMax(lan, N=5)=24 s');
  });

  it('says there is nothing to detect when nothing crashed', () => {
    const h = new History(3).formed(0);
    h.phase(60_000, 'done');
    const r = detectionOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ crashCount: 0, meanFirstSuspicion: null, note: 'no crashes: nothing to detect' });
  });

  it('flags a crash first suspected after the bound, citing the crash and the suspicion', () => {
    const h = new History(3).formed(0);
    const crash = h.crash(10_000, 'n3');
    const late = h.member(22_000, 'n1', 'n3', 'suspect');
    h.member(25_000, 'n1', 'n3', 'dead');
    h.member(25_100, 'n2', 'n3', 'dead');
    h.phase(100_000, 'done');
    const r = detectionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([expect.objectContaining({ member: 'n3', observer: 'n1', lines: [...crash, late].sort((a, b) => a - b) })]);
    expect(r.violations[0]!.message).toMatch(/n3 crashed at 10 s .*: first suspected only after 12 s, by n1 .* beyond the 9 s bound/);
  });

  it('flags a crash nobody ever accused, and is unknown when observation ends before the bound', () => {
    const h = new History(3).formed(0);
    const crash = h.crash(10_000, 'n3');
    const short = new History(3).formed(0);
    short.crash(10_000, 'n3');
    short.phase(15_000, 'done');
    h.phase(100_000, 'done');
    const r = detectionOf(h);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('no observer ever suspected it'), expect.stringContaining('no observer ever declared it dead'),
    ]);
    expect(r.violations[0]!.lines).toEqual(crash);
    const u = detectionOf(short);
    expect(u.valid).toBe('unknown');
    expect((u.metrics['undetermined'] as string[])[0]).toContain('before the 9 s bound elapsed');
  });

  it('summarizes several crashes (mean, median, p90, max) and counts a dead-first detector', () => {
    const h = new History(4).formed(0);
    for (const [i, after] of [1000, 2000, 3000].entries()) {
      const t = 10_000 + i * 40_000;
      h.crash(t, 'n4');
      h.member(t + after, 'n1', 'n4', i === 2 ? 'dead' : 'suspect'); // a bugSkipSuspicion-style node says dead at once
      h.member(t + after + 2000, 'n2', 'n4', 'dead');
      h.member(t + after + 2000, 'n3', 'n4', 'dead');
      h.member(t + after + 2000, 'n1', 'n4', 'dead');
      h.node(t + 20_000, 'n4', 'restarted');
      for (const o of ['n1', 'n2', 'n3']) h.member(t + 21_000, o, 'n4', 'alive', 1);
    }
    h.phase(140_000, 'done');
    const r = detectionOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics).toMatchObject({ crashCount: 3, measuredCrashes: 3, meanFirstSuspicion: 2, medianFirstSuspicion: 2, p90FirstSuspicion: 3, maxFirstSuspicion: 3 });
  });

  it('leaves out a crash its observers had already accused (it was cut off when it crashed)', () => {
    const h = new History(3).formed(0);
    h.partition(5000, 'start', 'p', ['n3'], ['n1', 'n2']);
    h.member(7000, 'n1', 'n3', 'suspect');
    h.member(7000, 'n2', 'n3', 'suspect');
    h.crash(9000, 'n3');
    h.member(15_000, 'n1', 'n3', 'dead');
    h.member(15_000, 'n2', 'n3', 'dead');
    h.partition(20_000, 'stop', 'p', ['n3'], ['n1', 'n2']);
    h.phase(100_000, 'done');
    const r = detectionOf(h);
    expect(r.valid).toBe(true);
    expect(r.metrics['measuredCrashes']).toBe(0);
    expect((r.metrics['crashes'] as DetectionFigures[])[0]!.alreadyAccused).toEqual(['n1', 'n2']);
  });
});

// The resolved schedule: generated timetables, flap windows, ids, and seeded
// choices that are the same for the same seed and skip nodes already gone.

import { describe, expect, it } from 'vitest';
import { parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import type { ScheduledFault } from '../../src/config/types.js';

const resolve = (text: string, seed = 1): ScheduledFault[] => resolveScenario(parseScenarioText(text, 'x.yaml'), 'x.yaml', { seed }).schedule;

const generated = (mode: string, extra = '') => `duration: 40s
nemesis:
  generate:
    mode: ${mode}
    every: 4s
    quiet: 3s
    ${extra}
    faults:
      - {kind: partition, shape: random-halves, duration: 5s}
      - {kind: pause, node: random, duration: 3s}
      - {kind: loss, node: random, p: 0.3, duration: 4s}
      - {kind: flap, duration: 6s, period: 2s, fault: {kind: partition, shape: isolate, node: random}}
`;

describe('generated schedules', () => {
  it('are identical for the same seed, event for event, and differ for another seed', () => {
    for (const mode of ['sequence', 'random', 'staggered', 'flip-flop']) {
      const a = resolve(generated(mode), 3);
      expect(resolve(generated(mode), 3)).toEqual(a);
      expect(resolve(generated(mode), 4)).not.toEqual(a);
    }
  });

  it('end before the nemesis phase does, in every mode and for many seeds', () => {
    for (const mode of ['sequence', 'random', 'staggered', 'flip-flop']) {
      for (let seed = 0; seed < 25; seed++) {
        const s = resolve(generated(mode), seed);
        expect(s.length).toBeGreaterThan(0);
        for (const f of s) expect(f.at + f.duration).toBeLessThan(40_000);
      }
    }
  });

  it('end before `until` when one is given, and start at `start`', () => {
    const s = resolve(generated('sequence', 'until: 20s\n    start: 2s'));
    expect(s[0]!.at).toBe(2000);
    for (const f of s) expect(f.at + f.duration).toBeLessThan(20_000);
  });

  it('are numbered g1, g2, ... with flaps expanded into their windows (sequence: one fault at a time)', () => {
    const s = resolve(generated('sequence'));
    expect(s.slice(0, 3).map((f) => f.id)).toEqual(['g1-partition', 'g2-pause', 'g3-loss']);
    const flap = s.filter((f) => f.id.startsWith('g4-flap-'));
    expect(flap.map((f) => [f.id, f.at, f.duration])).toEqual([
      ['g4-flap-1-partition', 13_000, 1000], ['g4-flap-2-partition', 15_000, 1000], ['g4-flap-3-partition', 17_000, 1000],
    ]);
    expect(new Set(flap.map((f) => JSON.stringify(f.params))).size).toBe(1);
  });

  it('let each generated fault make its own random choices', () => {
    const pauses = resolve(generated('sequence')).filter((f) => f.kind === 'pause').map((f) => (f.params.nodes as string[])[0]);
    expect(pauses.length).toBeGreaterThan(1);
    const many = [1, 2, 3, 4, 5, 6].flatMap((seed) => resolve(generated('random'), seed).filter((f) => f.kind === 'pause').map((f) => (f.params.nodes as string[])[0]));
    expect(new Set(many).size).toBeGreaterThan(1);
  });

  it('run alongside fixed entries, which keep their f ids and the choices they would make in a plain list', () => {
    const list = resolve('nemesis: [{kind: crash, at: 1s, node: random}]', 9);
    const both = resolve(`nemesis:\n  generate: {mode: random, faults: [{kind: pause, duration: 2s}]}\n  fixed: [{kind: crash, at: 1s, node: random}]`, 9);
    expect(both.find((f) => f.id === 'f1-crash')).toEqual(list[0]);
    expect(both.some((f) => f.id.startsWith('g'))).toBe(true);
    expect(both.map((f) => f.at)).toEqual([...both.map((f) => f.at)].sort((a, b) => a - b));
  });
});

describe('listed schedules', () => {
  it('expand a flap into windows of its inner fault, each with its own id', () => {
    const s = resolve('duration: 30s\nnemesis: [{kind: crash, at: 1s, node: n1}, {kind: flap, at: 3s, duration: 10s, period: 4s, duty: 0.25, fault: {kind: pause, node: n2}}]');
    expect(s.map((f) => [f.id, f.kind, f.at, f.duration])).toEqual([
      ['f1-crash', 'crash', 1000, 0],
      ['f2-flap-1-pause', 'pause', 3000, 1000], ['f2-flap-2-pause', 'pause', 7000, 1000], ['f2-flap-3-pause', 'pause', 11_000, 1000],
    ]);
  });

  it('never make a random choice of a node an earlier fault took away for good', () => {
    for (let seed = 0; seed < 40; seed++) {
      const s = resolve('nemesis: [{kind: crash, at: 1s, count: 3}, {kind: leave, at: 2s, node: random}, {kind: pause, at: 3s, duration: 1s, node: random}]', seed);
      const crashed = s[0]!.params.nodes as string[];
      const left = s[1]!.params.nodes as string[];
      expect(crashed).not.toContain(left[0]);
      expect([...crashed, ...left]).not.toContain((s[2]!.params.nodes as string[])[0]);
    }
  });

  it('give a restart without duration the time its restarts take', () => {
    const s = resolve('nemesis: [{kind: restart, at: 1s, mode: rolling, down: 1s, gap: 2s}]');
    expect(s[0]!.duration).toBe(5 * 1000 + 4 * 2000);
  });
});

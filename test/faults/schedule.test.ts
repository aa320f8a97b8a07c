import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENERATE_MODES, generateSchedule, type GenerateSpec, type Planned } from '../../faults/schedule.js';
import { flapWindows, expandFlap } from '../../faults/flap.js';
import { createRng } from '../../src/seed.js';

const templates = [{ kind: 'partition', length: 5000 }, { kind: 'pause', length: 3000 }, { kind: 'loss', length: 4000 }];
const spec = (over: Partial<GenerateSpec> = {}): GenerateSpec => ({ mode: 'random', templates, every: 6000, quiet: 2000, start: 0, until: 60_000, ...over });
const windows = (plan: Planned[], s: GenerateSpec) => plan.map((p) => ({ kind: s.templates[p.template]!.kind, from: p.at, to: p.at + s.templates[p.template]!.length }));

describe('generated schedules', () => {
  it('are the same for the same seed and differ for another seed (random mode)', () => {
    const a = generateSchedule(spec(), createRng(1));
    expect(generateSchedule(spec(), createRng(1))).toEqual(a);
    expect(generateSchedule(spec(), createRng(2))).not.toEqual(a);
    expect(a.length).toBeGreaterThan(3);
  });

  it('sequence cycles through the templates in order, one at a time, `every` apart', () => {
    const s = spec({ mode: 'sequence', every: 6000 });
    const plan = generateSchedule(s, createRng(1));
    expect(plan.slice(0, 4)).toEqual([{ at: 0, template: 0 }, { at: 6000, template: 1 }, { at: 12000, template: 2 }, { at: 18000, template: 0 }]);
  });

  it('sequence waits for a long fault to end before the next starts', () => {
    const s = spec({ mode: 'sequence', every: 1000 });
    const w = windows(generateSchedule(s, createRng(1)), s);
    for (let i = 1; i < w.length; i++) expect(w[i]!.from).toBeGreaterThanOrEqual(w[i - 1]!.to);
  });

  it('staggered starts one every `every`, so different kinds overlap', () => {
    const s = spec({ mode: 'staggered', every: 2000 });
    const plan = generateSchedule(s, createRng(1));
    expect(plan.slice(0, 3).map((p) => p.at)).toEqual([0, 2000, 4000]);
    const w = windows(plan, s);
    expect(w[1]!.from).toBeLessThan(w[0]!.to);
  });

  it('flip-flop leaves exactly `quiet` between one fault and the next', () => {
    const s = spec({ mode: 'flip-flop', quiet: 2500 });
    const w = windows(generateSchedule(s, createRng(1)), s);
    for (let i = 1; i < w.length; i++) expect(w[i]!.from - w[i - 1]!.to).toBe(2500);
  });

  it('in every mode, every fault ends before `until` and two faults of one kind never overlap', () => {
    fc.assert(fc.property(
      fc.constantFrom(...GENERATE_MODES),
      fc.array(fc.record({ kind: fc.constantFrom('a', 'b', 'c'), length: fc.integer({ min: 0, max: 20_000 }) }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 200, max: 15_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 5000 }),
      fc.integer({ min: 6000, max: 120_000 }), fc.integer(),
      (mode, ts, every, quiet, start, until, seed) => {
        const s: GenerateSpec = { mode, templates: ts, every, quiet, start, until };
        const w = windows(generateSchedule(s, createRng(seed)), s);
        expect(w.every((x) => x.to < until)).toBe(true);
        for (const kind of ['a', 'b', 'c']) {
          const mine = w.filter((x) => x.kind === kind).sort((x, y) => x.from - y.from);
          expect(mine.every((x, i) => i === 0 || mine[i - 1]!.to <= x.from)).toBe(true);
        }
      },
    ), { numRuns: 300 });
  });
});

describe('flap windows', () => {
  it('are on for duty x period at the start of every period, the last one cut at the flap end', () => {
    expect(flapWindows({ at: 3000, duration: 9000, period: 4000, duty: 0.5 })).toEqual([
      { n: 1, at: 3000, duration: 2000 }, { n: 2, at: 7000, duration: 2000 }, { n: 3, at: 11000, duration: 1000 },
    ]);
  });

  it('expand into one scheduled fault per window, each with its own id and the same params', () => {
    const out = expandFlap('f3', { at: 0, duration: 10_000, period: 5000, duty: 0.2 }, { kind: 'partition', params: { shape: 'isolate', sides: [['n1'], ['n2']] } });
    expect(out.map((f) => [f.id, f.at, f.duration])).toEqual([['f3-flap-1-partition', 0, 1000], ['f3-flap-2-partition', 5000, 1000]]);
    expect(out[0]!.params).toEqual(out[1]!.params);
  });

  it('never end after the flap, and refuse an absurd number of windows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 100, max: 10_000 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }), (at, duration, period, duty) => {
        const w = flapWindows({ at, duration, period, duty });
        for (const x of w) expect(x.at + x.duration).toBeLessThanOrEqual(at + duration);
        for (let i = 1; i < w.length; i++) expect(w[i]!.at).toBeGreaterThanOrEqual(w[i - 1]!.at + w[i - 1]!.duration);
      }));
    expect(() => flapWindows({ at: 0, duration: 3_600_000, period: 1, duty: 0.5 })).toThrow(/more than 1000 windows/);
  });
});

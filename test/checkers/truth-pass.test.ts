import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TruthPass } from '../../checkers/stream.js';

const obs = (t: string): string => `{"t":${t},"type":"obs","node":"n1","obs":"detector","awareness":0}`;

describe('pass 1 over observation lines', () => {
  it('takes the latest `t` of lines it skips, whatever form the time is written in', () => {
    fc.assert(fc.property(fc.array(fc.oneof(
      fc.nat().map(String),
      fc.tuple(fc.nat(10_000_000), fc.nat(999)).map(([ms, us]) => `${ms}.${String(us).padStart(3, '0')}`), // as the controller writes it
      fc.double({ min: 0, max: 1e7, noNaN: true }).map(String),
      fc.constantFrom('1e3', '2.5E2', '0.000001', '123456789012345678', '12345.6789012345678', '-5', '7.0'),
    ), { minLength: 1, maxLength: 20 }), (times) => {
      const p = new TruthPass();
      for (const t of times) p.line(obs(t));
      const got = p.finish();
      expect(got.lines).toBe(times.length);
      expect(got.endT).toBe(Math.max(0, ...times.map((t) => (JSON.parse(obs(t)) as { t: number }).t)));
    }));
  });

  it('names a skipped line that is not a whole JSON object, and reads in full one whose time is not a number', () => {
    expect(() => new TruthPass().line(obs('5').slice(0, -1))).toThrow('line 1: expected a JSON event');
    expect(() => new TruthPass().line(obs('5.'))).toThrow('line 1: expected a JSON event');
  });
});

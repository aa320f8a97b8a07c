import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalChain, settleAll, type Span } from '../../checkers/interval-chain.js';

/** The clock pushed one interval at a time until nothing holds it back: what the chain must equal. */
function pushed(spans: readonly Span[], reach: number, c: number): number {
  for (let moved = true; moved && c < Infinity;) {
    moved = false;
    for (const s of spans) if (s.from < c + reach && s.to > c) { c = s.to; moved = true; }
  }
  return c;
}

const span = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 40 }), fc.boolean())
  .map(([from, len, open]): Span => ({ from, to: open && len > 38 ? Infinity : from + len }));

describe('IntervalChain', () => {
  it('comes to rest where the clock pushed interval by interval does, over one chain or several', () => {
    fc.assert(fc.property(
      fc.array(fc.array(span, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 250 }),
      (groups, reach, c) => {
        const chains = groups.map((g) => new IntervalChain(g, reach));
        expect(settleAll(chains, c)).toBe(pushed(groups.flat(), reach, c));
        expect(chains[0]!.settle(c)).toBe(pushed(groups[0]!, reach, c));
      },
    ), { numRuns: 2000 });
  });

  it('carries a clock across a run of back-to-back faults to the end of the last one', () => {
    const spans = Array.from({ length: 1000 }, (_, i) => ({ from: i * 75, to: i * 75 + 8 }));
    const chain = new IntervalChain(spans, 70);
    expect(chain.settle(0)).toBe(999 * 75 + 8);
    expect(new IntervalChain(spans, 60).settle(0)).toBe(8);
    expect(chain.settle(999 * 75 + 8)).toBe(999 * 75 + 8);
  });
});

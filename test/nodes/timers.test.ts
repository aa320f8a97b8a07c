// The core's timers against the plainest model of their contract: a key holds at
// most one deadline, set replaces it, clear removes it, and popDue hands out the
// earliest due key, the one set first among equal deadlines; whether the key has a
// slot of its own (probe, gossip, ...) or lives in the heap (suspect:<id>, ...).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Timers } from '../../nodes/core/timers.js';

const KEYS = ['probe', 'probe.timeout', 'gossip', 'pushpull', 'join', 'suspect:n2', 'reap:n3', 'relay:7', 'phi:n4'];

type Op = { op: 'set'; key: string; at: number } | { op: 'clear'; key: string } | { op: 'pop'; now: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...KEYS), at: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ op: fc.constant('clear' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({ op: fc.constant('pop' as const), now: fc.integer({ min: 0, max: 25 }) }),
);

describe('timers', () => {
  it('behave like a map of keys to (deadline, order set), popped earliest first', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const t = new Timers();
      const model = new Map<string, { at: number; seq: number }>();
      let seq = 0;
      for (const o of ops) {
        if (o.op === 'set') { t.set(o.key, o.at); model.set(o.key, { at: o.at, seq: seq++ }); }
        else if (o.op === 'clear') { t.clear(o.key); model.delete(o.key); }
        else {
          const due = [...model].filter(([, v]) => v.at <= o.now).sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq)[0];
          expect(t.popDue(o.now)).toBe(due?.[0]);
          if (due) model.delete(due[0]);
        }
        const next = Math.min(...[...model.values()].map((v) => v.at));
        expect(t.next()).toBe(next);
        for (const k of KEYS) {
          expect(t.has(k)).toBe(model.has(k));
          expect(t.at(k)).toBe(model.get(k)?.at);
        }
      }
    }), { numRuns: 500 });
  });
});

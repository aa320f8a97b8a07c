// The anti-entropy summary: kept incrementally on every record change, it equals the
// summary recomputed from the records, at every bucket count, in both member stores.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Members, type Member } from '../../nodes/core/members.js';
import type { MemberState } from '../../nodes/core/messages.js';
import { Rng } from '../../nodes/core/rng.js';
import { FINE, bucketCount, fineBucket, fold, idHash, recordHash } from '../../nodes/core/summary.js';
import { CompactMembers, MemberRegistry } from '../../src/sim/compact-members.js';

type Store = Pick<Members, 'add' | 'remove' | 'update' | 'get' | 'all' | 'summary' | 'digestOf'>;

/** The summary at `b` buckets computed from scratch from the records. */
function recomputed(store: Store, b: number): Uint32Array {
  const out = new Uint32Array(b);
  for (const m of store.all()) {
    const h = idHash(m.id);
    out[fineBucket(h) & (b - 1)]! ^= recordHash(h, m.incarnation, m.state, m.metaVersion);
  }
  return out;
}

const STATES: MemberState[] = ['alive', 'suspect', 'dead', 'left'];
const op = fc.oneof(
  fc.record({ k: fc.constant('add' as const), id: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ k: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 120 }) }),
  fc.record({
    k: fc.constant('update' as const), id: fc.integer({ min: 0, max: 120 }),
    state: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
    incarnation: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
    metaVersion: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
  }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(store: Store, o: Op): void {
  const id = `n${o.id}`;
  if (id === 'n0') return; // self stays
  const m = store.get(id);
  if (o.k === 'add' && !m) store.add({ id, addr: `10.0.0.${o.id}:7946`, state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 });
  else if (o.k === 'remove') store.remove(id);
  else if (o.k === 'update' && m) {
    const fields: Partial<Member> = {};
    if (o.state !== undefined) fields.state = o.state;
    if (o.incarnation !== undefined) fields.incarnation = o.incarnation;
    if (o.metaVersion !== undefined) fields.metaVersion = o.metaVersion;
    store.update(m, fields);
  }
}

function exact(): Store {
  const s = new Members('n0', new Rng(1));
  s.add({ id: 'n0', addr: '10.0.0.0:7946', state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 });
  return s;
}

function compact(): Store {
  const reg = new MemberRegistry();
  for (let i = 0; i < 60; i++) reg.register(`n${i}`, `10.0.0.${i}:7946`);
  const s = new CompactMembers('n0', new Rng(1), reg, 60, 0);
  s.add({ id: 'n0', addr: '10.0.0.0:7946', state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 });
  return s as unknown as Store;
}

describe('anti-entropy summary', () => {
  for (const [name, make] of [['member list', exact], ['compact member store', compact]] as const) {
    it(`${name}: the incremental summary equals the one recomputed from the records, after any changes, at every bucket count`, () => {
      fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const s = make();
        for (const o of ops) apply(s, o);
        for (let b = 1; b <= FINE; b *= 2) expect(Array.from(s.summary(b)), `B=${b}`).toEqual(Array.from(recomputed(s, b)));
      }), { numRuns: 150 });
    });

    it(`${name}: the digest of some buckets holds exactly the members hashed into them`, () => {
      const s = make();
      for (let i = 0; i < 400; i++) apply(s, { k: 'add', id: i % 121 });
      const b = 8;
      const got = s.digestOf(b, [2, 5]).map((e) => e.id).sort();
      const want = [...s.all()].filter((m) => [2, 5].includes(fineBucket(idHash(m.id)) & (b - 1))).map((m) => m.id).sort();
      expect(got).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
    });
  }

  it('folding is consistent: B buckets folded from 2B equal B folded from the finest level', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 0xffff_ffff }), { minLength: FINE, maxLength: FINE }), (xs) => {
      const fine = Uint32Array.from(xs);
      for (let b = 1; b < FINE; b *= 2) {
        const twice = fold(fine, 2 * b);
        const viaTwice = new Uint32Array(b);
        twice.forEach((v, i) => { viaTwice[i & (b - 1)]! ^= v; });
        expect(Array.from(fold(fine, b))).toEqual(Array.from(viaTwice));
      }
    }), { numRuns: 20 });
  });

  it('B is one bucket up to 63 members, about 32 members per bucket above, at most 1,024', () => {
    expect([1, 32, 63, 64, 127, 128, 1000, 10_000, 32_768, 100_000].map(bucketCount)).toEqual([1, 1, 1, 2, 2, 4, 16, 256, 1024, 1024]);
  });

  it('a change of incarnation, state or metadata version changes the record hash', () => {
    const h = idHash('n7');
    const base = recordHash(h, 3, 'alive', 2);
    expect(recordHash(h, 4, 'alive', 2)).not.toBe(base);
    expect(recordHash(h, 3, 'suspect', 2)).not.toBe(base);
    expect(recordHash(h, 3, 'alive', 3)).not.toBe(base);
    expect(recordHash(idHash('n8'), 3, 'alive', 2)).not.toBe(base);
  });
});

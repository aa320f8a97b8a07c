// The compact member store keeps the member list's contract: each live member
// probed once per pass, k distinct random accepted members (never self), records
// changed by one node invisible to another, Map-like removal and re-adding. And a
// warm cluster on it behaves like one on the core's own list: a crash is declared
// dead everywhere, and nobody healthy is accused.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../nodes/core/index.js';
import { digestEntry, type Member } from '../../nodes/core/members.js';
import type { DigestEntry } from '../../nodes/core/messages.js';
import { CompactMembers, MemberRegistry } from '../../src/sim/compact-members.js';
import { views, warmCluster } from './helpers.js';

function stores(n: number) {
  const reg = new MemberRegistry();
  for (let i = 1; i <= n; i++) reg.register(`n${i}`, `10.0.0.${i}:7946`);
  const mk = (id: string): CompactMembers => {
    const s = new CompactMembers(id, new Rng(id.length * 31 + n), reg, n, 0);
    s.add({ id, addr: reg.addrs[reg.index.get(id)!]!, state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 });
    return s;
  };
  return { reg, mk };
}

describe('compact member store', () => {
  it('probes every other member exactly once per pass', () => {
    const { mk } = stores(100);
    const a = mk('n1');
    expect(a.size).toBe(100);
    for (let pass = 0; pass < 3; pass++) {
      const seen = Array.from({ length: 99 }, () => a.nextProbeTarget()!.id);
      expect(new Set(seen).size).toBe(99);
      expect(seen).not.toContain('n1');
    }
  });

  it('draws k distinct accepted members, never self, roughly uniformly', () => {
    const { mk } = stores(20);
    const a = mk('n1');
    a.get('n2')!.state = 'dead';
    const count = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const got = a.random(3, (m: Member) => m.state === 'alive');
      expect(new Set(got.map((m) => m.id)).size).toBe(3);
      for (const m of got) count.set(m.id, (count.get(m.id) ?? 0) + 1);
    }
    expect(count.has('n1')).toBe(false);
    expect(count.has('n2')).toBe(false);
    for (const c of count.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('keeps each node\'s changes its own, and removal and re-adding like a Map', () => {
    const { mk } = stores(10);
    const a = mk('n1');
    const b = mk('n2');
    const m = a.get('n5')!;
    m.state = 'suspect';
    m.incarnation = 3;
    m.meta.set('role', { value: 'db', version: 1 });
    expect(a.get('n5')!.state).toBe('suspect');
    expect(a.get('n5')!.meta.get('role')?.value).toBe('db');
    expect(b.get('n5')!.state).toBe('alive');
    expect(b.get('n5')!.meta.size).toBe(0);
    a.remove('n5');
    expect(a.get('n5')).toBeUndefined();
    expect(a.size).toBe(9);
    expect([...a.all()].map((x) => x.id)).not.toContain('n5');
    a.add({ id: 'n5', addr: '10.0.0.5:7946', state: 'alive', incarnation: 4, stateChange: 9, meta: new Map(), metaVersion: 0 });
    expect(a.size).toBe(10);
    expect([...a.all()].map((x) => x.id).at(-1)).toBe('n5');
    expect(a.get('n5')!.incarnation).toBe(4);
    expect(() => a.add({ id: 'n5', addr: 'x:1', state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 })).toThrow(/already present/);
  });

  it('digests what all() holds, in the same order, before and after changes, removal and re-adding; matches only identical records', () => {
    const { mk } = stores(12);
    const a = mk('n4');
    const expected = (): DigestEntry[] => [...a.all()].map(digestEntry);
    expect(a.digest()).toEqual(expected());
    const m = a.get('n7')!;
    m.state = 'suspect';
    m.incarnation = 2;
    a.get('n9')!.metaVersion = 3;
    a.add({ id: 'n13', addr: '10.0.0.13:7946', state: 'alive', incarnation: 1, stateChange: 0, meta: new Map(), metaVersion: 0 });
    expect(a.digest()).toEqual(expected());
    expect(a.digest().find((e) => e.id === 'n7')).toEqual({ id: 'n7', inc: 2, state: 'suspect', metaVersion: 0 });
    expect(mk('n1').digest().find((e) => e.id === 'n7')).toEqual({ id: 'n7', inc: 0, state: 'alive', metaVersion: 0 });
    a.remove('n2');
    expect(a.digest()).toEqual(expected());
    a.add({ id: 'n2', addr: '10.0.0.2:7946', state: 'alive', incarnation: 5, stateChange: 0, meta: new Map(), metaVersion: 0 });
    expect(a.digest()).toEqual(expected());
    expect(a.digest().map((e) => e.id).sort()).toEqual([...Array(13).keys()].map((i) => `n${i + 1}`).sort());
    const b = mk('n1');
    b.get('n9')!.metaVersion = 3;
    for (const x of [a, b]) {
      for (const e of [...a.digest(), ...b.digest()]) {
        const m = x.get(e.id);
        const same = m !== undefined && m.incarnation === e.inc && m.state === e.state && m.metaVersion === e.metaVersion;
        expect(x.matches(e), `${x.selfId} on ${JSON.stringify(e)}`).toBe(same);
      }
    }
  });

  for (const compact of [false, true]) {
    it(`a crash in a warm ${compact ? 'compact' : 'exact'} cluster is declared dead everywhere, and nobody else is accused`, async () => {
      const { cluster, rt, log } = warmCluster(30, 5, { compact });
      cluster.runUntil(3000);
      await rt.kill('n7');
      cluster.runUntil(60_000);
      for (const [o, v] of views(cluster)) {
        expect(['dead', undefined], `${o} sees n7 as ${v.get('n7')}`).toContain(v.get('n7'));
        for (const [m, st] of v) if (m !== 'n7') expect(st, `${o} sees ${m}`).toBe('alive');
      }
      expect(log.some((r) => r.o.type === 'member' && r.o.member !== 'n7' && r.o.state !== 'alive')).toBe(false);
    });
  }
});

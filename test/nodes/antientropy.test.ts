// Push-pull at scale: a digest is sized by counting (the same bytes the encoder
// writes); an exchange opens with the bucketed summary, so nodes that agree send
// no digest entries, and nodes that differ send only the differing buckets' entries.

import { describe, expect, it } from 'vitest';
import { decodePacket, digestEntrySize, encodedSize } from '../../nodes/core/codec.js';
import { Rng, SwimNode, resolveParams } from '../../nodes/core/index.js';
import type { DigestEntry, Message } from '../../nodes/core/messages.js';
import { bucketCount, fineBucket, idHash } from '../../nodes/core/summary.js';
import { warmCluster } from '../../src/sim/warm.js';
import { cluster } from './harness.js';

describe('anti-entropy digests', () => {
  it('a digest entry is sized exactly as msgpack encodes it', () => {
    const rng = new Rng(5);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
    const ids = ['n1', 'n12345', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(300), 'nœud-é', '节点七', 'emoji-🛰️', 'a\u{10348}b'];
    const nums = [0, 1, 127, 128, 255, 256, 65535, 65536, 0xffff_ffff];
    for (let i = 0; i < 2000; i++) {
      const e: DigestEntry = {
        id: pick(ids), inc: pick(nums), metaVersion: pick(nums), state: pick(['alive', 'suspect', 'dead', 'left'] as const),
      };
      expect(digestEntrySize(e), JSON.stringify(e)).toBe(encodedSize([e.id, e.inc, 0, e.metaVersion]));
    }
  });

  it('in a quiet 1,000-member cluster a push-pull exchange is the summary alone: no digest entries, a few datagrams', () => {
    const N = 1000;
    const { cluster } = warmCluster({ nodes: N, seed: 8 });
    let sums = 0;
    let sumPackets = 0;
    let entries = 0;
    cluster.onDeliver = (_from, _to, msgs) => {
      let hasSum = false;
      for (const m of msgs) {
        if (m.t === 'digest') entries += m.entries.length;
        if (m.t === 'sum') { sums++; hasSum = true; }
      }
      if (hasSum) sumPackets++;
    };
    cluster.runUntil(20_000);
    expect(sums).toBeGreaterThan(50);
    expect(entries).toBe(0);
    // 16 buckets at 1,000 members: one datagram per exchange instead of 2 x 15 digest packets
    expect(sumPackets).toBe(sums);
  }, 60_000);

  it('two nodes that differ in one record exchange the entries of that record\'s bucket only, and then agree', () => {
    const ids = Array.from({ length: 301 }, (_, i) => `n${i}`);
    const params = resolveParams('lan', {});
    const make = (i: number): SwimNode => {
      const n = new SwimNode({ id: ids[i]!, addr: `10.0.${i >> 8}.${i & 255}:7946`, params, rng: new Rng(i + 1), seeds: [] });
      n.start(0);
      for (const [j, id] of ids.entries()) {
        if (j !== i) n.members.add({ id, addr: `10.0.${j >> 8}.${j & 255}:7946`, state: 'alive', incarnation: 0, stateChange: 0, meta: new Map(), metaVersion: 0 });
      }
      for (const t of ['probe', 'gossip', 'pushpull']) n.timers.clear(t);
      n.drainOutbox();
      return n;
    };
    const a = make(0);
    const b = make(1);
    a.handleFrame({ msgs: [{ t: 'alive', id: 'n77', addr: '10.0.0.77:7946', inc: 4 }], sizes: [0], bytes: 0 }, '10.0.0.5:7946', 10);
    a.drainOutbox();
    const B = bucketCount(a.members.size);
    const bucket = fineBucket(idHash('n77')) & (B - 1);
    const inBucket = ids.filter((id) => (fineBucket(idHash(id)) & (B - 1)) === bucket).length;
    expect(B).toBe(8);

    // a's push-pull, whichever peer it picks, is delivered to b as encoded datagrams; b's answers to a
    a.timers.set('pushpull', 20);
    a.tick(20);
    const seen: Message[] = [];
    for (let round = 0, t = 21; round < 10; round++, t++) {
      const fromA = a.drainOutbox();
      const fromB = b.drainOutbox();
      if (!fromA.length && !fromB.length) break;
      for (const p of fromA) { seen.push(...decodePacket(p.data)); b.handle(p.data, '10.0.0.0:7946', t); }
      for (const p of fromB) { seen.push(...decodePacket(p.data)); a.handle(p.data, '10.0.0.1:7946', t); }
    }
    const digested = seen.flatMap((m) => (m.t === 'digest' ? m.entries : []));
    expect(seen.filter((m) => m.t === 'sum').length).toBeGreaterThan(0);
    expect(digested.length).toBeGreaterThan(0);
    expect(digested.length).toBeLessThanOrEqual(2 * inBucket);
    expect(digested.every((e) => (fineBucket(idHash(e.id)) & (B - 1)) === bucket)).toBe(true);
    expect(b.members.get('n77')!.incarnation).toBe(4);
    expect(Array.from(b.members.summary(B))).toEqual(Array.from(a.members.summary(B)));
  });

  it('after a partition heals, anti-entropy alone brings each side\'s updates to the other side', () => {
    const spread = (pushPullInterval: number): number => {
      const sim = cluster(80, { seed: 21, params: { pushPullInterval } });
      sim.runFor(10_000);
      const left = [...sim.nodes.keys()].slice(0, 40);
      const right = [...sim.nodes.keys()].slice(40);
      for (const l of left) for (const r of right) { sim.block(l, r); sim.block(r, l); }
      sim.act(left[3]!, (n, now) => n.setMeta('side', 'left', now));
      sim.act(right[3]!, (n, now) => n.setMeta('side', 'right', now));
      sim.runFor(3000);
      for (const l of left) for (const r of right) { sim.unblock(l, r); sim.unblock(r, l); }
      sim.runFor(60_000);
      let have = 0;
      for (const id of sim.live()) {
        const n = sim.node(id);
        if (n.meta(left[3]!).side?.value === 'left' && n.meta(right[3]!).side?.value === 'right') have++;
      }
      return have;
    };
    expect(spread(1000)).toBe(80);
    // without anti-entropy the updates' gossip was spent inside each side
    expect(spread(0)).toBeLessThan(80);
  }, 60_000);
});

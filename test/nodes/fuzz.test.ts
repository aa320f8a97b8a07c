// Property-based fuzzing of decoder + core: over a million random, mutated and
// structurally valid-but-hostile datagrams. Nothing may throw, and the node's
// state must stay valid (self alive, states and incarnations well-formed,
// awareness in bounds, every packet it sends within the budget).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemblePacket, encodeMessage, decodePacket } from '../../nodes/core/codec.js';
import { Rng, SwimNode, resolveParams, type ProtocolParams } from '../../nodes/core/index.js';
import { MESSAGE_TYPES, type Message } from '../../nodes/core/messages.js';
import { cluster } from './harness.js';

const STATES = ['alive', 'suspect', 'dead', 'left'];

/** Real packets from a small cluster's life: joins, probes, a crash, metadata, anti-entropy. */
function corpus(): Uint8Array[] {
  const sim = cluster(6, { seed: 5, params: { pushPullInterval: 3000 } });
  const out: Uint8Array[] = [];
  sim.onSend = (_f, _t, d) => { if (out.length < 5000) out.push(d); };
  sim.runFor(5000);
  sim.act('n2', (n, now) => n.setMeta('k', 'value', now));
  sim.crash('n4');
  sim.add('n7', ['n1']);
  sim.runFor(20_000);
  return out;
}

function target(params: ProtocolParams): SwimNode {
  const n = new SwimNode({ id: 'n1', addr: '10.0.0.1:7946', params, rng: new Rng(9), seeds: [{ id: 'n2', addr: '10.0.0.2:7946' }] });
  n.start(0);
  return n;
}

function checkValid(n: SwimNode, now: number, budget: number): void {
  const v = n.view();
  const self = v.members.find((m) => m.id === 'n1');
  if (!self || self.state !== 'alive') throw new Error(`self is ${JSON.stringify(self)}`);
  for (const m of v.members) {
    if (!STATES.includes(m.state) || !Number.isInteger(m.incarnation) || m.incarnation < 0 || m.incarnation > 0xffff_ffff) throw new Error(`bad member ${JSON.stringify(m)}`);
  }
  const a = n.detectorSnapshot(now).awareness;
  if (a < 0 || a > 7) throw new Error(`awareness ${a}`);
  if (!(n.nextDeadline() < Infinity)) throw new Error('no deadline');
  for (const o of n.drainOutbox()) if (o.data.length > budget) throw new Error(`packet of ${o.data.length} bytes`);
  for (const e of n.drainEvents()) if (e.type === 'member' && !STATES.includes(e.state)) throw new Error(`bad event ${JSON.stringify(e)}`);
}

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5', 'x', 'y', 'z'];

function randomMessage(r: Rng): Message {
  const id = (): string => (r.next() < 0.95 ? IDS[r.int(IDS.length)]! : `r${r.u32()}`);
  const inc = (): number => [0, 1, 2, r.int(10), r.u32(), 0xffff_ffff][r.int(6)]!;
  const addr = (): string => `10.0.${r.int(3)}.${r.int(9)}:${r.next() < 0.5 ? 7946 : r.int(65536)}`;
  const state = (): Message extends never ? never : 'alive' | 'suspect' | 'dead' | 'left' => STATES[r.int(4)] as 'alive';
  const t = MESSAGE_TYPES[r.int(MESSAGE_TYPES.length)]!;
  switch (t) {
    case 'ping': return { t, seq: r.int(50), target: r.next() < 0.7 ? 'n1' : id() };
    case 'ack': case 'nack': return { t, seq: r.int(50) };
    case 'pingReq': return { t, seq: r.int(50), target: id(), addr: addr(), nack: r.next() < 0.5 };
    case 'alive': return { t, id: id(), addr: addr(), inc: inc() };
    case 'suspect': case 'dead': return { t, id: id(), inc: inc(), from: id() };
    case 'meta': return { t, id: id(), key: ['a', 'b', 'c'][r.int(3)]!, value: 'v'.repeat(r.int(40)), version: inc() };
    case 'digest':
      return { t, kind: (['push', 'reply', 'join'] as const)[r.int(3)]!, entries: Array.from({ length: r.int(8) }, () => ({ id: id(), inc: inc(), state: state(), metaVersion: inc() })) };
    case 'pull': return { t, wants: Array.from({ length: r.int(6) }, () => ({ id: id(), metaVersion: inc() })) };
    case 'state': return { t, id: id(), addr: addr(), inc: inc(), state: state() };
    case 'sum': { const b = 1 << r.int(11); const first = r.int(b); return { t, buckets: b, first, values: Array.from({ length: Math.min(b - first, r.int(40)) }, () => r.u32()) }; }
    case 'diff': { const b = 1 << r.int(11); return { t, buckets: b, list: Array.from({ length: r.int(20) }, () => r.int(b)) }; }
  }
}

function mutate(r: Rng, src: Uint8Array, other: Uint8Array): Uint8Array {
  const b = Uint8Array.from(src);
  switch (r.int(5)) {
    case 0: for (let i = 0, n = 1 + r.int(4); i < n; i++) b[r.int(b.length)]! ^= 1 << r.int(8); return b;
    case 1: for (let i = 0, n = 1 + r.int(4); i < n; i++) b[r.int(b.length)] = r.int(256); return b;
    case 2: return b.subarray(0, r.int(b.length + 1));
    case 3: { const cut = r.int(b.length + 1); const c = new Uint8Array(cut + other.length); c.set(b.subarray(0, cut)); c.set(other, cut); return c; }
    default: {
      const at = r.int(b.length + 1);
      const junk = Uint8Array.from({ length: 1 + r.int(16) }, () => r.int(256));
      const c = new Uint8Array(b.length + junk.length);
      c.set(b.subarray(0, at)); c.set(junk, at); c.set(b.subarray(at), at + junk.length);
      return c;
    }
  }
}

type Kind = 'random' | 'mutated' | 'structured';

function feed(kind: Kind, seed: number, count: number, packets: readonly Uint8Array[], params: ProtocolParams): number {
  const r = new Rng(seed);
  const node = target(params);
  let now = 0;
  let fed = 0;
  for (let i = 0; i < count; i++) {
    let data: Uint8Array;
    if (kind === 'random') {
      data = new Uint8Array(r.int(120));
      for (let j = 0; j < data.length; j++) data[j] = r.u32() & 0xff;
      if (data.length > 0 && r.next() < 0.7) data[0] = 0x47;
    } else if (kind === 'mutated') {
      data = mutate(r, packets[r.int(packets.length)]!, packets[r.int(packets.length)]!);
    } else {
      data = assemblePacket(Array.from({ length: 1 + r.int(4) }, () => encodeMessage(randomMessage(r))));
    }
    node.handle(data, `10.0.0.${2 + r.int(5)}:7946`, now);
    fed++;
    if (r.next() < 0.05) { now += r.int(3000); node.tick(now); }
    if (i % 100 === 99) checkValid(node, now, params.packetBudget);
  }
  checkValid(node, now, params.packetBudget);
  return fed;
}

describe('fuzzing decoder + core', () => {
  const packets = corpus();
  const lan = resolveParams('lan');
  let total = 0;

  it('the corpus is made of real, decodable packets of every kind', () => {
    const types = new Set(packets.flatMap((p) => decodePacket(p).map((m) => m.t)));
    for (const t of ['ping', 'ack', 'alive', 'suspect', 'dead', 'meta', 'digest', 'state', 'pingReq']) expect(types).toContain(t);
  });

  it.each<[Kind, number]>([['random', 400_000], ['mutated', 400_000], ['structured', 250_000]])('%s datagrams (%i) never throw and leave a valid state', (kind, n) => {
    const perRun = 2500;
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, phi) => {
      total += feed(kind, seed, perRun, packets, phi ? { ...lan, detector: 'phi' } : lan);
    }), { numRuns: n / perRun });
  }, 120_000);

  it('fed at least a million datagrams in all', () => {
    expect(total).toBeGreaterThanOrEqual(1_000_000);
  });
});

// Frames (the core's datagrams as message objects, which the simulator carries
// instead of bytes) are the encoded datagrams without the encoding: the counted
// size is the encoded size, and a node driven by frames says and does exactly
// what the same node driven by bytes does.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodeMessage, messageSize } from '../../nodes/core/codec.js';
import { Rng, SwimNode, resolveParams } from '../../nodes/core/index.js';
import type { DigestEntry, Message } from '../../nodes/core/messages.js';
import { cluster } from './harness.js';

const u32 = fc.oneof(fc.constantFrom(0, 127, 128, 255, 256, 65535, 65536, 0xffff_ffff), fc.nat());
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 70 }), fc.constant('a\ud800b'));
const state = fc.constantFrom('alive', 'suspect', 'dead', 'left') as fc.Arbitrary<DigestEntry['state']>;
const entry = fc.record({ id: text, inc: u32, state, metaVersion: u32 });

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ t: fc.constant('ping' as const), seq: u32, target: text }),
  fc.record({ t: fc.constantFrom('ack' as const, 'nack' as const), seq: u32 }),
  fc.record({ t: fc.constant('pingReq' as const), seq: u32, target: text, addr: text, nack: fc.boolean() }),
  fc.record({ t: fc.constant('alive' as const), id: text, addr: text, inc: u32 }),
  fc.record({ t: fc.constantFrom('suspect' as const, 'dead' as const), id: text, inc: u32, from: text }),
  fc.record({ t: fc.constant('meta' as const), id: text, key: text, value: text, version: u32 }),
  fc.record({ t: fc.constant('digest' as const), kind: fc.constantFrom('push' as const, 'reply' as const, 'join' as const), entries: fc.array(entry, { maxLength: 40 }) }),
  fc.record({ t: fc.constant('pull' as const), wants: fc.array(fc.record({ id: text, metaVersion: u32 }), { maxLength: 40 }) }),
  fc.record({ t: fc.constant('state' as const), id: text, addr: text, inc: u32, state }),
  fc.record({ t: fc.constant('sum' as const), buckets: fc.constantFrom(1, 2, 16, 256, 1024), first: u32, values: fc.array(u32, { maxLength: 1024 }) }),
  fc.record({ t: fc.constant('diff' as const), buckets: fc.constantFrom(1, 2, 16, 256, 1024), list: fc.array(u32, { maxLength: 1024 }) }),
);

/** Two cores with the same identity and seed. */
function twin(): SwimNode {
  return new SwimNode({ id: 'n1', addr: '10.0.0.1:7946', params: resolveParams('lan', { pushPullInterval: 2000 }), rng: new Rng(3), seeds: [{ id: 'n2', addr: '10.0.0.2:7946' }] });
}

describe('frames', () => {
  it('a message\'s counted size is its encoded size', () => {
    fc.assert(fc.property(message, (m) => messageSize(m) === encodeMessage(m).length), { numRuns: 5000 });
    const big = (n: number): Message => ({ t: 'digest', kind: 'push', entries: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, inc: i, state: 'alive', metaVersion: 0 })) });
    for (const n of [15, 16, 65535, 65536]) expect(messageSize(big(n)), `${n} entries`).toBe(encodeMessage(big(n)).length);
  });

  it('a node driven by frames sends, says and counts what the same node driven by bytes does', () => {
    const sim = cluster(6, { seed: 5, params: { pushPullInterval: 2000 } });
    const inbound: { at: number; from: string; data: Uint8Array }[] = [];
    sim.onDeliver = (from, to, data) => { if (to === 'n1') inbound.push({ at: sim.now, from: sim.addrOf.get(from)!, data }); };
    sim.runFor(4000);
    sim.act('n3', (n, now) => n.setMeta('k', 'v', now));
    sim.crash('n4');
    sim.runFor(15_000);
    expect(inbound.length).toBeGreaterThan(50);
    const bytes = twin();
    const frames = twin();
    let datagrams = 0;
    for (const p of inbound) {
      bytes.tick(p.at);
      frames.tick(p.at);
      bytes.handle(p.data, p.from, p.at);
      const msgs = decodePacket(p.data);
      frames.handleFrame({ msgs, sizes: msgs.map(messageSize), bytes: p.data.length }, p.from, p.at);
      const sent = bytes.drainOutbox();
      const planned = frames.drainFrames();
      expect(planned.map((f) => f.to)).toEqual(sent.map((o) => o.to));
      planned.forEach((f, i) => {
        expect(f.bytes).toBe(sent[i]!.data.length);
        expect(f.msgs).toEqual(decodePacket(sent[i]!.data));
        expect(f.sizes).toEqual(f.msgs.map(messageSize));
      });
      expect(frames.drainEvents()).toEqual(bytes.drainEvents());
      datagrams += sent.length;
    }
    expect(datagrams).toBeGreaterThan(30);
    expect(frames.statsSnapshot()).toEqual(bytes.statsSnapshot());
    expect(frames.view()).toEqual(bytes.view());
  });
});

// Push-pull at scale: a digest is sized by counting (the same bytes the encoder
// writes), and a multi-packet push gets one digest back per exchange, so an
// exchange costs about 2 x N/70 packets, not (N/70)^2.

import { describe, expect, it } from 'vitest';
import { digestEntrySize, encodedSize } from '../../nodes/core/codec.js';
import { Rng } from '../../nodes/core/index.js';
import type { DigestEntry } from '../../nodes/core/messages.js';
import { warmCluster } from '../../src/sim/warm.js';

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

  it('in a 1,000-member cluster each push-pull exchange sends each side\'s digest once', () => {
    const N = 1000;
    const { cluster } = warmCluster({ nodes: N, seed: 8 });
    let pushes = 0;
    let digests = 0;
    let perPacket = 0;
    cluster.onDeliver = (_from, _to, msgs, sent) => {
      for (const m of msgs) {
        if (m.t !== 'digest' || sent >= 19_000) continue;
        digests++;
        if (m.kind === 'push') { pushes++; perPacket = Math.max(perPacket, m.entries.length); }
      }
    };
    cluster.runUntil(20_000);
    const chunks = Math.ceil(N / perPacket);
    expect(chunks).toBeGreaterThan(3);
    expect(pushes).toBeGreaterThan(50);
    // one exchange: `chunks` packets out (the first says push), `chunks` packets back
    expect(digests / pushes).toBeGreaterThanOrEqual(2 * chunks - 1);
    expect(digests / pushes).toBeLessThanOrEqual(2 * chunks + 1);
  }, 60_000);
});

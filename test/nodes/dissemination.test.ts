// Dissemination: metadata updates reach every member, anti-entropy repairs what
// gossip missed while sending only differences, and gossip keeps reaching dead
// members for gossipToTheDeadTime, then stops.

import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../nodes/core/codec.js';
import { cluster } from './harness.js';

const updatesSeen = (sim: ReturnType<typeof cluster>, member: string, key: string, version: number): Set<string> =>
  new Set(sim.log.filter((r) => r.obs.type === 'update' && r.obs.member === member && r.obs.key === key && r.obs.version === version).map((r) => r.node));

describe('metadata', () => {
  it('an update reaches all of 100 members, with its version', () => {
    const sim = cluster(100, { seed: 81 });
    for (let i = 0; i < 20 && !sim.converged(); i++) sim.runFor(1000);
    expect(sim.converged()).toBe(true);
    const v1 = sim.act('n42', (n, now) => n.setMeta('color', 'blue', now));
    const v2 = sim.act('n42', (n, now) => n.setMeta('color', 'green', now));
    expect([v1, v2]).toEqual([1, 2]);
    sim.runFor(30_000);
    expect(updatesSeen(sim, 'n42', 'color', 2).size).toBe(100);
    for (const o of ['n1', 'n77', 'n100']) expect(sim.node(o).meta('n42')).toEqual({ color: { value: 'green', version: 2 } });
  });
});

describe('anti-entropy (push-pull)', () => {
  function missedUpdate(pushPullInterval: number): number {
    const sim = cluster(6, { seed: 82, params: { pushPullInterval } });
    sim.runFor(15_000);
    sim.isolate('n2');
    sim.act('n2', (n, now) => n.setMeta('k', 'v', now));
    sim.runFor(1500); // gossip spends every retransmission of the update into the void
    sim.isolate('n2', false);
    sim.runFor(40_000);
    return updatesSeen(sim, 'n2', 'k', 1).size;
  }

  it('repairs an update that gossip lost', () => {
    expect(missedUpdate(5000)).toBe(6);
  });

  it('without push-pull the lost update stays lost (so the repair above is anti-entropy)', () => {
    expect(missedUpdate(0)).toBe(1);
  });

  it('exchanges only digests once members agree', () => {
    const sim = cluster(8, { seed: 83, params: { pushPullInterval: 2000 } });
    sim.runFor(30_000);
    const before = sim.live().map((o) => sim.node(o).statsSnapshot().sent);
    sim.runFor(20_000);
    const after = sim.live().map((o) => sim.node(o).statsSnapshot().sent);
    const delta = (t: string) => after.reduce((a, s, i) => a + (s[t]?.msgs ?? 0) - (before[i]![t]?.msgs ?? 0), 0);
    expect(delta('digest')).toBeGreaterThan(10);
    expect(delta('state')).toBe(0);
    expect(delta('pull')).toBe(0);
  });
});

describe('gossip to the dead', () => {
  it('continues for gossipToTheDeadTime after death, then stops', () => {
    const sim = cluster(6, { seed: 84, params: { gossipToTheDeadTime: 10_000, reapTime: 60_000 } });
    sim.runFor(15_000);
    sim.crash('n6');
    const toDead: number[] = [];
    sim.onSend = (_from, to, data) => {
      if (to !== 'n6') return;
      const msgs = decodePacket(data);
      if (!msgs.some((m) => m.t === 'ping' || m.t === 'pingReq')) toDead.push(sim.now);
    };
    // keep broadcasts flowing so there is always something to gossip
    for (let i = 0; i < 40; i++) {
      sim.act('n1', (n, now) => n.setMeta('tick', String(i), now));
      sim.runFor(1000);
    }
    const deadAt = Math.max(...sim.live().map((o) => sim.log.find((r) => r.node === o && r.obs.type === 'member' && r.obs.member === 'n6' && r.obs.state === 'dead')!.t));
    expect(toDead.some((t) => t > deadAt - 5000 && t < deadAt + 10_000)).toBe(true);
    expect(toDead.filter((t) => t > deadAt + 10_000)).toEqual([]);
  });
});

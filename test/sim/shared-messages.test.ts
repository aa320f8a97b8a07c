// The simulator hands every receiver the sender's message objects (no encoding),
// which is sound only if no process ever changes a message it read or sent. Each
// delivered datagram is frozen here, so any write to it throws (ES modules are strict).

import { describe, expect, it } from 'vitest';
import type { Message } from '../../nodes/core/messages.js';
import { drive } from '../../src/sim/drive.js';
import { views, warmCluster } from './helpers.js';

function freeze(msgs: readonly Message[]): void {
  Object.freeze(msgs);
  for (const m of msgs) {
    if (m.t === 'digest') for (const e of m.entries) Object.freeze(e);
    if (m.t === 'digest') Object.freeze(m.entries);
    if (m.t === 'pull') { for (const w of m.wants) Object.freeze(w); Object.freeze(m.wants); }
    Object.freeze(m);
  }
}

describe('messages shared between simulated processes', () => {
  it('are never changed by the nodes that send or read them: a crash, a leave, metadata and push-pull', async () => {
    const { cluster, rt, ids, log } = warmCluster(30, 17, { params: { pushPullInterval: 1000 } });
    const kinds = new Set<string>();
    cluster.onDeliver = (_from, _to, msgs) => { freeze(msgs); for (const m of msgs) kinds.add(m.t); };
    await drive(cluster, async () => {
      await cluster.sleep(3000);
      await rt.update(ids[3]!, 'k', 'v');
      await rt.kill(ids[5]!);
      await rt.leave(ids[7]!);
      await cluster.sleep(36_000);
    });
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['ack', 'dead', 'digest', 'meta', 'ping', 'pingReq', 'suspect']));
    for (const [observer, v] of views(cluster)) {
      expect(v.get(ids[5]!) ?? 'removed', observer).toMatch(/dead|removed/);
      expect(v.get(ids[7]!) ?? 'removed', observer).toMatch(/left|removed/);
    }
    const got = new Set(log.filter((s) => s.o.type === 'update' && s.o.member === ids[3]).map((s) => s.node));
    expect([...views(cluster).keys()].filter((id) => !got.has(id))).toEqual([]);
  }, 60_000);
});

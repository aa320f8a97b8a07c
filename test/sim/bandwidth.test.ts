// A bandwidth cap needs traffic to show: a quiet 5-node LAN cluster sends a few
// dozen bytes per second per node, under any token bucket's burst. Here one node
// gossips a burst of metadata updates while the catalogue's bandwidth fault
// shapes its egress, and the same burst runs unshaped for comparison (same seed).

import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultContext } from '../../faults/index.js';
import type { ScheduledFault } from '../../src/config/types.js';
import { warmCluster } from './helpers.js';

interface Sent { sent: number; t: number; bytes: number }

/** n2 starts 40 updates of ~200 bytes at 3 s, under `fault` (or none); its datagrams over the next 10 s. */
async function burst(fault: ScheduledFault | undefined) {
  const { cluster, rt } = warmCluster(5, 31);
  const out: Sent[] = [];
  cluster.onDeliver = (from, _to, _msgs, sent, bytes) => { if (from.id === 'n2') out.push({ sent, t: cluster.now, bytes }); };
  cluster.runUntil(3000);
  if (fault) await FAULTS[fault.kind].apply({ rt } as unknown as FaultContext, fault);
  for (let i = 0; i < 40; i++) await rt.update('n2', `k${i}`, 'x'.repeat(200));
  cluster.runUntil(13_000);
  return { out: out.filter((d) => d.sent >= 3000 && d.sent < 13_000), dropped: cluster.counters.dropped.qdisc };
}

const fault = (kind: 'bandwidth', shape: unknown): ScheduledFault =>
  ({ id: `f1-${kind}`, kind, at: 0, duration: 10_000, params: { node: 'n2', shape, links: [] } }) as unknown as ScheduledFault;

describe('bandwidth on a busy node, simulated', () => {
  it('bandwidth: at 16 kbit/s the node sends no more than its token bucket allows; the excess waits up to 400 ms, then is dropped', async () => {
    const free = await burst(undefined);
    const capped = await burst(fault('bandwidth', { rateKbit: 16 }));
    const bytes = (x: Sent[]): number => x.reduce((a, d) => a + d.bytes, 0);
    const latency = capped.out.map((d) => d.t - d.sent);
    // 16 kbit/s = 2,000 B/s for 10 s, plus a burst of max(1600, 10 ms of traffic) bytes
    expect(bytes(capped.out)).toBeLessThanOrEqual(2000 * 10 + 1600);
    expect(bytes(free.out)).toBeGreaterThan(1.3 * (2000 * 10 + 1600));
    expect(Math.max(...latency)).toBeGreaterThan(100);
    expect(Math.max(...latency)).toBeLessThanOrEqual(401);
    expect(capped.dropped).toBeGreaterThan(0);
    expect(free.dropped).toBe(0);
  });
});

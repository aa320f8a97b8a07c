// Cumulative traffic counters of one node: messages and bytes by message type in
// each direction, whole datagrams apart (a datagram holds several messages, so the
// two must never be added together), and dropped packets by reason.

import type { DropReason } from './context.js';
import type { MessageType } from './messages.js';

export interface Counter { msgs: number; bytes: number }

export interface StatsSnapshot {
  sent: Record<string, Counter>;
  recv: Record<string, Counter>;
  packets: { sent: Counter; recv: Counter };
  dropped: Record<string, number>;
}

export class Stats {
  private sent = new Map<MessageType, Counter>();
  private recv = new Map<MessageType, Counter>();
  private packetsSent: Counter = { msgs: 0, bytes: 0 };
  private packetsRecv: Counter = { msgs: 0, bytes: 0 };
  private dropped = new Map<DropReason, number>();

  message(dir: 'sent' | 'recv', t: MessageType, bytes: number): void {
    const map = dir === 'sent' ? this.sent : this.recv;
    let c = map.get(t);
    if (!c) map.set(t, (c = { msgs: 0, bytes: 0 }));
    c.msgs++;
    c.bytes += bytes;
  }

  packet(dir: 'sent' | 'recv', bytes: number): void {
    const c = dir === 'sent' ? this.packetsSent : this.packetsRecv;
    c.msgs++;
    c.bytes += bytes;
  }

  drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    const obj = (m: Map<string, Counter>): Record<string, Counter> =>
      Object.fromEntries([...m].map(([k, v]) => [k, { ...v }]));
    return {
      sent: obj(this.sent),
      recv: obj(this.recv),
      packets: { sent: { ...this.packetsSent }, recv: { ...this.packetsRecv } },
      dropped: Object.fromEntries(this.dropped),
    };
  }
}

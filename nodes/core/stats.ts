// Cumulative traffic counters of one node: messages and bytes by message type in
// each direction, whole datagrams apart (a datagram holds several messages, so the
// two must never be added together), and dropped packets by reason. Counted on
// every message, so the per-type counters are flat numbers indexed by type; the
// snapshot lists the types in the order each direction first saw them.

import type { DropReason } from './context.js';
import { MESSAGE_TYPES, type MessageType } from './messages.js';

export interface Counter { msgs: number; bytes: number }

export interface StatsSnapshot {
  sent: Record<string, Counter>;
  recv: Record<string, Counter>;
  packets: { sent: Counter; recv: Counter };
  dropped: Record<string, number>;
}

/** A message type's index in MESSAGE_TYPES. */
function typeIndex(t: MessageType): number {
  switch (t) {
    case 'ping': return 0;
    case 'ack': return 1;
    case 'nack': return 2;
    case 'pingReq': return 3;
    case 'alive': return 4;
    case 'suspect': return 5;
    case 'dead': return 6;
    case 'meta': return 7;
    case 'digest': return 8;
    case 'pull': return 9;
    case 'state': return 10;
    case 'sum': return 11;
    case 'diff': return 12;
  }
}

/** Counts by type for one direction: msgs at 2i, bytes at 2i+1; `order` holds the types seen, first seen first. */
class ByType {
  readonly counts = new Float64Array(2 * MESSAGE_TYPES.length);
  readonly order: number[] = [];

  add(t: MessageType, bytes: number): void {
    const i = typeIndex(t);
    const c = this.counts;
    if (c[2 * i] === 0) this.order.push(i);
    c[2 * i] = c[2 * i]! + 1;
    c[2 * i + 1] = c[2 * i + 1]! + bytes;
  }

  record(): Record<string, Counter> {
    const out: Record<string, Counter> = {};
    for (const i of this.order) out[MESSAGE_TYPES[i]!] = { msgs: this.counts[2 * i]!, bytes: this.counts[2 * i + 1]! };
    return out;
  }
}

export class Stats {
  private sent = new ByType();
  private recv = new ByType();
  private packetsSent: Counter = { msgs: 0, bytes: 0 };
  private packetsRecv: Counter = { msgs: 0, bytes: 0 };
  private dropped = new Map<DropReason, number>();

  message(dir: 'sent' | 'recv', t: MessageType, bytes: number): void {
    (dir === 'sent' ? this.sent : this.recv).add(t, bytes);
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
    return {
      sent: this.sent.record(),
      recv: this.recv.record(),
      packets: { sent: { ...this.packetsSent }, recv: { ...this.packetsRecv } },
      dropped: Object.fromEntries(this.dropped),
    };
  }
}

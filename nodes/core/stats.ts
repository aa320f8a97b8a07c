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

/** Each message type's index in MESSAGE_TYPES. */
const TYPE_INDEX = Object.freeze(Object.fromEntries(MESSAGE_TYPES.map((t, i) => [t, i]))) as Readonly<Record<MessageType, number>>;

const TYPES = MESSAGE_TYPES.length;
/** Where the counters of a direction start: per type msgs at +2i, bytes at +2i+1. */
const SENT = 0;
const RECV = 2 * TYPES;
/** Whole datagrams: msgs, bytes. */
const PACKETS_SENT = 4 * TYPES;
const PACKETS_RECV = PACKETS_SENT + 2;

export class Stats {
  /** Every counter of the node in one array (layout above), so counting touches one object. */
  private readonly c = new Float64Array(PACKETS_RECV + 2);
  /** Type indices in the order each direction first saw them (for the snapshot's key order). */
  private readonly sentOrder: number[] = [];
  private readonly recvOrder: number[] = [];
  private dropped = new Map<DropReason, number>();

  message(dir: 'sent' | 'recv', t: MessageType, bytes: number): void {
    const sent = dir === 'sent';
    const k = (sent ? SENT : RECV) + 2 * TYPE_INDEX[t];
    const c = this.c;
    if (c[k] === 0) (sent ? this.sentOrder : this.recvOrder).push(k);
    c[k] = c[k]! + 1;
    c[k + 1] = c[k + 1]! + bytes;
  }

  packet(dir: 'sent' | 'recv', bytes: number): void {
    const k = dir === 'sent' ? PACKETS_SENT : PACKETS_RECV;
    const c = this.c;
    c[k] = c[k]! + 1;
    c[k + 1] = c[k + 1]! + bytes;
  }

  drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return {
      sent: this.byType(SENT, this.sentOrder),
      recv: this.byType(RECV, this.recvOrder),
      packets: { sent: this.counter(PACKETS_SENT), recv: this.counter(PACKETS_RECV) },
      dropped: Object.fromEntries(this.dropped),
    };
  }

  private counter(k: number): Counter {
    return { msgs: this.c[k]!, bytes: this.c[k + 1]! };
  }

  private byType(base: number, order: readonly number[]): Record<string, Counter> {
    const out: Record<string, Counter> = {};
    for (const k of order) out[MESSAGE_TYPES[(k - base) / 2]!] = this.counter(k);
    return out;
  }
}

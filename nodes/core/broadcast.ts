// Dissemination queue (memberlist TransmitLimitedQueue). One pending broadcast per
// key: a newer message about the same member (or metadata key) replaces the older.
// Least-transmitted first, newest first among equals; dropped at the retransmit limit.

import type { Message } from './messages.js';

/** `size`: the message's encoded size (codec.ts messageSize). */
export interface Broadcast { key: string; msg: Message; size: number }

interface Item extends Broadcast { transmits: number; seq: number }

const NONE: readonly Broadcast[] = Object.freeze([]);

export class BroadcastQueue {
  private items = new Map<string, Item>();
  private seq = 0;
  /** items.size, kept here: every datagram asks, and mostly there is nothing to piggyback. */
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Queue (or replace) the broadcast for `key`. */
  enqueue(key: string, msg: Message, size: number): void {
    this.items.set(key, { key, msg, size, transmits: 0, seq: this.seq++ });
    this.count = this.items.size;
  }

  /** Drop any pending broadcast for `key`. */
  invalidate(key: string): void {
    this.items.delete(key);
    this.count = this.items.size;
  }

  /**
   * Take broadcasts fitting in `budget` bytes, counting one transmission for each;
   * those that reach `limit` transmissions leave the queue.
   */
  take(budget: number, limit: number): readonly Broadcast[] {
    if (budget <= 0 || this.count === 0) return NONE;
    const sorted = [...this.items.values()].sort((a, b) => a.transmits - b.transmits || b.seq - a.seq);
    const out: Broadcast[] = [];
    let left = budget;
    for (const it of sorted) {
      if (it.size > left) continue;
      left -= it.size;
      out.push(it);
      it.transmits++;
      if (it.transmits >= limit) this.items.delete(it.key);
      if (left < 4) break;
    }
    this.count = this.items.size;
    return out;
  }

  /** Transmission counts, for tests. */
  pending(): { key: string; transmits: number }[] {
    return [...this.items.values()].map((i) => ({ key: i.key, transmits: i.transmits }));
  }
}

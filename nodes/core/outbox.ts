// Turns messages into datagrams: one packet per send, spare room filled with
// pending broadcasts (piggyback), bulk transfers packed greedily. A datagram is
// planned as a frame (its messages and its exact wire size, counted, not encoded);
// it is encoded and sealed only when a driver drains bytes. The simulator drains
// frames and never encodes. Invariant: no datagram exceeds params.packetBudget.

import type { BroadcastQueue } from './broadcast.js';
import { assemblePacket, encodeMessage, messageSize } from './codec.js';
import type { Cipher, DropReason, Frame, Outgoing } from './context.js';
import type { Message } from './messages.js';
import type { Stats } from './stats.js';

const NONE: readonly never[] = Object.freeze([]);

export class PacketOutbox {
  /** Planned datagrams; undefined when none (one is the common case: made as a one-element array). */
  private queue: Frame[] | undefined;
  private readonly overhead: number;

  constructor(
    /** Bytes available for messages in one packet (budget minus marker and sealing). */
    readonly bodyBudget: number,
    private readonly broadcasts: BroadcastQueue,
    private readonly stats: Stats,
    private readonly cipher: Cipher | undefined,
    private readonly drop: (r: DropReason) => void,
  ) {
    this.overhead = 1 + (cipher?.overhead ?? 0);
  }

  /** These messages in one packet, plus as many pending broadcasts as fit; `msgs` is handed over (a frame may keep it). */
  send(to: string, msgs: Message[], retransmitLimit: number): void {
    const sizes = msgs.map(messageSize);
    let used = 0;
    for (const n of sizes) used += n;
    if (used > this.bodyBudget) return this.drop('oversize');
    const extra = this.broadcasts.take(this.bodyBudget - used, retransmitLimit);
    if (extra.length === 0) return this.transmit(to, msgs, sizes);
    const all = msgs.slice();
    for (const b of extra) { all.push(b.msg); sizes.push(b.size); }
    this.transmit(to, all, sizes);
  }

  /** Only pending broadcasts; false when there were none to send. */
  gossip(to: string, retransmitLimit: number): boolean {
    const extra = this.broadcasts.take(this.bodyBudget, retransmitLimit);
    if (extra.length === 0) return false;
    this.transmit(to, extra.map((b) => b.msg), extra.map((b) => b.size));
    return true;
  }

  /** Many messages, packed into as few packets as the budget allows, without piggyback. */
  sendBulk(to: string, msgs: Message[], known?: readonly number[]): void {
    let batch: Message[] = [];
    let sizes: number[] = [];
    let used = 0;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      const size = known?.[i] ?? messageSize(m);
      if (size > this.bodyBudget) { this.drop('oversize'); continue; }
      if (used + size > this.bodyBudget) {
        this.transmit(to, batch, sizes);
        batch = [];
        sizes = [];
        used = 0;
      }
      batch.push(m);
      sizes.push(size);
      used += size;
    }
    if (batch.length > 0) this.transmit(to, batch, sizes);
  }

  /** The planned datagrams, unencoded; `bytes` counts the marker and sealing too. */
  drainFrames(): readonly Frame[] {
    const out = this.queue;
    if (out === undefined) return NONE;
    this.queue = undefined;
    return out;
  }

  /** The planned datagrams, encoded (and sealed when a cipher is set). */
  drain(): Outgoing[] {
    return this.drainFrames().map((f) => {
      const plain = assemblePacket(f.msgs.map(encodeMessage));
      return { to: f.to, data: this.cipher ? this.cipher.seal(plain) : plain };
    });
  }

  private transmit(to: string, msgs: Message[], sizes: readonly number[]): void {
    let bytes = this.overhead;
    for (let i = 0; i < msgs.length; i++) {
      this.stats.message('sent', msgs[i]!.t, sizes[i]!);
      bytes += sizes[i]!;
    }
    this.stats.packet('sent', bytes);
    const f: Frame = { to, msgs, sizes, bytes };
    if (this.queue === undefined) this.queue = [f];
    else this.queue.push(f);
  }
}

// Turns messages into datagrams: one packet per send, spare room filled with
// pending broadcasts (piggyback), bulk transfers packed greedily, everything
// sealed when a cipher is set. Invariant: no datagram exceeds params.packetBudget.

import type { BroadcastQueue } from './broadcast.js';
import { assemblePacket, encodeMessage } from './codec.js';
import type { Cipher, DropReason, Outgoing } from './context.js';
import type { Message, MessageType } from './messages.js';
import type { Stats } from './stats.js';

interface Part { t: MessageType; bytes: Uint8Array }

export class PacketOutbox {
  private queue: Outgoing[] = [];

  constructor(
    /** Bytes available for messages in one packet (budget minus marker and sealing). */
    readonly bodyBudget: number,
    private readonly broadcasts: BroadcastQueue,
    private readonly stats: Stats,
    private readonly cipher: Cipher | undefined,
    private readonly drop: (r: DropReason) => void,
  ) {}

  /** These messages in one packet, plus as many pending broadcasts as fit. */
  send(to: string, msgs: Message[], retransmitLimit: number): void {
    const parts = msgs.map((m) => ({ t: m.t, bytes: encodeMessage(m) }));
    const used = parts.reduce((a, p) => a + p.bytes.length, 0);
    if (used > this.bodyBudget) return this.drop('oversize');
    this.transmit(to, [...parts, ...this.piggyback(this.bodyBudget - used, retransmitLimit)]);
  }

  /** Only pending broadcasts; false when there were none to send. */
  gossip(to: string, retransmitLimit: number): boolean {
    const extra = this.piggyback(this.bodyBudget, retransmitLimit);
    if (extra.length === 0) return false;
    this.transmit(to, extra);
    return true;
  }

  /** Many messages, packed into as few packets as the budget allows, without piggyback. */
  sendBulk(to: string, msgs: Message[]): void {
    let batch: Part[] = [];
    let used = 0;
    for (const m of msgs) {
      const bytes = encodeMessage(m);
      if (bytes.length > this.bodyBudget) { this.drop('oversize'); continue; }
      if (used + bytes.length > this.bodyBudget) {
        this.transmit(to, batch);
        batch = [];
        used = 0;
      }
      batch.push({ t: m.t, bytes });
      used += bytes.length;
    }
    if (batch.length > 0) this.transmit(to, batch);
  }

  drain(): Outgoing[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  private piggyback(budget: number, limit: number): Part[] {
    return this.broadcasts.take(budget, limit).map((b) => ({ t: b.msg.t, bytes: b.bytes }));
  }

  private transmit(to: string, parts: Part[]): void {
    for (const p of parts) this.stats.message('sent', p.t, p.bytes.length);
    const plain = assemblePacket(parts.map((p) => p.bytes));
    const data = this.cipher ? this.cipher.seal(plain) : plain;
    this.stats.packet('sent', data.length);
    this.queue.push({ to, data });
  }
}

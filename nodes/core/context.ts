// The types shared by the parts of the core, and the narrow context (Ctx) the
// node hands to each part. Parts never reach around it: all output goes through
// send/broadcast/emit, all time comes in as `now`, all randomness from ctx.rng.

import type { Awareness } from './awareness.js';
import type { Members } from './members.js';
import type { MemberState, Message } from './messages.js';
import type { ProtocolParams } from './params.js';
import type { Rng } from './rng.js';
import type { Timers } from './timers.js';

/** What a node observes; the process prints these as contract lines (nodes/CONTRACT.md). */
export type Observation =
  | { type: 'member'; member: string; state: MemberState; incarnation: number }
  | { type: 'removed'; member: string }
  | { type: 'update'; member: string; key: string; version: number };

export interface Seed { id: string; addr: string }

export interface Outgoing { to: string; data: Uint8Array }

/**
 * A datagram before encoding: its messages, in order, each one's encoded size, and
 * the datagram's exact size on the wire (marker and sealing included). Drivers that
 * carry messages as objects (the simulator) use frames; receivers never mutate them.
 */
export interface Frame { to: string; msgs: readonly Message[]; sizes: readonly number[]; bytes: number }

/** Optional packet sealing (AES-256-GCM in nodes/process/aesgcm.ts); `open` returns undefined on failure. */
export interface Cipher {
  /** Bytes `seal` adds to a plaintext packet. */
  readonly overhead: number;
  seal(plain: Uint8Array): Uint8Array;
  open(sealed: Uint8Array): Uint8Array | undefined;
}

export type DropReason = 'malformed' | 'decrypt' | 'wrongTarget' | 'oversize';

export interface Ctx {
  readonly params: Readonly<ProtocolParams>;
  readonly selfId: string;
  readonly rng: Rng;
  readonly members: Members;
  readonly timers: Timers;
  readonly awareness: Awareness;
  /** True once this node has left gracefully: it stops probing and never refutes. */
  readonly leaving: boolean;
  /** Bytes available for messages in one packet (budget minus marker and sealing). */
  readonly bodyBudget: number;
  nextSeq(): number;
  /** Send these messages in one packet, filling spare room with pending broadcasts. */
  send(to: string, msgs: Message[]): void;
  /** Send many messages, packed into as few packets as the budget allows (no piggyback); `sizes`: their encoded sizes, when known. */
  sendBulk(to: string, msgs: Message[], sizes?: readonly number[]): void;
  broadcast(key: string, msg: Message): void;
  emit(o: Observation): void;
  drop(reason: DropReason): void;
}

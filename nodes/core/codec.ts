// Wire format: a packet is one marker byte ('G') followed by a concatenation of
// msgpack tuples, one per message. decodePacket validates every field and throws
// RemoteProtocolError on anything malformed, so the core only sees well-typed messages.

import { Decoder, Encoder } from '@msgpack/msgpack';
import { FINE, isBucketCount } from './summary.js';
import { MESSAGE_TYPES, assertNever, type DigestEntry, type DigestKind, type MemberState, type Message } from './messages.js';

export const PLAIN_MARKER = 0x47; // 'G'
/** Longest id, key or address accepted; longer strings are malformed. */
export const MAX_NAME = 128;
export const MAX_VALUE = 1024;
/** Incarnations, versions and sequence numbers are unsigned 32-bit on the wire. */
export const MAX_U32 = 0xffff_ffff;

const STATES: readonly MemberState[] = ['alive', 'suspect', 'dead', 'left'];
const KINDS: readonly DigestKind[] = ['push', 'reply', 'join'];
const ADDR = /^[^\s:]+:\d{1,5}$/;

/** The remote sent something this node cannot accept (h11's naming: who is at fault). */
export class RemoteProtocolError extends Error {
  override name = 'RemoteProtocolError';
}

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder({
  maxStrLength: MAX_VALUE, maxBinLength: 0, maxArrayLength: 4096, maxMapLength: 0, maxExtLength: 0,
});

function tuple(m: Message): unknown[] {
  const code = MESSAGE_TYPES.indexOf(m.t);
  switch (m.t) {
    case 'ping': return [code, m.seq, m.target];
    case 'ack': return [code, m.seq];
    case 'nack': return [code, m.seq];
    case 'pingReq': return [code, m.seq, m.target, m.addr, m.nack ? 1 : 0];
    case 'alive': return [code, m.id, m.addr, m.inc];
    case 'suspect': return [code, m.id, m.inc, m.from];
    case 'dead': return [code, m.id, m.inc, m.from];
    case 'meta': return [code, m.id, m.key, m.value, m.version];
    case 'digest': return [code, KINDS.indexOf(m.kind), m.entries.map(digestTuple)];
    case 'pull': return [code, m.wants.map((w) => [w.id, w.metaVersion])];
    case 'state': return [code, m.id, m.addr, m.inc, STATES.indexOf(m.state)];
    case 'sum': return [code, m.buckets, m.first, m.values];
    case 'diff': return [code, m.buckets, m.list];
    default: return assertNever(m);
  }
}

function digestTuple(e: DigestEntry): unknown[] {
  return [e.id, e.inc, STATES.indexOf(e.state), e.metaVersion];
}

export function encodeMessage(m: Message): Uint8Array {
  return encoder.encode(tuple(m));
}

/**
 * Encoded size of one digest entry inside a digest message (for chunking), counted
 * rather than encoded: a push-pull sizes every member, so this runs N times per exchange.
 */
export function digestEntrySize(e: DigestEntry): number {
  return 1 + strSize(e.id) + intSize(e.inc) + 1 + intSize(e.metaVersion);
}

/**
 * Bytes `encodeMessage(m)` produces, counted without encoding (the simulator carries
 * messages as objects and charges the network with this size).
 */
export function messageSize(m: Message): number {
  const head = 2; // a fixarray tuple header and the one-byte type code
  switch (m.t) {
    case 'ping': return head + intSize(m.seq) + strSize(m.target);
    case 'ack': case 'nack': return head + intSize(m.seq);
    case 'pingReq': return head + intSize(m.seq) + strSize(m.target) + strSize(m.addr) + 1;
    case 'alive': return head + strSize(m.id) + strSize(m.addr) + intSize(m.inc);
    case 'suspect': case 'dead': return head + strSize(m.id) + intSize(m.inc) + strSize(m.from);
    case 'meta': return head + strSize(m.id) + strSize(m.key) + strSize(m.value) + intSize(m.version);
    case 'digest': {
      let b = 0;
      for (const e of m.entries) b += digestEntrySize(e);
      return digestSize(m.entries.length, b);
    }
    case 'pull': {
      let b = 0;
      for (const w of m.wants) b += wantSize(w);
      return pullSize(m.wants.length, b);
    }
    case 'state': return head + strSize(m.id) + strSize(m.addr) + intSize(m.inc) + 1;
    case 'sum': return sumSize(m.buckets, m.first, m.values.length, uintsSize(m.values));
    case 'diff': return diffSize(m.buckets, m.list.length, uintsSize(m.list));
    default: return assertNever(m);
  }
}

/** Encoded size of a digest message of `count` entries taking `entryBytes` together. */
export function digestSize(count: number, entryBytes: number): number {
  return 3 + arraySize(count) + entryBytes;
}

/** Encoded size of a pull message of `count` wants taking `wantBytes` together. */
export function pullSize(count: number, wantBytes: number): number {
  return 2 + arraySize(count) + wantBytes;
}

/** Encoded size of a summary message of `count` values taking `valueBytes` together. */
export function sumSize(buckets: number, first: number, count: number, valueBytes: number): number {
  return 2 + intSize(buckets) + intSize(first) + arraySize(count) + valueBytes;
}

/** Encoded size of a diff message of `count` bucket numbers taking `bytes` together. */
export function diffSize(buckets: number, count: number, bytes: number): number {
  return 2 + intSize(buckets) + arraySize(count) + bytes;
}

/** Encoded size of one unsigned number in a list (a summary value or a bucket number). */
export const uintSize = (n: number): number => intSize(n);

function uintsSize(list: readonly number[]): number {
  let b = 0;
  for (const n of list) b += intSize(n);
  return b;
}

/** Encoded size of one entry of a pull message. */
export function wantSize(w: { id: string; metaVersion: number }): number {
  return 1 + strSize(w.id) + intSize(w.metaVersion);
}

function arraySize(n: number): number {
  return n < 16 ? 1 : n < 0x10000 ? 3 : 5;
}

/** msgpack's integer forms (the wire's fields are unsigned; anything else as the encoder would write it). */
function intSize(n: number): number {
  if (!Number.isSafeInteger(n)) return 9;
  if (n >= 0) return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1_0000_0000 ? 5 : 9;
  return n >= -0x20 ? 1 : n >= -0x80 ? 2 : n >= -0x8000 ? 3 : n >= -0x8000_0000 ? 5 : 9;
}

/** UTF-8 length plus the str header; a lone surrogate takes 3 bytes, as the encoder writes it. */
function strSize(s: string): number {
  let b = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) b += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { b += 2; i++; } // a pair: 4 bytes for 2 units
    else b += 2;
  }
  return b + (b < 32 ? 1 : b < 0x100 ? 2 : b < 0x10000 ? 3 : 5);
}

/** Encoded size of any msgpack value. */
export function encodedSize(v: unknown): number {
  return encoder.encode(v).length;
}

/** Bytes a digest/pull message adds around its list, worst case (fixarray + code + kind + array32 header). */
export const LIST_OVERHEAD = 1 + 1 + 1 + 5;

/** Concatenate encoded messages into one plaintext packet. */
export function assemblePacket(parts: readonly Uint8Array[]): Uint8Array {
  let len = 1;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  out[0] = PLAIN_MARKER;
  let o = 1;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Decode and validate a plaintext packet. Throws RemoteProtocolError when anything is off. */
export function decodePacket(data: Uint8Array): Message[] {
  if (data.length < 2 || data[0] !== PLAIN_MARKER) throw new RemoteProtocolError('missing packet marker or empty packet');
  const out: Message[] = [];
  try {
    for (const raw of decoder.decodeMulti(data.subarray(1))) out.push(parseMessage(raw));
  } catch (e) {
    if (e instanceof RemoteProtocolError) throw e;
    throw new RemoteProtocolError(`undecodable msgpack: ${(e as Error).message}`);
  }
  return out;
}

function bad(what: string): never {
  throw new RemoteProtocolError(what);
}

function uint(v: unknown, what: string): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_U32 ? v : bad(`${what}: expected an unsigned 32-bit integer`);
}

function name(v: unknown, what: string): string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME ? v : bad(`${what}: expected a name of 1..${MAX_NAME} chars`);
}

function addr(v: unknown, what: string): string {
  return typeof v === 'string' && v.length <= MAX_NAME && ADDR.test(v) ? v : bad(`${what}: expected ip:port`);
}

function pick<T>(list: readonly T[], v: unknown, what: string): T {
  const i = uint(v, what);
  return i < list.length ? (list[i] as T) : bad(`${what}: code ${i} out of range`);
}

function arr(v: unknown, len: number, what: string): unknown[] {
  return Array.isArray(v) && v.length === len ? v : bad(`${what}: expected a tuple of ${len}`);
}

export function parseMessage(raw: unknown): Message {
  if (!Array.isArray(raw) || raw.length < 2) bad('message: expected a tuple');
  const t = pick(MESSAGE_TYPES, raw[0], 'message type');
  const f = arr(raw, tupleLength(t), t);
  switch (t) {
    case 'ping': return { t, seq: uint(f[1], 'seq'), target: name(f[2], 'target') };
    case 'ack': return { t, seq: uint(f[1], 'seq') };
    case 'nack': return { t, seq: uint(f[1], 'seq') };
    case 'pingReq':
      return { t, seq: uint(f[1], 'seq'), target: name(f[2], 'target'), addr: addr(f[3], 'addr'), nack: pick([false, true], f[4], 'nack') };
    case 'alive': return { t, id: name(f[1], 'id'), addr: addr(f[2], 'addr'), inc: uint(f[3], 'inc') };
    case 'suspect': return { t, id: name(f[1], 'id'), inc: uint(f[2], 'inc'), from: name(f[3], 'from') };
    case 'dead': return { t, id: name(f[1], 'id'), inc: uint(f[2], 'inc'), from: name(f[3], 'from') };
    case 'meta': {
      const value = f[3];
      if (typeof value !== 'string') bad('meta value: expected a string');
      return { t, id: name(f[1], 'id'), key: name(f[2], 'key'), value, version: uint(f[4], 'version') };
    }
    case 'digest': {
      const list = Array.isArray(f[2]) ? f[2] : bad('digest entries: expected an array');
      const entries = list.map((e): DigestEntry => {
        const x = arr(e, 4, 'digest entry');
        return { id: name(x[0], 'id'), inc: uint(x[1], 'inc'), state: pick(STATES, x[2], 'state'), metaVersion: uint(x[3], 'metaVersion') };
      });
      return { t, kind: pick(KINDS, f[1], 'digest kind'), entries };
    }
    case 'pull': {
      const list = Array.isArray(f[1]) ? f[1] : bad('pull wants: expected an array');
      return { t, wants: list.map((w) => { const x = arr(w, 2, 'want'); return { id: name(x[0], 'id'), metaVersion: uint(x[1], 'metaVersion') }; }) };
    }
    case 'state':
      return { t, id: name(f[1], 'id'), addr: addr(f[2], 'addr'), inc: uint(f[3], 'inc'), state: pick(STATES, f[4], 'state') };
    case 'sum': {
      const buckets = bucketsOf(f[1]);
      const first = uint(f[2], 'summary first');
      const list = Array.isArray(f[3]) ? f[3] : bad('summary values: expected an array');
      if (first + list.length > buckets) bad(`summary: buckets ${first}..${first + list.length - 1} beyond ${buckets}`);
      return { t, buckets, first, values: list.map((v) => uint(v, 'summary value')) };
    }
    case 'diff': {
      const buckets = bucketsOf(f[1]);
      const list = Array.isArray(f[2]) ? f[2] : bad('diff buckets: expected an array');
      return { t, buckets, list: list.map((v) => { const b = uint(v, 'diff bucket'); return b < buckets ? b : bad(`diff bucket: ${b} beyond ${buckets}`); }) };
    }
    default: return assertNever(t);
  }
}

function bucketsOf(v: unknown): number {
  const b = uint(v, 'summary buckets');
  return isBucketCount(b) ? b : bad(`summary buckets: expected a power of two in [1, ${FINE}], got ${b}`);
}

function tupleLength(t: Message['t']): number {
  switch (t) {
    case 'ack': case 'nack': case 'pull': return 2;
    case 'ping': case 'digest': case 'diff': return 3;
    case 'alive': case 'suspect': case 'dead': case 'sum': return 4;
    case 'pingReq': case 'meta': case 'state': return 5;
    default: return assertNever(t);
  }
}

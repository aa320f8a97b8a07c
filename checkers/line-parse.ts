// Fast readers for the two most frequent kinds of line, `member` and `stats`
// observations, straight from their bytes, in the exact shape the controller
// writes them (after line-kind.ts has read the head). Anything else in the line,
// or any other shape, returns undefined (or false) and the caller parses the
// line with JSON.parse, so the result is always what JSON.parse would have given.

import type { MemberState } from '../src/history/types.js';
import { Ids, digitsAt, readNumber, scan, startsWith, utf8, word, wordAt } from './line-bytes.js';
import { head } from './line-kind.js';
import { readBuiltinStats } from './line-stats.js';
import type { Totals } from './load-series.js';

const STATES = ['alive', 'suspect', 'dead', 'left'] as const;
const STATE_BYTES = STATES.map((s) => utf8(`${s}","incarnation":`));
const MEMBER_KEY = utf8(',"member":"');
const STATE_KEY = utf8(',"state":"');
const SENT = utf8(',"sent":');
const RECV = utf8(',"recv":');
const DROPPED = utf8(',"dropped":');
const PACKETS = utf8(',"packets":');
const TS = utf8(',"ts":');
const SEQ = utf8(',"seq":');
const W_MSGS1 = word(':{"m');
const W_MSGS2 = word('sgs"'); // then ':'
const W_BYTES1 = word(',"by');
const W_BYTES2 = word('tes"'); // then ':'
const COLON = 58;
const QUOTE = 34;
const CLOSE = 125;

/** Node ids met on the fast path, each made into a string once. */
export const ids = new Ids();

/** The node's own `ts` and `seq` of the line readStats or readMember last read (NaN: absent). */
export const own = { ts: NaN, seq: NaN };

/** The observer of the line lineKind just read, as a shared string (undefined: needs JSON's decoding). */
export function observer(buf: Buffer): string | undefined {
  return ids.get(buf, head.nodeFrom, head.nodeTo);
}

/** What readMember read: one observer's word on one member (state 'removed' for a `removed` line). */
export const said = { node: '', member: '', state: 'alive' as MemberState | 'removed', incarnation: 0 as number | undefined };

/**
 * A `member` or `removed` observation in buf[.., to), into `said` (its `t` is
 * head.t); uses `head` as lineKind left it. False when the line is in any other
 * shape (then JSON.parse reads it). Nothing is allocated.
 */
export function readMember(buf: Buffer, to: number): boolean {
  let i = head.rest;
  const removed = buf[i - 2] === 100; // `removed"` ends in d
  if (!startsWith(buf, i, to, MEMBER_KEY)) return false;
  i += MEMBER_KEY.length;
  const mTo = plainString(buf, i, to);
  if (mTo < 0) return false;
  const member = ids.get(buf, i, mTo);
  const node = observer(buf);
  if (member === undefined || node === undefined) return false;
  if (removed) {
    // A `seq` without a `ts` is a shape the controller does not write: left to JSON.parse.
    if (tail(buf, mTo + 1, to) < 0 || (Number.isNaN(own.ts) && !Number.isNaN(own.seq))) return false;
    said.node = node; said.member = member; said.state = 'removed'; said.incarnation = undefined;
    return true;
  }
  i = mTo + 1;
  if (!startsWith(buf, i, to, STATE_KEY)) return false;
  i += STATE_KEY.length;
  const s = STATE_BYTES.findIndex((p) => startsWith(buf, i, to, p));
  if (s < 0 || buf[to - 1] !== CLOSE) return false;
  const incarnation = readNumber(buf, i + STATE_BYTES[s]!.length, to);
  if (Number.isNaN(incarnation) || tail(buf, scan.end, to) < 0 || (Number.isNaN(own.ts) && !Number.isNaN(own.seq))) return false;
  said.node = node; said.member = member; said.state = STATES[s]!; said.incarnation = incarnation;
  return true;
}

/**
 * At i: optional `,"ts":N` then optional `,"seq":N`, then the line's closing
 * brace. Sets `own`; returns the index of the brace, or -1 for anything else.
 */
function tail(buf: Buffer, i: number, to: number): number {
  own.ts = NaN;
  own.seq = NaN;
  if (startsWith(buf, i, to, TS)) {
    own.ts = readNumber(buf, i + TS.length, to);
    i = scan.end;
    if (Number.isNaN(own.ts)) return -1;
  }
  if (startsWith(buf, i, to, SEQ)) {
    own.seq = readNumber(buf, i + SEQ.length, to);
    i = scan.end;
    if (Number.isNaN(own.seq)) return -1;
  }
  return i === to - 1 && buf[i] === CLOSE ? i : -1;
}

/**
 * The totals of a `stats` observation (sent and received, messages and bytes);
 * uses `head`. Its `ts` and `seq` are left in `own`. The built-in node's shape
 * is read by line-stats.ts, any other by readAnyStats.
 */
export function readStats(buf: Buffer, to: number, out: Totals): boolean {
  return readBuiltinStats(buf, head.rest, to, out, own) || readAnyStats(buf, to, out);
}

/**
 * readStats for a line whose `dropped`, `packets`, `ts` or `seq` may be missing
 * or in other forms (decimals, exponents): every part of the line is read, and
 * `dropped` and `packets` are checked and skipped.
 */
export function readAnyStats(buf: Buffer, to: number, out: Totals): boolean {
  let i = head.rest;
  if (!startsWith(buf, i, to, SENT)) return false;
  i = counters(buf, i + SENT.length, to, out, SENT_TO);
  if (i < 0 || !startsWith(buf, i, to, RECV)) return false;
  i = counters(buf, i + RECV.length, to, out, RECV_TO);
  if (i >= 0 && startsWith(buf, i, to, DROPPED)) i = reasons(buf, i + DROPPED.length, to);
  if (i >= 0 && startsWith(buf, i, to, PACKETS)) i = counters(buf, i + PACKETS.length, to, out, NOWHERE);
  return i >= 0 && tail(buf, i, to) >= 0;
}

/** Where counters() puts its sums. */
const SENT_TO = 0;
const RECV_TO = 1;
const NOWHERE = 2;

/** Reads `{"reason":N,…}` from i; returns the index after it, or -1. */
function reasons(buf: Buffer, i: number, to: number): number {
  if (buf[i] !== 123) return -1;
  i++;
  if (buf[i] === CLOSE) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) return -1;
    const kTo = plainString(buf, i + 1, to);
    if (kTo < 0 || buf[kTo + 1] !== COLON) return -1;
    if (Number.isNaN(count(buf, kTo + 2, to))) return -1;
    i = scan.end;
    const c = buf[i];
    if (c === CLOSE) return i + 1;
    if (c !== 44) return -1;
    i++;
  }
}

/**
 * Reads `{"type":{"msgs":N,"bytes":N},…}` from i into out; returns the index after it, or -1.
 * The fixed parts are compared byte by byte and plain counters read inline: this
 * is the most frequent shape in a history.
 */
function counters(buf: Buffer, i: number, to: number, out: Totals, into: number): number {
  let msgs = 0;
  let bytes = 0;
  if (buf[i] !== 123) return -1;
  i++;
  if (buf[i] === CLOSE) { set(out, into, 0, 0); return i + 1; }
  for (;;) {
    if (buf[i] !== QUOTE) return -1;
    let k = i + 1;
    for (; k < to; k++) {
      const c = buf[k];
      if (c === QUOTE) break;
      if (c === 92) return -1;
    }
    // `":{"msgs":` then the count
    if (k + 10 >= to || buf[k + 1] !== COLON || buf[k + 2] !== 123 || buf[k + 3] !== QUOTE || buf[k + 4] !== 109 || buf[k + 5] !== 115
      || buf[k + 6] !== 103 || buf[k + 7] !== 115 || buf[k + 8] !== QUOTE || buf[k + 9] !== COLON) return -1;
    let j = k + 10;
    let m = 0;
    for (; j < to; j++) {
      const c = buf[j]! - 48;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
    }
    if (j === k + 10 || j - k > 25 || buf[j] === 46 || buf[j] === 101 || buf[j] === 69) { m = readNumber(buf, k + 10, to); j = scan.end; }
    // `,"bytes":` then the count
    if (j + 9 >= to || buf[j] !== 44 || buf[j + 1] !== QUOTE || buf[j + 2] !== 98 || buf[j + 3] !== 121 || buf[j + 4] !== 116
      || buf[j + 5] !== 101 || buf[j + 6] !== 115 || buf[j + 7] !== QUOTE || buf[j + 8] !== COLON) return -1;
    const bFrom = j + 9;
    let b = 0;
    for (j = bFrom; j < to; j++) {
      const c = buf[j]! - 48;
      if (c < 0 || c > 9) break;
      b = b * 10 + c;
    }
    if (j === bFrom || j - bFrom > 15 || buf[j] === 46 || buf[j] === 101 || buf[j] === 69) { b = readNumber(buf, bFrom, to); j = scan.end; }
    if (buf[j] !== CLOSE || Number.isNaN(m) || Number.isNaN(b)) return -1;
    msgs += m;
    bytes += b;
    i = j + 1;
    const c = buf[i];
    if (c === CLOSE) { set(out, into, msgs, bytes); return i + 1; }
    if (c !== 44) return -1;
    i++;
  }
}

/** A counter: a plain whole number of at most 15 digits is read here, anything else by readNumber (same result). */
function count(buf: Buffer, from: number, to: number): number {
  const n = digitsAt(buf, from, to, 0);
  const i = scan.end;
  const next = buf[i];
  if (i === from || i - from > 15 || next === 46 || next === 101 || next === 69) return readNumber(buf, from, to);
  return n;
}

function set(out: Totals, into: number, msgs: number, bytes: number): void {
  if (into === SENT_TO) { out.sentMsgs = msgs; out.sentBytes = bytes; } else if (into === RECV_TO) { out.recvMsgs = msgs; out.recvBytes = bytes; }
}

/** The index of the quote closing a string that starts at i and has no escapes; -1 otherwise. */
function plainString(buf: Buffer, i: number, to: number): number {
  for (; i < to; i++) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === 92) return -1;
  }
  return -1;
}

// Fast readers for the two most frequent kinds of line, `member` and `stats`
// observations, straight from their bytes, in the exact shape the controller
// writes them (after line-kind.ts has read the head). Anything else in the line,
// or any other shape, returns undefined (or false) and the caller parses the
// line with JSON.parse, so the result is always what JSON.parse would have given.

import type { MemberState } from '../src/history/types.js';
import { Ids, readNumber, scan, startsWith, utf8 } from './line-bytes.js';
import { head } from './line-kind.js';
import { NOWHERE, RECV_TO, SENT_TO, count, counters, plainString } from './line-counters.js';
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


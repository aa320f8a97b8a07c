// The fast path for a `stats` line in the exact shape the built-in node prints
// (nodes/udp): `"sent":{…},"recv":{…},"dropped":{…},"packets":{…},"ts":N[,"seq":N]}`
// after the head, every counter a plain whole number. The load checker needs only
// the sums of `sent` and `recv` and the node's `ts`, so only those are read: the
// two maps from the front (line-counters.ts), `ts` (and `seq`) from the back, and what lies between
// (`dropped`, `packets`) is skipped once it opens and closes as that shape does.
// Any other shape returns false and line-parse.ts reads the line in full. What it
// reads is what JSON.parse would give for any line that is JSON with no key
// repeated (JSON.parse keeps a repeated key's last value, and the skipped part is
// not searched for one): the last members of an object that ends in
// `,"ts":N,"seq":N}` are its own `ts` and `seq`. Like a `detector` line, which no
// checker reads, a line broken only inside the skipped part is not noticed.

import { startsWith, utf8 } from './line-bytes.js';
import { RECV_TO, SENT_TO, counters } from './line-counters.js';
import type { Totals } from './load-series.js';

const SENT = utf8(',"sent":');
const RECV = utf8(',"recv":');
const DROPPED = utf8(',"dropped":{');
const QUOTE = 34;
const COLON = 58;
const COMMA = 44;
const CLOSE = 125;

/** Where counterBefore stopped: the first digit of the number it read. */
let end = 0;

/** The plain whole number ending just before `at` (its first digit in `end`), or -1. */
function counterBefore(buf: Uint8Array, at: number, from: number): number {
  let n = 0;
  let scale = 1;
  let i = at - 1;
  for (; i >= from; i--) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    n += c * scale;
    scale *= 10;
  }
  end = i + 1;
  return end === at || at - end > 15 ? -1 : n;
}

/**
 * A built-in node's stats line: the sums of its `sent` and `recv` into `out`,
 * its `ts` and `seq` into `own` (NaN: absent); `rest` is where lineKind left
 * the head. False for any other shape (`out` may then hold part of it).
 */
export function readBuiltinStats(buf: Buffer, rest: number, to: number, out: Totals, own: { ts: number; seq: number }): boolean {
  let i = rest;
  if (!startsWith(buf, i, to, SENT)) return false;
  i = counters(buf, i + SENT.length, to, out, SENT_TO, true);
  if (i < 0 || !startsWith(buf, i, to, RECV)) return false;
  i = counters(buf, i + RECV.length, to, out, RECV_TO, true);
  if (i < 0 || !startsWith(buf, i, to, DROPPED)) return false;
  // From the back: `}`, then `,"seq":N` if present, then `,"ts":N`.
  const middle = i + DROPPED.length;
  if (buf[to - 1] !== CLOSE) return false;
  let seq = NaN;
  let at = to - 1;
  let n = counterBefore(buf, at, middle);
  if (n < 0) return false;
  at = end;
  if (buf[at - 1] === COLON && buf[at - 2] === QUOTE && buf[at - 3] === 113 && buf[at - 4] === 101 && buf[at - 5] === 115 // `seq":`
    && buf[at - 6] === QUOTE && buf[at - 7] === COMMA) {
    seq = n;
    n = counterBefore(buf, at - 7, middle);
    if (n < 0) return false;
    at = end;
  }
  // `,"ts":` before the digits, and before it the brace that closes `packets` (or `dropped`).
  if (buf[at - 1] !== COLON || buf[at - 2] !== QUOTE || buf[at - 3] !== 115 || buf[at - 4] !== 116 || buf[at - 5] !== QUOTE
    || buf[at - 6] !== COMMA || buf[at - 7] !== CLOSE || at - 7 < middle) return false;
  own.ts = n;
  own.seq = seq;
  return true;
}

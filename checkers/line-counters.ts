// The counter maps of a `stats` line, `{"type":{"msgs":N,"bytes":N},…}`, read
// straight from their bytes (their sums, and of `recv` the `digest` count too):
// line-stats.ts reads `sent` and `recv` with it on the
// built-in node's fast path, line-parse.ts every map of a line in any other shape.
// Counts are what JSON.parse gives (count()); anything else returns -1 and the
// line is parsed in full.

import { digitsAt, readNumber, scan } from './line-bytes.js';
import type { Totals } from './load-series.js';

/** Where counters() puts its sums. */
export const SENT_TO = 0;
export const RECV_TO = 1;
export const NOWHERE = 2;

const QUOTE = 34;
const COLON = 58;
const CLOSE = 125;
const COMMA = 44;

/**
 * Reads `{"type":{"msgs":N,"bytes":N},…}` from i, its sums into out; returns the index after it, or -1.
 * With `plain`, a count that is not a plain whole number of at most 15 digits is -1 too.
 */
export function counters(buf: Uint8Array, i: number, to: number, out: Totals, into: number, plain = false): number {
  let msgs = 0;
  let bytes = 0;
  let digests = 0;
  if (buf[i] !== 123) return -1;
  i++;
  if (buf[i] === CLOSE) { set(out, into, 0, 0, 0); return i + 1; }
  for (;;) {
    if (buf[i] !== QUOTE) return -1;
    const k = plainString(buf, i + 1, to);
    // `":{"msgs":` then the count; the fixed parts compared byte by byte (the most frequent shape in a history)
    if (k < 0 || k + 10 >= to || buf[k + 1] !== COLON || buf[k + 2] !== 123 || buf[k + 3] !== QUOTE || buf[k + 4] !== 109 || buf[k + 5] !== 115
      || buf[k + 6] !== 103 || buf[k + 7] !== 115 || buf[k + 8] !== QUOTE || buf[k + 9] !== COLON) return -1;
    const m = count(buf, k + 10, to, plain);
    let j = scan.end;
    // `,"bytes":` then the count
    if (Number.isNaN(m) || j + 9 >= to || buf[j] !== COMMA || buf[j + 1] !== QUOTE || buf[j + 2] !== 98 || buf[j + 3] !== 121 || buf[j + 4] !== 116
      || buf[j + 5] !== 101 || buf[j + 6] !== 115 || buf[j + 7] !== QUOTE || buf[j + 8] !== COLON) return -1;
    const b = count(buf, j + 9, to, plain);
    j = scan.end;
    if (Number.isNaN(b) || buf[j] !== CLOSE) return -1;
    msgs += m;
    bytes += b;
    if (k - i === 7 && isDigest(buf, i + 1)) digests = m; // JSON.parse keeps a repeated key's last value
    const c = buf[j + 1];
    if (c === CLOSE) { set(out, into, msgs, bytes, digests); return j + 2; }
    if (c !== COMMA) return -1;
    i = j + 2;
  }
}

/**
 * A counter: a plain whole number of at most 15 digits is read here, anything else
 * by readNumber (same result), or with `plain` is NaN; scan.end is where it stops.
 */
export function count(buf: Uint8Array, from: number, to: number, plain = false): number {
  const n = digitsAt(buf, from, to, 0);
  const i = scan.end;
  const next = buf[i];
  if (i === from || i - from > 15 || next === 46 || next === 101 || next === 69) return plain ? NaN : readNumber(buf, from, to);
  return n;
}

/** The index of the quote closing a string that starts at i and has no escapes; -1 otherwise. */
export function plainString(buf: Uint8Array, i: number, to: number): number {
  for (; i < to; i++) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === 92) return -1;
  }
  return -1;
}

function set(out: Totals, into: number, msgs: number, bytes: number, digests: number): void {
  if (into === SENT_TO) { out.sentMsgs = msgs; out.sentBytes = bytes; } else if (into === RECV_TO) { out.recvMsgs = msgs; out.recvBytes = bytes; out.recvDigests = digests; }
}

/** The six bytes at i spell `digest`. */
function isDigest(buf: Uint8Array, i: number): boolean {
  return buf[i] === 100 && buf[i + 1] === 105 && buf[i + 2] === 103 && buf[i + 3] === 101 && buf[i + 4] === 115 && buf[i + 5] === 116;
}

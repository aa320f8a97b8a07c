// Byte-level reading of history lines: prefix tests, JSON numbers read straight
// from their digits, and node ids turned into strings once and then shared, so
// that the lines read on the fast path allocate nothing. Every reader returns
// exactly what JSON.parse would give, or says it cannot (NaN, undefined) and
// leaves the line to JSON.parse.

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** buf[at, to) begins with `p`. */
export function startsWith(buf: Uint8Array, at: number, to: number, p: Uint8Array): boolean {
  if (at + p.length > to) return false;
  for (let i = 0; i < p.length; i++) if (buf[at + i] !== p[i]) return false;
  return true;
}

/** The little-endian 32-bit word of a 4-character ASCII string, to compare four bytes at once. */
export function word(s: string): number {
  return Buffer.from(s, 'latin1').readUInt32LE(0);
}

let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewOf: Uint8Array | undefined;

/** Makes `buf` the buffer wordAt reads (cheap when it already is). */
export function readWordsOf(buf: Uint8Array): void {
  if (buf !== viewOf) { viewOf = buf; view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
}

/** The little-endian word at [i, i + 4) of the buffer given to readWordsOf, or -1 if the line (ending at `to`) ends before. */
export function wordAt(i: number, to: number): number {
  return i + 4 > to ? -1 : view.getUint32(i, true);
}

/** Where the last readNumber stopped. */
export const scan = { end: 0 };

/**
 * The JSON number that starts at buf[i] and ends before `to` or at the first
 * byte that cannot continue it (left in scan.end), or NaN if there is none.
 * Plain integers and decimals of at most 15 significant digits are read from
 * their digits: n / 10^k with both exact is the correctly rounded value, as
 * JSON.parse gives it. Anything else (an exponent, more digits) goes through Number().
 */
export function readNumber(buf: Uint8Array, i: number, to: number): number {
  const from = i;
  const neg = buf[i] === 45;
  if (neg) i++;
  const intFrom = i;
  let n = digitsAt(buf, i, to, 0);
  i = scan.end;
  let digits = i - intFrom;
  if (digits === 0) return NaN;
  let x = n;
  if (i < to && buf[i] === 46) {
    const fracFrom = ++i;
    n = digitsAt(buf, i, to, n);
    i = scan.end;
    const scale = i - fracFrom;
    if (scale === 0) { scan.end = fracFrom - 1; return NaN; }
    digits += scale;
    x = n / POW10[scale]!;
  }
  if (i < to && (buf[i] === 101 || buf[i] === 69)) return slowNumber(buf, from, to);
  if (digits > 15) return Number(latin1(buf, from, i));
  return neg ? -x : x;
}

/**
 * The decimal digits from buf[i] on (before `to`), appended to `n`: n * 10^k +
 * their value. Where they stop is left in scan.end.
 */
export function digitsAt(buf: Uint8Array, i: number, to: number, n: number): number {
  for (; i < to; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  scan.end = i;
  return n;
}

/** The JSON number that is exactly buf[from, to), or NaN. */
export function numberAt(buf: Uint8Array, from: number, to: number): number {
  const x = readNumber(buf, from, to);
  return scan.end === to ? x : NaN;
}

/** A number with an exponent or many digits: the engine reads it, as JSON.parse would. */
function slowNumber(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && NUMBER_BYTE[buf[i]!]) i++;
  scan.end = i;
  const text = latin1(buf, from, i);
  if (!JSON_NUMBER.test(text)) return NaN;
  const x = Number(text);
  return Number.isFinite(x) ? x : NaN;
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
}

const JSON_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_BYTE = Array.from({ length: 256 }, (_, c) => (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69);

/**
 * Strings of plain ASCII ids (no escapes), made once each: a small hash table
 * keyed by the bytes' hash, checked byte for byte. Bounded: ids are node names.
 */
export class Ids {
  private readonly table = new Map<number, string>();

  /** The string of buf[from, to), or undefined when it needs JSON's decoding (escapes, non-ASCII). */
  get(buf: Uint8Array, from: number, to: number): string | undefined {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) {
      const c = buf[i]!;
      if (c < 0x20 || c >= 0x7f || c === 92) return undefined;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const known = this.table.get(h);
    if (known !== undefined && same(known, buf, from, to)) return known;
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]!);
    if (known === undefined && this.table.size < 65_536) this.table.set(h, s);
    return s;
  }
}

function same(s: string, buf: Uint8Array, from: number, to: number): boolean {
  if (s.length !== to - from) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[from + i]) return false;
  return true;
}

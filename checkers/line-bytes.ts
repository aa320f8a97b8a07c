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

/**
 * The JSON number in buf[from, to), or NaN if the bytes are not a number. Plain
 * integers and decimals of at most 15 significant digits are read from their
 * digits: n / 10^k with both exact is the correctly rounded value, as JSON.parse
 * gives it. Anything else (an exponent, more digits) goes through Number().
 */
export function numberAt(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  const neg = buf[i] === 45;
  if (neg) i++;
  if (i >= to) return NaN;
  let n = 0;
  let digits = 0;
  for (; i < to; i++, digits++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  let scale = 0;
  if (i < to && buf[i] === 46 && digits > 0) {
    const start = ++i;
    for (; i < to; i++) {
      const c = buf[i]! - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    scale = i - start;
    digits += scale;
    if (scale === 0) return NaN;
  }
  if (i < to || digits > 15) return slowNumber(buf, from, to);
  const x = scale === 0 ? n : n / POW10[scale]!;
  return neg ? -x : x;
}

function slowNumber(buf: Uint8Array, from: number, to: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return NaN;
  const x = Number(text);
  return Number.isFinite(x) ? x : NaN;
}

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

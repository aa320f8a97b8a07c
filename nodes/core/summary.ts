// Bucketed state summary for anti-entropy. Every member hashes (by id) into one of
// FINE buckets; a bucket holds the XOR of a 32-bit hash of (id, incarnation, state,
// metadata version) over its members, kept up to date on every record change (one
// XOR out, one XOR in). An exchange uses B buckets, B a power of two <= FINE: bucket
// b at B is the XOR of the fine buckets i with i mod B = b (folding), so two nodes
// compare at whatever B the initiator states, whatever their own member counts.

import type { MemberState } from './messages.js';

export const FINE_BITS = 10;
/** Buckets kept (the finest level); every exchange folds down from these. */
export const FINE = 1 << FINE_BITS;
/** Members per bucket the initiator aims for when it picks B. */
export const MEMBERS_PER_BUCKET = 32;

/** B for a member list of `n`: a power of two near n/32, in [1, FINE]. 1 means "send the full digest". */
export function bucketCount(n: number): number {
  let b = 1;
  while (b < FINE && b * 2 * MEMBERS_PER_BUCKET <= n) b *= 2;
  return b;
}

export function isBucketCount(b: number): boolean {
  return Number.isInteger(b) && b >= 1 && b <= FINE && (b & (b - 1)) === 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 32-bit hash of an id (FNV-1a over UTF-16 units, then avalanched); its low bits pick the fine bucket. */
export function idHash(id: string): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x0100_0193);
  return fmix(h);
}

const STATE_CODE: Record<MemberState, number> = { alive: 1, suspect: 2, dead: 3, left: 4 };

/** Hash of one record; any change of incarnation, state or metadata version changes it. */
export function recordHash(idh: number, inc: number, state: MemberState, metaVersion: number): number {
  let h = fmix(idh ^ Math.imul(inc + 1, 0x9e37_79b1));
  h = fmix(h ^ Math.imul(STATE_CODE[state], 0x27d4_eb2f));
  return fmix(h ^ Math.imul(metaVersion + 1, 0x1656_67b1)) || 1;
}

export function fineBucket(idh: number): number {
  return idh & (FINE - 1);
}

/** One node's summary at the finest level (allocated on the first record). */
export class Summary {
  private buckets: Uint32Array | undefined;

  get fine(): Uint32Array {
    return (this.buckets ??= new Uint32Array(FINE));
  }

  /** Add or remove (XOR is its own inverse) one record. */
  toggle(idh: number, rh: number): void {
    this.fine[fineBucket(idh)]! ^= rh;
  }
}

/** The fine buckets folded to `b` buckets (b a power of two <= FINE). */
export function fold(fine: Uint32Array, b: number): Uint32Array {
  if (b === FINE) return fine.slice();
  const out = new Uint32Array(b);
  for (let i = 0; i < FINE; i++) out[i & (b - 1)]! ^= fine[i]!;
  return out;
}

/** The fine buckets that make up bucket `bucket` at `b` buckets. */
export function* fineOf(bucket: number, b: number): IterableIterator<number> {
  for (let i = bucket; i < FINE; i += b) yield i;
}

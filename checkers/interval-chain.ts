// Where a clock that is pushed past interruptions comes to rest, in O(log n) per
// question however many interruptions a long run has. An interval [from, to)
// holds a clock c back when it begins within `reach` of c and is still going
// at c (from < c + reach and to > c); the clock then moves to its end. The rest
// point from c is the least value >= c that nothing holds back, and it is the
// same whatever order the intervals are looked at in: any interval holding back
// a value below the rest point ends at or before it. So the rest point from
// every interval's end is computed once, last first, and a question is one
// binary search. Comparisons are written exactly as `from < c + reach` and
// `to > c`, so the answers are those of pushing the clock one interval at a time.

export interface Span { from: number; to: number }

export class IntervalChain {
  private readonly froms: Float64Array;
  /** maxTo[k]: the latest end among the first k + 1 intervals in start order. */
  private readonly maxTo: Float64Array;
  /** rest[k]: the rest point of a clock at maxTo[k]. */
  private readonly rest: Float64Array;

  constructor(spans: readonly Span[], private readonly reach: number) {
    const sorted = [...spans].sort((a, b) => a.from - b.from);
    const n = sorted.length;
    this.froms = new Float64Array(n);
    this.maxTo = new Float64Array(n);
    this.rest = new Float64Array(n);
    let m = -Infinity;
    for (let k = 0; k < n; k++) {
      this.froms[k] = sorted[k]!.from;
      this.maxTo[k] = m = Math.max(m, sorted[k]!.to);
    }
    for (let k = n - 1; k >= 0; k--) {
      const c = this.maxTo[k]!;
      const j = this.lastBefore(c + reach);
      // j >= k, since from[k] < to[k] <= c; a later interval that ends beyond c moves the clock on.
      this.rest[k] = this.maxTo[j]! > c ? this.rest[j]! : c;
    }
  }

  get size(): number {
    return this.froms.length;
  }

  /** The least value >= c that no interval holds back (c itself if none does; Infinity if one never ends). */
  settle(c: number): number {
    const j = this.lastBefore(c + this.reach);
    return j >= 0 && this.maxTo[j]! > c ? this.rest[j]! : c;
  }

  /** The index of the last interval with from < x, or -1. */
  private lastBefore(x: number): number {
    let lo = 0;
    let hi = this.froms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.froms[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}

/** The rest point of a clock from c over several chains together: each settles it in turn until none moves it. */
export function settleAll(chains: readonly IntervalChain[], c: number): number {
  for (let moved = true; moved && c < Infinity;) {
    moved = false;
    for (const ch of chains) {
      const next = ch.settle(c);
      if (next !== c) { c = next; moved = true; }
    }
  }
  return c;
}

// Time-interval lookups that stay fast however many faults a long run has: the
// items are kept in start order with a running maximum of their ends, so the
// items overlapping a time window are found by walking back from the last one
// that started in it, and the walk stops as soon as nothing earlier can still
// be open. Results come back in start (history) order.

export class IntervalIndex<T> {
  private readonly items: T[];
  private readonly starts: number[];
  private readonly maxEnd: number[];

  constructor(items: readonly T[], private readonly start: (x: T) => number, private readonly end: (x: T) => number) {
    this.items = [...items].sort((a, b) => start(a) - start(b));
    this.starts = this.items.map(start);
    this.maxEnd = [];
    let m = -Infinity;
    for (const x of this.items) this.maxEnd.push((m = Math.max(m, end(x))));
  }

  get all(): readonly T[] {
    return this.items;
  }

  /** Items with start <= to and end > from, in start order. */
  overlapping(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = this.lastStartingBy(to); i >= 0 && this.maxEnd[i]! > from; i--) {
      if (this.end(this.items[i]!) > from) out.push(this.items[i]!);
    }
    return out.reverse();
  }

  /**
   * Walks items with start <= t from the latest start back, calling `visit` with each;
   * stops once no earlier item can end after `floor()` (the caller's best so far).
   */
  walkBack(t: number, floor: () => number, visit: (x: T) => void): void {
    for (let i = this.lastStartingBy(t); i >= 0 && Math.min(this.maxEnd[i]!, t) > floor(); i--) visit(this.items[i]!);
  }

  private lastStartingBy(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}

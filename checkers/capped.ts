// A list that keeps its first `cap` items and counts the rest, so that what a
// checker holds in memory does not grow with the length of the history.

export const VIOLATION_CAP = 1000;

export class Capped<T> {
  readonly items: T[] = [];
  total = 0;

  constructor(readonly cap = VIOLATION_CAP) {}

  push(x: T): void {
    this.total++;
    if (this.items.length < this.cap) this.items.push(x);
  }

  /** Counts an item that would not be kept, without making it. */
  count(): void {
    this.total++;
  }

  /** True once no further item will be kept: a caller can count instead of making one. */
  get full(): boolean {
    return this.items.length >= this.cap;
  }

  get capped(): boolean {
    return this.total > this.items.length;
  }
}

/** Sets a result's violations from a capped list, with the total and a note when some were left out. */
export function capped<V>(list: Capped<V>, metrics: Record<string, unknown>, notes: string[]): V[] {
  if (list.capped) {
    metrics['violationsTotal'] = list.total;
    notes.push(`only the first ${list.items.length} of ${list.total} violations are listed`);
  }
  return list.items;
}

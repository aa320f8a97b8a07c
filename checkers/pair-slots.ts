// Per-pair state in an array indexed by the pair's id (view-stream.ts hands out
// ids densely from 0), for state that is looked up on every step and never
// iterated: cheaper than a Map keyed by the same numbers, and as small, since
// the views already hold one entry per pair. Where the order of insertion
// matters too, a Map kept alongside is touched only when a value comes or goes.

export class PairSlots<T> {
  private readonly slots: (T | undefined)[] = [];
  private count = 0;

  /** Pairs holding a value. */
  get size(): number {
    return this.count;
  }

  get(pair: number): T | undefined {
    return this.slots[pair];
  }

  set(pair: number, value: T): void {
    const slots = this.slots;
    while (slots.length < pair) slots.push(undefined); // stays a dense array
    if (slots[pair] === undefined) this.count++;
    slots[pair] = value;
  }

  clear(): void {
    this.slots.length = 0;
    this.count = 0;
  }

  delete(pair: number): void {
    if (this.slots[pair] === undefined) return;
    this.slots[pair] = undefined;
    this.count--;
  }
}

// The simulator's agenda: a binary min-heap of (time, sequence, item). Times and
// sequence numbers live in typed arrays so sifting moves numbers, not objects.
// Invariant: items due at the same virtual time come out in the order they were
// pushed (the sequence breaks ties), so a run is a pure function of its seed.

export class EventQueue<T> {
  private at = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private items: (T | undefined)[] = new Array<T | undefined>(1024);
  private n = 0;
  private counter = 0;

  get size(): number {
    return this.n;
  }

  /** Sequence number of the earliest item (call only when size > 0). */
  peekSeq(): number {
    return this.seq[0]!;
  }

  /** The next sequence number, for an item kept elsewhere that must order among these (WakeQueue). */
  ticket(): number {
    return this.counter++;
  }

  /** Time of the earliest item, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.at[0]! : Infinity;
  }

  push(at: number, item: T): void {
    if (this.n === this.at.length) this.grow();
    let i = this.n++;
    const s = this.counter++;
    const A = this.at;
    const S = this.seq;
    const I = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = A[p]!;
      if (pa < at || (pa === at && S[p]! < s)) break;
      A[i] = pa;
      S[i] = S[p]!;
      I[i] = I[p];
      i = p;
    }
    A[i] = at;
    S[i] = s;
    I[i] = item;
  }

  /** Remove the earliest item; `peekTime()` gave its time. Undefined when empty. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const A = this.at;
    const S = this.seq;
    const I = this.items;
    const top = I[0];
    const last = --this.n;
    const la = A[last]!;
    const ls = S[last]!;
    const li = I[last];
    I[last] = undefined;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let m = l;
      if (r < last && (A[r]! < A[l]! || (A[r] === A[l] && S[r]! < S[l]!))) m = r;
      const ma = A[m]!;
      if (la < ma || (la === ma && ls < S[m]!)) break;
      A[i] = ma;
      S[i] = S[m]!;
      I[i] = I[m];
      i = m;
    }
    if (last > 0) {
      A[i] = la;
      S[i] = ls;
      I[i] = li;
    }
    return top;
  }

  private grow(): void {
    const size = this.at.length * 2;
    const a = new Float64Array(size);
    a.set(this.at);
    const s = new Float64Array(size);
    s.set(this.seq);
    this.at = a;
    this.seq = s;
    this.items.length = size;
  }
}

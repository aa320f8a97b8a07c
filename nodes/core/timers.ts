// Named virtual-time deadlines for the sans-I/O core: a binary min-heap with lazy
// deletion. Setting a key replaces its previous deadline; equal deadlines fire in
// the order they were set, so a run is deterministic for a given seed.

interface Entry { at: number; seq: number; key: string }

export class Timers {
  private heap: Entry[] = [];
  private live = new Map<string, Entry>();
  private seq = 0;

  set(key: string, at: number): void {
    const e = { at, seq: this.seq++, key };
    this.live.set(key, e);
    this.push(e);
  }

  clear(key: string): void {
    this.live.delete(key);
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  at(key: string): number | undefined {
    return this.live.get(key)?.at;
  }

  /** Earliest live deadline, or Infinity. */
  next(): number {
    this.dropStale();
    return this.heap[0]?.at ?? Infinity;
  }

  /** Remove and return the earliest key due at or before `now`. */
  popDue(now: number): string | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    this.pop();
    this.live.delete(top.key);
    return top.key;
  }

  private dropStale(): void {
    for (let top = this.heap[0]; top && this.live.get(top.key) !== top; top = this.heap[0]) this.pop();
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (h.length === 0 || !last) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

// Named virtual-time deadlines for the sans-I/O core. The node's own periodic
// timers (probe, gossip, ...) live in fixed slots, set and cleared without
// allocating; per-member and per-relay ones (`suspect:<id>`, ...) in a binary
// min-heap with lazy deletion. Setting a key replaces its previous deadline; equal
// deadlines fire in the order they were set, so a run is deterministic for a given seed.

interface Entry { at: number; seq: number; key: string }

/** The keys with a slot of their own; every other key goes to the heap. */
const SLOTS = ['probe', 'probe.timeout', 'gossip', 'pushpull', 'join'] as const;

function slotOf(key: string): number {
  switch (key) {
    case 'probe': return 0;
    case 'probe.timeout': return 1;
    case 'gossip': return 2;
    case 'pushpull': return 3;
    case 'join': return 4;
    default: return -1;
  }
}

export class Timers {
  private readonly slotAt = new Float64Array(SLOTS.length);
  private readonly slotSeq = new Float64Array(SLOTS.length);
  private readonly armed = new Uint8Array(SLOTS.length);
  private heap: Entry[] = [];
  private live = new Map<string, Entry>();
  private seq = 0;

  set(key: string, at: number): void {
    const s = slotOf(key);
    if (s >= 0) {
      this.slotAt[s] = at;
      this.slotSeq[s] = this.seq++;
      this.armed[s] = 1;
      return;
    }
    const e = { at, seq: this.seq++, key };
    this.live.set(key, e);
    this.push(e);
  }

  clear(key: string): void {
    const s = slotOf(key);
    if (s >= 0) this.armed[s] = 0;
    else this.live.delete(key);
  }

  has(key: string): boolean {
    const s = slotOf(key);
    return s >= 0 ? this.armed[s] === 1 : this.live.has(key);
  }

  at(key: string): number | undefined {
    const s = slotOf(key);
    if (s >= 0) return this.armed[s] === 1 ? this.slotAt[s] : undefined;
    return this.live.get(key)?.at;
  }

  /** Earliest live deadline, or Infinity. */
  next(): number {
    this.dropStale();
    let t = this.heap[0]?.at ?? Infinity;
    for (let s = 0; s < SLOTS.length; s++) if (this.armed[s] === 1 && this.slotAt[s]! < t) t = this.slotAt[s]!;
    return t;
  }

  /** Remove and return the earliest key due at or before `now`. */
  popDue(now: number): string | undefined {
    this.dropStale();
    let best = -1;
    for (let s = 0; s < SLOTS.length; s++) {
      if (this.armed[s] !== 1) continue;
      if (best < 0 || this.slotAt[s]! < this.slotAt[best]! || (this.slotAt[s] === this.slotAt[best] && this.slotSeq[s]! < this.slotSeq[best]!)) best = s;
    }
    const top = this.heap[0];
    if (top && (best < 0 || top.at < this.slotAt[best]! || (top.at === this.slotAt[best] && top.seq < this.slotSeq[best]!))) {
      if (top.at > now) return undefined;
      this.pop();
      this.live.delete(top.key);
      return top.key;
    }
    if (best < 0 || this.slotAt[best]! > now) return undefined;
    this.armed[best] = 0;
    return SLOTS[best];
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

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

/** Where the slots' deadlines, sequence numbers and armed flags (1 or 0) start in Timers.slots. */
const AT = 0;
const SEQ = SLOTS.length;
const ARMED = 2 * SLOTS.length;

export class Timers {
  /** The slot timers in one array (layout above): every tick reads them, so they share one object. */
  private readonly slots = new Float64Array(3 * SLOTS.length);
  private heap: Entry[] = [];
  private live = new Map<string, Entry>();
  private seq = 0;

  set(key: string, at: number): void {
    const s = slotOf(key);
    if (s >= 0) {
      this.slots[AT + s] = at;
      this.slots[SEQ + s] = this.seq++;
      this.slots[ARMED + s] = 1;
      return;
    }
    const e = { at, seq: this.seq++, key };
    this.live.set(key, e);
    this.push(e);
  }

  clear(key: string): void {
    const s = slotOf(key);
    if (s >= 0) this.slots[ARMED + s] = 0;
    else this.live.delete(key);
  }

  has(key: string): boolean {
    const s = slotOf(key);
    return s >= 0 ? this.slots[ARMED + s] === 1 : this.live.has(key);
  }

  at(key: string): number | undefined {
    const s = slotOf(key);
    if (s >= 0) return this.slots[ARMED + s] === 1 ? this.slots[AT + s] : undefined;
    return this.live.get(key)?.at;
  }

  /** Earliest live deadline, or Infinity. */
  next(): number {
    this.dropStale();
    const c = this.slots;
    let t = this.heap[0]?.at ?? Infinity;
    for (let s = 0; s < SLOTS.length; s++) if (c[ARMED + s] === 1 && c[AT + s]! < t) t = c[AT + s]!;
    return t;
  }

  /** Remove and return the earliest key due at or before `now`. */
  popDue(now: number): string | undefined {
    this.dropStale();
    const c = this.slots;
    let best = -1;
    for (let s = 0; s < SLOTS.length; s++) {
      if (c[ARMED + s] !== 1) continue;
      if (best < 0 || c[AT + s]! < c[AT + best]! || (c[AT + s] === c[AT + best] && c[SEQ + s]! < c[SEQ + best]!)) best = s;
    }
    const top = this.heap[0];
    if (top && (best < 0 || top.at < c[AT + best]! || (top.at === c[AT + best] && top.seq < c[SEQ + best]!))) {
      if (top.at > now) return undefined;
      this.pop();
      this.live.delete(top.key);
      return top.key;
    }
    if (best < 0 || c[AT + best]! > now) return undefined;
    c[ARMED + best] = 0;
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

// The agenda's node wake-ups: at most one entry per node, in an indexed binary
// min-heap of (time, sequence), so moving a node's wake-up (an acked probe's
// timeout cleared, a new suspicion timer) re-sifts its entry in place instead of
// leaving a stale item behind. Sequence numbers come from the main agenda's
// counter (EventQueue.ticket), so wake-ups and other items interleave exactly as
// if they shared one heap.

export class WakeQueue {
  private at = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private node = new Int32Array(1024);
  /** Heap position of each node's entry, -1 when it has none. */
  private pos = new Int32Array(1024).fill(-1);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest wake-up, or Infinity when none. */
  peekTime(): number {
    return this.n > 0 ? this.at[0]! : Infinity;
  }

  /** Sequence number of the earliest wake-up (ties with the main agenda). */
  peekSeq(): number {
    return this.seq[0]!;
  }

  /** Node `idx` wakes at `at` (replacing any wake-up it had), ordered by `seq` among equal times. */
  set(idx: number, at: number, seq: number): void {
    if (idx >= this.pos.length) this.growNodes(idx + 1);
    let i = this.pos[idx]!;
    if (i < 0) {
      if (this.n === this.at.length) this.grow();
      i = this.n++;
    }
    this.place(i, idx, at, seq);
  }

  /** Remove the earliest wake-up and return its node. Call only when size > 0. */
  pop(): number {
    const A = this.at;
    const S = this.seq;
    const N = this.node;
    const top = N[0]!;
    this.pos[top] = -1;
    const last = --this.n;
    if (last > 0) {
      const la = A[last]!;
      const ls = S[last]!;
      const ln = N[last]!;
      this.sink(0, ln, la, ls);
    }
    return top;
  }

  /** Put (idx, at, seq) at heap slot i, moving it up or down to where it belongs. */
  private place(i: number, idx: number, at: number, seq: number): void {
    const A = this.at;
    const S = this.seq;
    const N = this.node;
    const P = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = A[p]!;
      if (pa < at || (pa === at && S[p]! < seq)) break;
      A[i] = pa;
      S[i] = S[p]!;
      N[i] = N[p]!;
      P[N[i]!] = i;
      i = p;
    }
    this.sink(i, idx, at, seq);
  }

  /** Sift (idx, at, seq) down from heap slot i over the first n slots. */
  private sink(i: number, idx: number, at: number, seq: number): void {
    const A = this.at;
    const S = this.seq;
    const N = this.node;
    const P = this.pos;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && (A[r]! < A[l]! || (A[r] === A[l] && S[r]! < S[l]!))) m = r;
      const ma = A[m]!;
      if (at < ma || (at === ma && seq < S[m]!)) break;
      A[i] = ma;
      S[i] = S[m]!;
      N[i] = N[m]!;
      P[N[i]!] = i;
      i = m;
    }
    A[i] = at;
    S[i] = seq;
    N[i] = idx;
    P[idx] = i;
  }

  private grow(): void {
    const size = this.at.length * 2;
    const a = new Float64Array(size);
    a.set(this.at);
    const s = new Float64Array(size);
    s.set(this.seq);
    const n = new Int32Array(size);
    n.set(this.node);
    this.at = a;
    this.seq = s;
    this.node = n;
  }

  private growNodes(min: number): void {
    let size = this.pos.length;
    while (size < min) size *= 2;
    const p = new Int32Array(size).fill(-1);
    p.set(this.pos);
    this.pos = p;
  }
}

// A keyed pseudo-random permutation of [0, n) in O(1) memory: a 4-round Feistel
// network on the smallest even-bit power of two >= n, cycle-walked back into
// range. The compact member store uses it for probe passes, so a node's
// round-robin order never needs an O(N) array. Bijective for every key.

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(readonly n: number, key: number) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 30) throw new RangeError(`Permutation size must be an integer in [1, 2^30], got ${n}`);
    let bits = 2;
    while (2 ** bits < n) bits++;
    if (bits % 2 === 1) bits++;
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
    this.keys = [0, 1, 2, 3].map((r) => mix32((key ^ Math.imul(r + 1, 0x9e3779b9)) >>> 0));
  }

  /** The element at position i (0 <= i < n). */
  at(i: number): number {
    let x = i;
    do x = this.encrypt(x); while (x >= this.n);
    return x;
  }

  private encrypt(x: number): number {
    const h = this.half;
    const m = this.mask;
    let l = x >>> h;
    let r = x & m;
    for (let k = 0; k < 4; k++) {
      const f = mix32((r ^ this.keys[k]!) >>> 0) & m;
      const nl = r;
      r = (l ^ f) & m;
      l = nl;
    }
    return ((l << h) | r) >>> 0;
  }
}

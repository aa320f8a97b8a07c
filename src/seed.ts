// One run seed, many derived seeds: each subsystem (the nemesis, each node's RNG,
// the simulator's network) gets its own, derived by name, so adding randomness
// in one place never shifts the choices made in another. Every derived value is
// recorded in the history, and the run seed replays all of them.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  shuffle<T>(items: readonly T[]): T[];
  pick<T>(items: readonly T[]): T;
}

/** splitmix32 finaliser: a good 32-bit mix. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return mix32(mix32(seed >>> 0) ^ (h >>> 0));
}

/** sfc32: small, fast, passes PractRand to 2^40; plenty for schedules. */
export function createRng(seed: number): Rng {
  let a = mix32(seed), b = mix32(a), c = mix32(b), d = 1;
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const rng: Rng = {
    next: () => u32() / 2 ** 32,
    int: (n) => Math.floor(rng.next() * n),
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[rng.int(items.length)]!;
    },
  };
  return rng;
}

/** A fresh run seed when none is given: not reproducible by design, but always printed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

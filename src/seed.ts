// One run seed, many derived seeds: each subsystem (the nemesis, each node's RNG,
// the simulator's network) gets its own, derived by name, so adding randomness
// in one place never shifts the choices made in another. Every derived value is
// recorded in the history, and the run seed replays all of them.

import { Rng as CoreRng } from '../nodes/core/rng.js';

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

/** The controller's RNG: the core's seeded generator, with non-mutating helpers. */
export function createRng(seed: number): Rng {
  const core = new CoreRng(seed);
  return {
    next: () => core.next(),
    int: (n) => core.int(n),
    shuffle: (items) => core.shuffle([...items]),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[core.int(items.length)]!;
    },
  };
}

/** A fresh run seed when none is given: not reproducible by design, but always printed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

// Deterministic Redis Cluster roles from the lab's node ids alone, so every
// adapter reaches the same layout without talking to the others first. An id
// ends in its ordinal k (n1, n2, …). The first MASTERS ordinals are masters,
// each owning an equal, contiguous share of the 16384 hash slots; ordinal
// k > MASTERS replicates master ((k − 1) mod MASTERS) + 1, which has the same prefix.

import { ConfigError } from '../../core/config.js';

/** Redis Cluster's minimum for a majority of masters to declare FAIL after one crash. */
export const MASTERS = 3;
export const SLOTS = 16_384;

export type Role =
  | { kind: 'master'; ordinal: number; slots: [lo: number, hi: number] }
  | { kind: 'replica'; ordinal: number; master: string };

export function ordinalOf(id: string): { prefix: string; k: number } | undefined {
  const m = /^(.*?)(\d+)$/.exec(id);
  if (!m) return undefined;
  const k = Number(m[2]);
  return k >= 1 && Number.isSafeInteger(k) ? { prefix: m[1] ?? '', k } : undefined;
}

export function roleOf(id: string): Role {
  const o = ordinalOf(id);
  if (!o) {
    throw new ConfigError('GOSSIP_NODE_ID', `GOSSIP_NODE_ID: Redis Cluster roles are derived from a node id ending in its ordinal `
      + `(n1, n2, …), got ${JSON.stringify(id)}`);
  }
  if (o.k <= MASTERS) {
    const lo = Math.floor(((o.k - 1) * SLOTS) / MASTERS);
    const hi = Math.floor((o.k * SLOTS) / MASTERS) - 1;
    return { kind: 'master', ordinal: o.k, slots: [lo, hi] };
  }
  return { kind: 'replica', ordinal: o.k, master: `${o.prefix}${((o.k - 1) % MASTERS) + 1}` };
}

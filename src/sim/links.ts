// Directed-link rules of the simulated network, keyed by fault id, judged when a
// packet arrives (as the docker runtime's iptables rules sit in the receiver's
// namespace). A cut link delivers nothing while its rule stands; lossy links
// compose (pass probability is the product). Side partitions of large clusters
// are kept as a side number per node instead of N²/2 explicit links.

import type { LinkEffect } from '../runtime/types.js';
import type { Rng } from '../../nodes/core/rng.js';

interface Rule {
  effect: LinkEffect;
  /** Receiver -> senders it drops (or loses) packets from. */
  byTo?: Map<number, Set<number>>;
  /** Side number per node index (-1: on no side), cut between different sides. */
  side?: Int32Array;
}

export type LinkVerdict = 'pass' | 'cut' | 'loss';

export class LinkTable {
  private readonly rules = new Map<string, Rule>();
  private list: Rule[] = [];

  get active(): boolean {
    return this.list.length > 0;
  }

  /** Add (or extend) the rule of `faultId` over these directed [from, to] links. */
  degrade(faultId: string, links: readonly (readonly [number, number])[], effect: LinkEffect): void {
    const rule = this.rules.get(faultId) ?? { effect, byTo: new Map<number, Set<number>>() };
    rule.effect = effect;
    rule.byTo ??= new Map();
    for (const [from, to] of links) {
      let s = rule.byTo.get(to);
      if (!s) rule.byTo.set(to, (s = new Set()));
      s.add(from);
    }
    this.set(faultId, rule);
  }

  /** Cut every link between nodes on different sides, both ways (a side partition). */
  cutSides(faultId: string, sides: readonly (readonly number[])[], nodeCount: number): void {
    const side = new Int32Array(nodeCount).fill(-1);
    sides.forEach((members, i) => { for (const m of members) side[m] = i; });
    this.set(faultId, { effect: { drop: true }, side });
  }

  clear(faultId: string): boolean {
    const had = this.rules.delete(faultId);
    this.list = [...this.rules.values()];
    return had;
  }

  faults(): string[] {
    return [...this.rules.keys()];
  }

  /** What happens to one packet from -> to now; draws from `rng` only for lossy links. */
  verdict(from: number, to: number, rng: Rng): LinkVerdict {
    let pass = 1;
    for (const r of this.list) {
      let hit: boolean;
      if (r.side) {
        const a = from < r.side.length ? r.side[from]! : -1;
        const b = to < r.side.length ? r.side[to]! : -1;
        hit = a >= 0 && b >= 0 && a !== b;
      } else {
        hit = r.byTo?.get(to)?.has(from) ?? false;
      }
      if (!hit) continue;
      if ('drop' in r.effect) return 'cut';
      pass *= 1 - r.effect.loss;
    }
    if (pass < 1 && rng.next() >= pass) return 'loss';
    return 'pass';
  }

  private set(faultId: string, rule: Rule): void {
    this.rules.set(faultId, rule);
    this.list = [...this.rules.values()];
  }
}

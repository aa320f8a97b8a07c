// Lifeguard vs SWIM (CLAIMS 6): k of 100 members are slow, and we count the false
// positives at the healthy members. Slow by default means what the Lifeguard paper
// varies, message processing delay (the slow fault's `lag`, as in the claim files
// scenarios/claims/sim-06a..d): a member's timers fire on time but the datagrams it
// receives wait in a backlog (exponential delay of mean 2 s, FIFO) before it reads
// them, so its probes of healthy members time out and the refutations it must read
// arrive after its suspicion timeout. A false positive, as in the paper, is a healthy
// member declared failed (dead); suspicions are counted too. Counted like the
// false-positives checker: one accusation per (member, state, incarnation), plus
// every observer's line.

import type { Observation, ProtocolParams } from '../../../nodes/core/index.js';
import { deriveSeed } from '../../seed.js';
import type { SimNode } from '../node-slot.js';
import { warmCluster } from '../warm.js';

export type LifeguardArm = 'lifeguard' | 'swim';

/** The slow members' mean message processing delay (ms), as in the claim files. */
export const DEFAULT_LAG_MS = 2000;

export const ARM_PARAMS: Readonly<Record<LifeguardArm, Partial<ProtocolParams>>> = {
  lifeguard: { lifeguardLhm: true, lifeguardNacks: true, lifeguardDynamicSuspicion: true, lifeguardBuddy: true },
  swim: { lifeguardLhm: false, lifeguardNacks: false, lifeguardDynamicSuspicion: false, lifeguardBuddy: false },
};

export interface LifeguardRow {
  arm: LifeguardArm;
  slow: number;
  /** Distinct suspicions of healthy members (member, incarnation). */
  healthySuspicions: number;
  /** Distinct dead declarations of healthy members. */
  healthyDeaths: number;
  /** Every observer's suspect/dead line about a healthy member. */
  healthyLines: number;
  /** Distinct suspicions of the slow members themselves (not false positives). */
  slowSuspicions: number;
}

export interface LifeguardOptions {
  nodes?: number;
  slowCounts?: number[];
  /** Simulated seconds per configuration (default 600). */
  seconds?: number;
  /**
   * How a member is slowed: an inbound backlog of this mean delay (ms) with timers on
   * time (default 2000 ms, the claim files' `lag`), or the catalogue's `cpu` fault (a CFS quota shared with a
   * busy neighbour: below ~0.008 CPUs a node cannot keep up at all in this model).
   */
  starve?: { cpus: number } | { backlogMs: number };
  seed?: number;
  log?: (msg: string) => void;
}

export function lifeguardTrial(arm: LifeguardArm, slowCount: number, o: LifeguardOptions = {}): LifeguardRow {
  const nodes = o.nodes ?? 100;
  const slow = new Set(Array.from({ length: slowCount }, (_, i) => `n${nodes - i}`));
  const healthy = new Set<string>();
  const dead = new Set<string>();
  const slowAcc = new Set<string>();
  let lines = 0;
  const watch = (_n: SimNode, ob: Observation): void => {
    if (ob.type !== 'member' || (ob.state !== 'suspect' && ob.state !== 'dead')) return;
    const key = `${ob.member}#${ob.incarnation}`;
    if (slow.has(ob.member)) { slowAcc.add(key); return; }
    lines++;
    (ob.state === 'suspect' ? healthy : dead).add(key);
  };
  // The same seed in both arms: the same cluster, the same slow members, the same network draws at first.
  const w = warmCluster({ nodes, seed: deriveSeed(o.seed ?? 6, `lifeguard:${slowCount}`), params: ARM_PARAMS[arm], onObservation: watch });
  w.cluster.runUntil(2000);
  const starve = o.starve ?? { backlogMs: DEFAULT_LAG_MS };
  for (const id of slow) {
    if ('cpus' in starve) void w.rt.setCpu(id, starve.cpus);
    else w.rt.setLag(id, starve.backlogMs);
  }
  w.cluster.runUntil(2000 + (o.seconds ?? 600) * 1000);
  return { arm, slow: slowCount, healthySuspicions: healthy.size, healthyDeaths: dead.size, healthyLines: lines, slowSuspicions: slowAcc.size };
}

export function lifeguardVsSwim(o: LifeguardOptions = {}): LifeguardRow[] {
  const rows: LifeguardRow[] = [];
  for (const k of o.slowCounts ?? [1, 2, 4, 8]) {
    for (const arm of ['swim', 'lifeguard'] as const) {
      const r = lifeguardTrial(arm, k, o);
      o.log?.(`lifeguard-vs-swim ${k} slow, ${arm}: ${JSON.stringify(r)}`);
      rows.push(r);
    }
  }
  return rows;
}

export function lifeguardTable(rows: readonly LifeguardRow[]): string {
  const out = [
    '| slow of 100 | SWIM: healthy declared dead / suspected (lines) | Lifeguard: declared dead / suspected (lines) | fewer with Lifeguard: dead / suspected |',
    '|---|---|---|---|',
  ];
  const fold = (s: number, l: number): string => (l > 0 ? `${(s / l).toFixed(1)}x` : s > 0 ? `${s} to 0` : '-');
  for (const k of [...new Set(rows.map((r) => r.slow))]) {
    const s = rows.find((r) => r.slow === k && r.arm === 'swim');
    const l = rows.find((r) => r.slow === k && r.arm === 'lifeguard');
    if (!s || !l) continue;
    out.push(`| ${k} | ${s.healthyDeaths} / ${s.healthySuspicions} (${s.healthyLines}) | ${l.healthyDeaths} / ${l.healthySuspicions} (${l.healthyLines}) `
      + `| ${fold(s.healthyDeaths, l.healthyDeaths)} / ${fold(s.healthySuspicions, l.healthySuspicions)} |`);
  }
  return out.join('\n');
}

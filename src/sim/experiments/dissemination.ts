// Rounds to full propagation (CLAIMS 10): a metadata update set at one node of a
// warm cluster, spread by the core's own dissemination (gossip to K random members
// every gossipInterval, piggybacked on probes, optionally anti-entropy), until
// every node has emitted its `update`. Rounds = time / gossipInterval. Compared
// with log2 N + ln N (push, Pittel), log_(K+1) N (push, fanout K) and log3 N (push-pull).

import { pushPullScale } from '../../../nodes/core/antientropy.js';
import { Rng, type ProtocolParams } from '../../../nodes/core/index.js';
import { deriveSeed } from '../../seed.js';
import { runUntilDone, warmCluster } from '../warm.js';

export type DisseminationArm = 'push K=3' | 'push K=4' | 'push-pull';

export interface DisseminationTrial { n: number; arm: DisseminationArm; seed: number; reached: number; rounds: number; medianRounds: number; wallMs: number }

export interface DisseminationRow {
  n: number;
  arm: DisseminationArm;
  trials: number;
  /** Mean over trials of the rounds until the last node had the update. */
  rounds: number;
  /** Mean over trials of the rounds until half the nodes had it. */
  medianRounds: number;
  /** Every node of every trial got it. */
  complete: boolean;
  wallMs: number;
}

/*
 * Push-pull here is the core's anti-entropy once per gossip round: every node sends
 * its bucketed summary (1,024 buckets at 100,000 nodes: 4 datagrams) to one member,
 * which answers with digest entries only for the buckets that differ, so a round
 * costs N summaries plus the entries of the buckets the update has changed.
 */

/** Seed document, Pittel and Karp et al. figures for the table. */
export function theory(n: number): { seedDoc: number | null; log2PlusLn: number; log4: number; log5: number; log3: number } {
  const seedDoc: Record<number, number> = { 100: 7, 1000: 10, 10_000: 14, 100_000: 17 };
  return { seedDoc: seedDoc[n] ?? null, log2PlusLn: Math.log2(n) + Math.log(n), log4: Math.log(n) / Math.log(4), log5: Math.log(n) / Math.log(5), log3: Math.log(n) / Math.log(3) };
}

/** Protocol parameters of an arm: LAN, fanout K, anti-entropy off (push) or once per gossip round (push-pull). */
export function armParams(arm: DisseminationArm, n: number): Partial<ProtocolParams> {
  if (arm === 'push-pull') return { gossipNodes: 3, pushPullInterval: 200 / pushPullScale(1, n) };
  return { gossipNodes: arm === 'push K=3' ? 3 : 4, pushPullInterval: 0 };
}

export function disseminationTrial(n: number, arm: DisseminationArm, seed: number): DisseminationTrial {
  const wall0 = performance.now();
  const got = new Float64Array(n).fill(NaN);
  let count = 0;
  let origin = '';
  const w = warmCluster({
    nodes: n, seed, params: armParams(arm, n),
    onObservation: (node, o, t) => {
      if (o.type !== 'update' || o.member !== origin || o.key !== 'exp' || !Number.isNaN(got[node.idx]!)) return;
      got[node.idx] = t;
      count++;
    },
  });
  w.cluster.runUntil(2000);
  origin = w.ids[new Rng(deriveSeed(seed, 'origin')).int(n)]!;
  const t0 = w.cluster.now;
  w.cluster.act(w.cluster.node(origin), (core, now) => core.setMeta('exp', 'v1', now));
  runUntilDone(w.cluster, () => count === n, 120_000);
  const times = [...got].filter((t) => !Number.isNaN(t)).map((t) => t - t0).sort((a, b) => a - b);
  const g = w.params.gossipInterval;
  return {
    n, arm, seed, reached: count, rounds: (times.at(-1) ?? NaN) / g, medianRounds: (times[Math.floor(times.length / 2)] ?? NaN) / g,
    wallMs: performance.now() - wall0,
  };
}

export interface DisseminationOptions {
  sizes?: number[];
  arms?: DisseminationArm[];
  /** Trials per size and arm (default: 10 at 100, 5 at 1,000 (push-pull 1), 2 at 10,000, 1 beyond). */
  trials?: (n: number, arm: DisseminationArm) => number;
  seed?: number;
  log?: (msg: string) => void;
}

export function disseminationRounds(o: DisseminationOptions = {}): DisseminationRow[] {
  const sizes = o.sizes ?? [100, 1000, 10_000, 100_000];
  const arms = o.arms ?? ['push K=3', 'push K=4', 'push-pull'];
  const trials = o.trials ?? ((n: number, arm: DisseminationArm) => (n <= 100 ? 10 : arm === 'push-pull' ? 1 : n <= 1000 ? 5 : n <= 10_000 ? 2 : 1));
  const rows: DisseminationRow[] = [];
  for (const n of sizes) {
    for (const arm of arms) {
      const ts = Array.from({ length: trials(n, arm) }, (_, i) => disseminationTrial(n, arm, deriveSeed(o.seed ?? 1, `${arm}:${n}:${i}`)));
      const mean = (f: (t: DisseminationTrial) => number): number => ts.reduce((a, t) => a + f(t), 0) / ts.length;
      const row = { n, arm, trials: ts.length, rounds: mean((t) => t.rounds), medianRounds: mean((t) => t.medianRounds), complete: ts.every((t) => t.reached === n), wallMs: mean((t) => t.wallMs) };
      o.log?.(`dissemination N=${n} ${arm}: ${row.rounds.toFixed(2)} rounds to all (${row.medianRounds.toFixed(2)} to half), ${ts.length} trial(s), ${(row.wallMs / 1000).toFixed(1)} s wall each`);
      rows.push(row);
    }
  }
  return rows;
}

/** The README table: measured rounds per arm, with the seed document and theory. */
export function disseminationTable(rows: readonly DisseminationRow[]): string {
  const sizes = [...new Set(rows.map((r) => r.n))];
  const cell = (n: number, arm: DisseminationArm): string => {
    const r = rows.find((x) => x.n === n && x.arm === arm);
    if (!r) return 'not run';
    return `${r.rounds.toFixed(1)} (${r.medianRounds.toFixed(1)})${r.complete ? '' : ' incomplete'}`;
  };
  const lines = [
    '| N | push K=3 | push K=4 | push-pull | seed doc | log2 N + ln N | log4 N | log5 N | log3 N |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const n of sizes) {
    const t = theory(n);
    lines.push(`| ${n.toLocaleString('en')} | ${cell(n, 'push K=3')} | ${cell(n, 'push K=4')} | ${cell(n, 'push-pull')} | ${t.seedDoc ?? '-'} | `
      + `${t.log2PlusLn.toFixed(1)} | ${t.log4.toFixed(1)} | ${t.log5.toFixed(1)} | ${t.log3.toFixed(1)} |`);
  }
  return lines.join('\n');
}

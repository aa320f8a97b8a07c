// Suspicion timeout and time to dead at scale (CLAIMS 4), measured at N = 10,000:
// crashes in a warm LAN cluster, one after another, each followed until every
// live node has declared it dead. Reported next to memberlist's formulas: min =
// suspicionMult·log10(N)·probeInterval, max = 6·min, and the claim ~1.6 s + min.

import { Rng, suspicionTimeoutMax, suspicionTimeoutMin, type Observation, type ProtocolParams } from '../../../nodes/core/index.js';
import { deriveSeed } from '../../seed.js';
import type { SimNode } from '../node-slot.js';
import { runUntilDone, warmCluster } from '../warm.js';

export interface CrashFigures {
  victim: string;
  /** Seconds from the crash. */
  firstSuspect: number;
  firstDead: number;
  allDead: number | null;
  /** Seconds the first declarer held its suspicion before declaring dead. */
  heldBy: { node: string; seconds: number };
  /** Nodes that held the victim suspect (their own probe or a rumor) before the first dead declaration. */
  suspectedBy: number;
}

export interface ScaleDetection {
  nodes: number;
  crashes: CrashFigures[];
  formula: { minS: number; maxS: number; claimS: number };
  wallMs: number;
}

export interface ScaleDetectionOptions {
  nodes?: number;
  crashes?: number;
  seed?: number;
  params?: Partial<ProtocolParams>;
  log?: (msg: string) => void;
}

export function suspicionAtScale(o: ScaleDetectionOptions = {}): ScaleDetection {
  const wall0 = performance.now();
  const nodes = o.nodes ?? 10_000;
  const seed = o.seed ?? 10;
  let victim = '';
  let crash = 0;
  const suspectAt = new Map<string, number>();
  const dead = new Set<string>();
  let firstDead: { node: string; t: number } | undefined;
  const watch = (node: SimNode, ob: Observation, t: number): void => {
    if (ob.type === 'update' || ob.member !== victim || t < crash) return;
    if (ob.type === 'member' && ob.state === 'suspect' && !suspectAt.has(node.id)) suspectAt.set(node.id, t);
    if ((ob.type === 'member' && (ob.state === 'dead' || ob.state === 'left')) || ob.type === 'removed') {
      dead.add(node.id);
      firstDead ??= { node: node.id, t };
    }
  };
  const w = warmCluster({ nodes, seed, params: o.params ?? {}, onObservation: watch });
  const rng = new Rng(deriveSeed(seed, 'victims'));
  const live = new Set(w.ids);
  w.cluster.runUntil(5000);
  const crashes: CrashFigures[] = [];
  for (let i = 0; i < (o.crashes ?? 3); i++) {
    w.cluster.runUntil(w.cluster.now + rng.next() * 2000);
    const ids = [...live];
    victim = ids[rng.int(ids.length)]!;
    live.delete(victim);
    suspectAt.clear();
    dead.clear();
    firstDead = undefined;
    crash = w.cluster.now;
    void w.rt.kill(victim);
    const all = runUntilDone(w.cluster, () => dead.size >= live.size, 200_000, 250);
    const fd = firstDead as { node: string; t: number } | undefined;
    if (!fd) throw new Error(`N=${nodes}: ${victim} was never declared dead within 200 s (seed ${seed})`);
    const firstSuspect = Math.min(...suspectAt.values());
    const fig: CrashFigures = {
      victim, firstSuspect: s3(firstSuspect - crash), firstDead: s3(fd.t - crash), allDead: all ? s3(w.cluster.now - crash) : null,
      heldBy: { node: fd.node, seconds: s3(fd.t - (suspectAt.get(fd.node) ?? fd.t)) },
      suspectedBy: [...suspectAt.values()].filter((t) => t <= fd.t).length,
    };
    o.log?.(`N=${nodes} crash ${i + 1}: ${JSON.stringify(fig)}`);
    crashes.push(fig);
    w.cluster.runUntil(w.cluster.now + 5000);
  }
  const p = w.params;
  const min = suspicionTimeoutMin(p, nodes) / 1000;
  return { nodes, crashes, formula: { minS: min, maxS: suspicionTimeoutMax(p, nodes) / 1000, claimS: 1.6 + min }, wallMs: performance.now() - wall0 };
}

function s3(ms: number): number {
  return Math.round(ms) / 1000;
}

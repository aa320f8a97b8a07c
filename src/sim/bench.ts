// Scale figures of the simulator (bench/sim-scale.mjs prints them): an idle
// warm-started cluster of N nodes for S simulated seconds through the whole
// sim pipeline (sampled history, no analysis), measured in wall time, agenda
// items per second and peak memory per simulated node. Never asserted in tests.

import { FULL_SEMANTICS } from '../implementations/types.js';
import { resolveParams, type ProtocolParams } from '../../nodes/core/params.js';
import type { ResolvedScenario } from '../config/types.js';
import { runSimScenario } from './run.js';
import type { SimRunOptions } from './plan.js';

export interface ScaleOptions {
  nodes?: number;
  seconds?: number;
  seed?: number;
  params?: Partial<ProtocolParams>;
  members?: SimRunOptions['members'];
  storeRoot?: string;
  log?: (msg: string) => void;
}

export interface ScaleFigures {
  nodes: number;
  members: string;
  pushPullMs: number;
  simulatedS: number;
  wallS: number;
  /** CPU time of this process (user + system) during the run: on a shared machine, the steadier figure. */
  cpuS: number;
  /** Simulated seconds per wall second. */
  speedup: number;
  events: number;
  eventsPerS: number;
  packets: number;
  peakRssMB: number;
  peakHeapMB: number;
  /** (peak RSS - RSS before the run) / N. */
  bytesPerNode: number;
  historyLines: number;
}

export function idleScenario(nodes: number, seconds: number, seed: number, params: Partial<ProtocolParams>): ResolvedScenario {
  return {
    name: 'sim-scale', file: '(bench)', seed, description: `${nodes} idle nodes for ${seconds} s (LAN parameters)`,
    cluster: { nodes, implementation: 'builtin', semantics: { ...FULL_SEMANTICS }, preset: 'lan', params: resolveParams('lan', params) },
    warmup: 2000, duration: seconds * 1000, quiesce: 0, schedule: [], bounds: {},
  };
}

export async function runScaleBench(o: ScaleOptions = {}): Promise<ScaleFigures> {
  const nodes = o.nodes ?? 10_000;
  const seconds = o.seconds ?? 300;
  const s = idleScenario(nodes, seconds, o.seed ?? 1, o.params ?? {});
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  let peakRss = rss0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const r = await runSimScenario(s, {
    analyze: false, ...(o.members ? { members: o.members } : {}), ...(o.storeRoot ? { storeRoot: o.storeRoot } : {}),
    ...(o.log ? { log: o.log } : {}), monitor: { everyMs: 5000, fn: sample },
  });
  sample();
  const cpu = process.cpuUsage(cpu0);
  const wallS = r.wallMs / 1000;
  const simulatedS = r.simulatedMs / 1000;
  return {
    nodes, members: r.plan.members, pushPullMs: s.cluster.params.pushPullInterval,
    simulatedS, wallS: round(wallS), cpuS: round((cpu.user + cpu.system) / 1e6), speedup: round(simulatedS / wallS), events: r.counters.events,
    eventsPerS: Math.round(r.counters.events / wallS), packets: r.counters.packetsSent,
    peakRssMB: Math.round(peakRss / 1e6), peakHeapMB: Math.round(peakHeap / 1e6),
    bytesPerNode: Math.round((peakRss - rss0) / nodes), historyLines: r.historyLines,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// Bring-up, convergence, steady traffic and teardown of a real Docker cluster
// with LAN parameters, measured through the docker runtime itself (the same
// DockerLab a run uses) and the controller's live view of what nodes say.

import { DockerLab } from '../runtime/docker/lab.js';
import { ensureImplementationImage, ensureNodeImage, entryPoint } from '../runtime/docker/image.js';
import { LiveView } from '../run/live-view.js';
import { sleep, waitUntil } from '../run/sleep.js';
import { deriveSeed } from '../seed.js';
import { newRunId } from '../run/pipeline.js';
import { PRESETS } from '../../nodes/core/params.js';
import type { NodeSpec } from '../runtime/types.js';
import { LabSampler } from './lab-sampler.js';
import type { Figure } from './figures.js';
import { cpuTime, howBusy } from './machine.js';

export interface BringUpOptions {
  /** Seconds of steady gossip to measure traffic and memory over, after convergence (0: none). */
  trafficSeconds?: number;
  /** Give up waiting for convergence after this long. */
  convergeTimeoutMs?: number;
  log?: (m: string) => void;
  /** The implementation under test: the built-in node (default) or Serf, through its adapter. */
  implementation?: 'builtin' | 'serf';
  /** Containers created and started at once (the runtime's default when absent). */
  concurrency?: number;
}

/** The cumulative bytes a node says it sent: the built-in node's `packets`, Serf's UDP datagrams and TCP streams. */
interface SentStats { packets?: { sent: { msgs: number; bytes: number } }; sent?: { udp?: { msgs: number; bytes: number }; tcp?: { msgs: number; bytes: number } } }

export function labSpecs(n: number, seed = 1): NodeSpec[] {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  return ids.map((id) => ({
    id, seeds: ids.slice(0, 3).filter((x) => x !== id), config: { ...PRESETS.lan, preset: 'lan' }, rngSeed: deriveSeed(seed, `node:${id}`),
  }));
}

export async function bringUp(n: number, o: BringUpOptions = {}): Promise<Figure[]> {
  const log = o.log ?? (() => {});
  const impl = o.implementation ?? 'builtin';
  const image = await ensureNodeImage(log);
  const tag = await ensureImplementationImage(image, impl, undefined, log);
  const runId = newRunId();
  const lab = new DockerLab(runId, {
    image: tag, entrypoint: entryPoint(impl), capabilities: { netem: false, tbf: false, clock: false, cpu: false, leave: true }, log,
    ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(process.env.BENCH_BARRIER === '0' ? { holdStart: false } : {}),
    ...(process.env.BENCH_LINE_PIPES === '0' ? { linePipes: false } : {}),
  });
  const live = new LiveView();
  const ids = labSpecs(n).map((s) => s.id);
  const specs = labSpecs(n);
  const lastStats = new Map<string, SentStats>();
  let lines = 0;
  /** Until convergence: each line's wait from the node's write (its `ts`) to here, and the suspicions and deaths printed. */
  const lags: number[] = [];
  let accusations = 0;
  let settled = false;
  const sink = (node: string, line: string, stream: string): void => {
    if (stream !== 'stdout') return;
    lines++;
    try {
      const l = JSON.parse(line) as { type: string; ts?: number; state?: string };
      if (!settled) {
        if (typeof l.ts === 'number') lags.push(Date.now() - l.ts);
        if (l.type === 'member' && (l.state === 'suspect' || l.state === 'dead')) accusations++;
      }
      live.observe(node, l);
      if (l.type === 'stats') lastStats.set(node, l as never);
    } catch { /* a line that is not JSON does not count towards convergence */ }
  };
  const f: Figure[] = [];
  const at = impl === 'builtin' ? `N=${n}` : `N=${n} (${impl})`;
  const load = howBusy().load;
  const cpu0 = cpuTime();
  const t0 = performance.now();
  try {
    await lab.start(specs, sink, new AbortController().signal);
    const started = performance.now();
    const cpu1 = cpuTime();
    const progressTimer = setInterval(() => log(`${at}: ${describeGaps(live.gaps(ids))}`), Number(process.env.BENCH_GAP_EVERY) || 10_000);
    const converged = await waitUntil(() => live.matches(ids), o.convergeTimeoutMs ?? 120_000, undefined, 50).finally(() => clearInterval(progressTimer));
    const conv = performance.now();
    settled = true;
    if (!converged) log(`${at}: not converged: ${describeGaps(live.gaps(ids), true)}`);
    f.push({ name: `bring-up ${at}: containers started`, value: round((started - t0) / 1000), unit: 's', note: `load average ${load} before` });
    f.push(...startCpu(at, n, cpu0, cpu1));
    f.push(converged
      ? { name: `bring-up ${at}: started and converged`, value: round((conv - t0) / 1000), unit: 's', note: 'every node sees every node alive' }
      : { name: `bring-up ${at}: started and converged`, value: NaN, unit: 's', note: `not converged after ${(o.convergeTimeoutMs ?? 120_000) / 1000} s` });
    f.push(...lagFigures(at, lags, accusations));
    log(`${at}: started in ${round((started - t0) / 1000)} s, converged ${converged ? `in ${round((conv - t0) / 1000)} s` : 'NOT'}`);
    if (o.trafficSeconds) f.push(...await steady(runId, n, impl, o.trafficSeconds, lastStats, log));
  } finally {
    const t1 = performance.now();
    const r = await lab.teardown();
    f.push({ name: `bring-up ${at}: torn down`, value: round((performance.now() - t1) / 1000), unit: 's',
      note: `${r.containers} containers, ${r.networks} network${r.leftovers.length ? `; LEFT: ${r.leftovers.join(', ')}` : ''}` });
  }
  f.push({ name: `bring-up ${at}: lines received`, value: lines, unit: 'lines' });
  return f;
}

/** The lines' wait between the node and the controller, and the suspicions printed, from the first start to convergence. */
function lagFigures(at: string, lags: number[], accusations: number): Figure[] {
  const sorted = Float64Array.from(lags).sort();
  const q = (p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN);
  return [
    { name: `bring-up ${at}: line lag p99 until converged`, value: round(q(0.99) / 1000), unit: 's',
      note: `p50 ${round(q(0.5) / 1000)} s, max ${round(q(1) / 1000)} s over ${lags.length} lines; node's write to the controller` },
    { name: `bring-up ${at}: suspicions and deaths printed until converged`, value: accusations, unit: 'lines', note: 'member lines in state suspect or dead, every observer' },
  ];
}

/**
 * CPU time per container started: the whole machine's (what bounds start-up on a
 * small host; other work on the machine counts too) and the engine's share.
 */
function startCpu(at: string, n: number, before: { machine: number; engine: number }, after: { machine: number; engine: number }): Figure[] {
  return [
    { name: `bring-up ${at}: CPU per container start (machine)`, value: round((after.machine - before.machine) / n, 3), unit: 'CPU-s',
      note: 'busy time of every core while starting, divided by the nodes; other work on the machine included' },
    { name: `bring-up ${at}: CPU per container start (dockerd, containerd)`, value: round((after.engine - before.engine) / n, 3), unit: 'CPU-s',
      note: 'their own time and their children\'s (iptables, network set-up); runc, the shims and the node process not included' },
  ];
}

/** Per-node traffic (kernel counters and the node's own) and memory over `seconds` of steady gossip. */
async function steady(runId: string, n: number, impl: 'builtin' | 'serf', seconds: number, lastStats: Map<string, SentStats>,
  log: (m: string) => void): Promise<Figure[]> {
  const sampler = new LabSampler(runId);
  await sampler.discover();
  const own = (): { bytes: number; msgs: number } => {
    let bytes = 0, msgs = 0;
    for (const s of lastStats.values()) {
      for (const c of [s.packets?.sent, s.sent?.udp, s.sent?.tcp]) { bytes += c?.bytes ?? 0; msgs += c?.msgs ?? 0; }
    }
    return { bytes, msgs };
  };
  sampler.markNet();
  const o0 = own(), w0 = performance.now();
  await sleep(seconds * 1000);
  const net = sampler.netSinceMark().perNode, o1 = own(), s = (performance.now() - w0) / 1000;
  const mem = sampler.sample();
  log(`N=${n}${impl === 'builtin' ? '' : ` (${impl})`}: ${seconds} s of steady gossip measured`);
  const per = (x: number): number => round(x / s / n);
  const payloadNote = impl === 'builtin' ? 'the nodes\' own stats counters; seed document: ~4 KB/s' : 'memberlist\'s own telemetry: UDP datagrams and TCP push-pull streams';
  // Serf's figures say "serf" in brackets, so they sit beside the built-in node's in one table.
  const kind = (k: string): string => (impl === 'builtin' ? `(${k})` : `(serf, ${k})`);
  return [
    { name: impl === 'builtin' ? `traffic N=${n}: sent per node (wire)` : `traffic N=${n}: sent per node (serf)`, value: round(net.txBytes), unit: 'B/s',
      note: 'kernel interface counters, IP/UDP/TCP/Ethernet headers included' },
    { name: `traffic N=${n}: packets per node ${kind('wire')}`, value: round(net.txPackets), unit: 'pkt/s' },
    { name: `traffic N=${n}: sent per node ${kind('payload')}`, value: per(o1.bytes - o0.bytes), unit: 'B/s', note: payloadNote },
    { name: `memory N=${n}: per node, anonymous ${kind('median')}`, value: round(mem.anonMiB.p50), unit: 'MiB', note: `max ${round(mem.anonMiB.max)} MiB` },
    { name: `memory N=${n}: per node, cgroup usage ${kind('median')}`, value: round(mem.usageMiB.p50), unit: 'MiB', note: 'page cache included' },
  ];
}

/** Why a cluster has not converged yet: how many views lack a member, by the state they hold it in, and the worst members and observers. */
export function describeGaps(gaps: ReturnType<LiveView['gaps']>, detail = false): string {
  if (gaps.length === 0) return 'every node sees every node alive';
  const count = (key: (g: (typeof gaps)[number]) => string): [string, number][] => {
    const m = new Map<string, number>();
    for (const g of gaps) m.set(key(g), (m.get(key(g)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const list = (xs: [string, number][], k: number): string => xs.slice(0, k).map(([x, c]) => `${x} ${c}`).join(', ');
  const states = count((g) => g.state);
  let s = `${gaps.length} views lack a member alive (${list(states, 4)})`;
  if (detail) {
    const members = count((g) => g.member), observers = count((g) => g.observer);
    s += `; ${members.length} members lacking, most: ${list(members, 8)}; ${observers.length} observers lacking, most: ${list(observers, 8)}`;
  }
  return s;
}

export function round(x: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

// The library functions behind each CLI command. The CLI only parses; tests call
// these directly. Each returns the process exit code: 0 valid, 1 anomaly found,
// 2 harness error or unknown.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { loadScenario, type CliOverrides } from './config/scenario.js';
import { runScenario } from './run/pipeline.js';
import { analyzeRun, type Analysis } from './run/analyze.js';
import { DockerLab } from './runtime/docker/lab.js';
import { requireEngine } from './runtime/docker/engine.js';
import { ensureNodeImage } from './runtime/docker/image.js';
import { probeHost } from './host.js';
import { clean } from './clean.js';
import { ConfigError, HostError } from './errors.js';
import { formatDuration } from './config/duration.js';
import { FAULTS } from '../faults/index.js';
import type { ResolvedScenario } from './config/types.js';
import type { RuntimeCapabilities } from './runtime/types.js';

const err = (m: string): void => { process.stderr.write(m + '\n'); };

export interface RunFlags extends CliOverrides { skipUnsupported?: boolean }

export async function runCommand(scenario: string, flags: RunFlags): Promise<number> {
  const s = loadScenario(scenario, flags);
  const host = await probeHost();
  if (!host.root) throw new HostError('gossiplab run needs root (nsenter and iptables act inside the lab containers). Run it as root.');
  const engine = await requireEngine();
  const image = await ensureNodeImage(err);
  const capabilities = { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup };
  const unsupported = unsupportedFaults(s, capabilities);
  if (unsupported.length && !flags.skipUnsupported) {
    throw new HostError(`this host cannot run ${unsupported.map((u) => `${u.id} (needs ${u.missing.join(', ')})`).join('; ')}. ` +
      'Run it on a host that can (see gossiplab doctor), or pass --skip-unsupported to run the rest and mark these skipped.');
  }
  const t0 = performance.now();
  const stamp = (): string => `[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s]`;
  err(`gossiplab: scenario ${s.name}, ${s.cluster.nodes} nodes (${s.cluster.preset}), seed ${s.seed}, ` +
      `${s.schedule.length} fault(s) over ${formatDuration(s.duration)}`);
  for (const u of unsupported) err(`  ${u.id} will be SKIPPED: this host has no ${u.missing.join(', ')}`);
  const out = await runScenario({
    scenario: s,
    runtime: async (runId) => new DockerLab(runId, { image: image.tag, capabilities, fakedClocks: clockNodes(s) }),
    host: { ...host },
    versions: { node: process.version, docker: engine, image: image.tag },
    log: (m) => err(`${stamp()} ${m}`),
    handleSignals: true,
  });
  printAnalysis(out.analysis);
  err(`run directory: ${relative(process.cwd(), out.dir.dir) || '.'}`);
  if (out.analysis.exitCode !== 0) err(`replay: gossiplab run ${relative(process.cwd(), s.file)} --seed ${s.seed} --nodes ${s.cluster.nodes} --duration ${formatDuration(s.duration)}`);
  return out.interrupted ? 2 : out.analysis.exitCode;
}

/** Faults of the schedule that need a capability the host lacks. */
export function unsupportedFaults(s: ResolvedScenario, caps: RuntimeCapabilities): { id: string; missing: string[] }[] {
  return s.schedule
    .map((f) => ({ id: f.id, missing: (FAULTS[f.kind].needs?.(f.params) ?? []).filter((c) => !caps[c]) }))
    .filter((u) => u.missing.length > 0);
}

/** Nodes whose clock a clock fault touches get libfaketime; those whose rate drifts get fake timers too. */
export function clockNodes(s: ResolvedScenario): { nodes: string[]; monotonic: string[] } {
  const clock = s.schedule.filter((f) => f.kind === 'clock');
  const targets = (fs: typeof clock): string[] => [...new Set(fs.flatMap((f) => FAULTS[f.kind].targets(f.params)))];
  const drifting = clock.filter((f) => f.params.mode === 'drift' || (typeof f.params.rate === 'number' && f.params.rate !== 1));
  return { nodes: targets(clock), monotonic: targets(drifting) };
}

export async function checkCommand(dir: string, boundsFile?: string): Promise<number> {
  let bounds: Record<string, Record<string, number>> | undefined;
  if (boundsFile) {
    const raw = parse(readFileSync(boundsFile, 'utf8')) as unknown;
    if (!raw || typeof raw !== 'object') throw new ConfigError(boundsFile, '', 'a map of checker name to bound values', typeof raw);
    bounds = raw as Record<string, Record<string, number>>;
  }
  const a = await analyzeRun(dir, { bounds });
  printAnalysis(a);
  return a.exitCode;
}

export function printAnalysis(a: Analysis): void {
  const verdict = a.valid === true ? 'VALID' : a.valid === false ? 'ANOMALY' : 'UNKNOWN';
  err('');
  for (const [name, r] of Object.entries(a.results)) {
    const v = r.valid === true ? 'valid  ' : r.valid === false ? 'ANOMALY' : 'unknown';
    const figures = Object.entries(r.metrics)
      .filter(([, x]) => typeof x === 'number' || typeof x === 'string')
      .slice(0, 4).map(([k, x]) => `${k}=${typeof x === 'number' ? +x.toFixed(3) : x}`).join(' ');
    err(`  ${v}  ${name.padEnd(14)} ${figures}${r.error ? ` error: ${r.error}` : ''}`);
    for (const viol of r.violations.slice(0, 3)) err(`           - ${viol.message} (history lines ${viol.lines.join(', ')})`);
    if (r.violations.length > 3) err(`           … ${r.violations.length - 3} more`);
  }
  err(`verdict: ${verdict}   report: ${relative(process.cwd(), a.reportPath)}`);
}

export async function cleanCommand(): Promise<number> {
  await requireEngine();
  const r = await clean();
  const total = r.containers.length + r.networks.length + r.rules.length + r.files.length;
  err(total === 0 ? 'nothing of the lab was left' :
    `removed ${r.containers.length} container(s), ${r.networks.length} network(s), ${r.rules.length} iptables rule(s), ${r.files.length} file(s)`);
  for (const x of [...r.containers, ...r.networks, ...r.rules, ...r.files]) err(`  ${x}`);
  return 0;
}

export async function imageCommand(quiet: boolean): Promise<number> {
  await requireEngine();
  const info = await ensureNodeImage(quiet ? () => {} : err);
  if (!quiet || info.built) err(`node image ${info.tag} ${info.built ? 'built' : 'is up to date'}`);
  return 0;
}

export async function doctorCommand(): Promise<number> {
  const h = await probeHost();
  const yes = (b: unknown): string => (b ? 'yes' : 'NO');
  const rows: [string, string][] = [
    ['root', yes(h.root)], ['docker engine', h.docker ?? 'NO (start dockerd)'], ['kernel', h.kernel],
    ['cores / memory', `${h.cores} / ${h.memoryGiB} GiB`], ['iptables', yes(h.iptables)], ['nsenter', yes(h.nsenter)],
    ['netem (latency, jitter, reorder, duplicate)', h.netem ? 'yes' : 'NO: this kernel has no netem qdisc; those faults cannot run here'],
    ['tbf (bandwidth)', yes(h.tbf)], ['libfaketime', h.libfaketime ?? 'NO (apt-get install libfaketime)'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(44)} ${v}\n`);
  const caps: RuntimeCapabilities = { netem: h.netem, tbf: h.tbf, clock: !!h.libfaketime, cpu: h.cpuCgroup };
  const base = !!h.docker && h.root && h.iptables && h.nsenter;
  process.stdout.write('\nfault kinds:\n');
  for (const [kind, f] of Object.entries(FAULTS)) {
    const missing = (f.needs?.({}) ?? []).filter((c) => !caps[c]);
    const why = !base ? 'cannot run here: needs root, a Docker engine, iptables and nsenter'
      : missing.length ? `cannot run here: no ${missing.join(', ')}` : 'can run';
    process.stdout.write(`  ${kind.padEnd(12)} ${why}\n`);
  }
  return h.docker && h.root ? 0 : 2;
}

export async function serveCommand(root: string, port: number): Promise<number> {
  const { serveStore } = await import('./serve.js');
  const server = await serveStore(root, port);
  const addr = server.address();
  const where = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}/` : String(addr);
  err(`serving ${root} at ${where} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { server.close(); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

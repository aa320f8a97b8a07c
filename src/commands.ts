// The library functions behind each CLI command. The CLI only parses; tests call
// these directly. Each returns the process exit code: 0 valid, 1 anomaly found,
// 2 harness error or unknown.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { loadScenario, type CliOverrides } from './config/scenario.js';
import { analyzeRun, type Analysis } from './run/analyze.js';
import { requireEngine } from './runtime/docker/engine.js';
import { probeHost } from './host.js';
import { prepareDocker, unsupportedMessage } from './run/docker-runner.js';
import { ensureNodeImage } from './runtime/docker/image.js';
import { assertClusterFits } from './runtime/docker/preflight.js';
import { clean } from './clean.js';
import { ConfigError, HostError } from './errors.js';
import { formatDuration } from './config/duration.js';
import { FAULTS } from '../faults/index.js';
import type { RuntimeCapabilities } from './runtime/types.js';
import type { ResolvedScenario } from './config/types.js';

const err = (m: string): void => { process.stderr.write(m + '\n'); };

export interface RunFlags extends CliOverrides { skipUnsupported?: boolean; runtime?: 'docker' | 'sim' }

export async function runCommand(scenario: string, flags: RunFlags): Promise<number> {
  const s = loadScenario(scenario, flags);
  if (flags.runtime === 'sim') {
    if (s.cluster.implementation !== 'builtin') {
      throw new ConfigError(s.file, 'cluster.implementation', 'builtin (the simulator runs the built-in node\'s core only)', JSON.stringify(s.cluster.implementation));
    }
    return simRunCommand(s);
  }
  assertClusterFits(s);
  const docker = await prepareDocker(err);
  const unsupported = docker.unsupported(s);
  if (unsupported.length && !flags.skipUnsupported) throw new HostError(unsupportedMessage(unsupported));
  const t0 = performance.now();
  const stamp = (): string => `[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s]`;
  err(`gossiplab: scenario ${s.name}, ${s.cluster.nodes} ${s.cluster.implementation} nodes (${s.cluster.preset}), seed ${s.seed}, ` +
      `${s.schedule.length} fault(s) over ${formatDuration(s.duration)}`);
  for (const u of unsupported) err(`  ${u.id} will be SKIPPED: ${u.reasons.length ? u.reasons.join('; ') : `this host has no ${u.missing.join(', ')}`}`);
  const out = await docker.run(s, { log: (m) => err(`${stamp()} ${m}`), handleSignals: true });
  printAnalysis(out.analysis);
  err(`run directory: ${relative(process.cwd(), out.dir.dir) || '.'}`);
  if (out.analysis.exitCode !== 0) err(`replay: gossiplab run ${relative(process.cwd(), s.file)} --seed ${s.seed} --nodes ${s.cluster.nodes} --duration ${formatDuration(s.duration)}`);
  return out.interrupted ? 2 : out.analysis.exitCode;
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
  const total = r.containers.length + r.networks.length + r.rules.length + r.files.length + r.sysctls.length;
  err(total === 0 ? 'nothing of the lab was left' :
    `removed ${r.containers.length} container(s), ${r.networks.length} network(s), ${r.rules.length} iptables rule(s), ${r.files.length} file(s)`
    + `${r.sysctls.length ? `, ${r.sysctls.length} neighbour-table change(s)` : ''}`);
  for (const x of [...r.containers, ...r.networks, ...r.rules, ...r.files, ...r.sysctls]) err(`  ${x}`);
  for (const x of r.kept) err(`could not remove ${x}`);
  return r.kept.length ? 2 : 0;
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
    ['cores / memory', `${h.cores} / ${h.memoryGiB} GiB`], ['iptables', yes(h.iptables)], ['nsenter', yes(h.nsenter)], ['ip (iproute2)', yes(h.ip)],
    ['netem (latency, jitter, reorder, duplicate)', h.netem ? 'yes' : 'NO: this kernel has no netem qdisc; those faults cannot run here'],
    ['tbf (bandwidth)', yes(h.tbf)], ['libfaketime', h.libfaketime ?? 'NO (apt-get install libfaketime)'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(44)} ${v}\n`);
  const caps: RuntimeCapabilities = { netem: h.netem, tbf: h.tbf, clock: !!h.libfaketime, cpu: h.cpuCgroup, leave: true };
  const base = !!h.docker && h.root && h.iptables && h.nsenter && h.ip;
  process.stdout.write('\nfault kinds:\n');
  for (const [kind, f] of Object.entries(FAULTS)) {
    const missing = (f.needs?.({}) ?? []).filter((c) => !caps[c]);
    const why = !base ? 'cannot run here: needs root, a Docker engine, iptables, nsenter and ip'
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

export async function campaignCommand(file: string, opts: { resume: boolean; json: boolean; skipUnsupported: boolean }): Promise<number> {
  const { runCampaign } = await import('./campaign/run.js');
  const out = await runCampaign({ file, resume: opts.resume, skipUnsupported: opts.skipUnsupported });
  const s = out.summary;
  const verdict = s.valid === true ? 'VALID' : s.valid === false ? 'ANOMALY' : 'UNKNOWN';
  err(`campaign ${s.name}: ${s.runs.valid} valid, ${s.runs.anomaly} anomaly, ${s.runs.unknown} unknown of ${s.runs.total} runs: ${verdict}`);
  for (const r of s.results.filter((x) => x.valid !== true)) err(`  ${r.valid === false ? 'ANOMALY' : 'unknown'}  ${r.key} (seed ${r.seed}): ${(r.failed ?? []).join(', ')}  ${r.dir}`);
  err(`report: ${relative(process.cwd(), join(out.dir, 'index.html'))}   junit: ${relative(process.cwd(), join(out.dir, 'junit.xml'))}`);
  if (opts.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  return out.exitCode;
}

/** Exit 0 when every claim holds, 1 when one is refuted (a finding), 2 when one is inconclusive. */
export async function claimsCommand(files?: string[]): Promise<number> {
  const { runClaim, printClaim, claimFiles } = await import('./claims/run.js');
  const { loadClaim } = await import('./claims/schema.js');
  const list = files ?? claimFiles();
  const claims = list.map((f) => loadClaim(f)); // every file validates before anything runs
  const docker = claims.some((c) => c.runtime !== 'sim') ? await prepareDocker(err) : undefined;
  const verdicts: string[] = [];
  for (const f of list) {
    err(`claim ${relative(process.cwd(), f)}`);
    const o = await runClaim(f, { ...(docker ? { docker } : {}), log: err });
    printClaim(o, (m) => process.stdout.write(m + '\n'));
    verdicts.push(o.verdict);
  }
  if (list.length > 1) err(`${verdicts.filter((v) => v === 'holds').length} hold, ${verdicts.filter((v) => v === 'refuted').length} refuted, ${verdicts.filter((v) => v === 'inconclusive').length} inconclusive`);
  return verdicts.includes('refuted') ? 1 : verdicts.includes('inconclusive') ? 2 : 0;
}

/** The same scenario in the deterministic simulator: same history format, same checkers, same report. */
async function simRunCommand(s: ResolvedScenario): Promise<number> {
  const { runSimScenario, simReplayCommand } = await import('./sim/index.js');
  err(`gossiplab: scenario ${s.name} in the simulator, ${s.cluster.nodes} nodes (${s.cluster.preset}), seed ${s.seed}`);
  const out = await runSimScenario(s, { log: (m) => err(`  ${m}`), replayHint: false });
  if (out.failure) err(`error: ${out.failure.message}`);
  err(`simulated ${(out.simulatedMs / 1000).toFixed(1)} s in ${(out.wallMs / 1000).toFixed(1)} s of wall time; ${out.historyLines} history lines`);
  if (!out.analysis) return 2;
  printAnalysis(out.analysis);
  err(`run directory: ${relative(process.cwd(), out.dir.dir) || '.'}`);
  if (out.analysis.exitCode !== 0 || out.failure) err(`replay: ${simReplayCommand(s)}`);
  return out.failure ? 2 : out.analysis.exitCode;
}

/** Two stored runs side by side (a Docker run and a simulated run of the same scenario and seed). */
export async function compareCommand(a: string, b: string): Promise<number> {
  const { compareRuns } = await import('./sim/compare.js');
  process.stdout.write(compareRuns(a, b).text + '\n');
  return 0;
}

// One lab run, as a straight pipe: resolved scenario -> runtime.start ->
// nemesis -> heal -> quiesce (views snapshot) -> teardown -> checkers -> report.
// Teardown always runs (normal end, error, SIGINT/SIGTERM); an interrupted run
// still leaves its history and a report, with the verdict `unknown`.

import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { ResolvedScenario } from '../config/types.js';
import { createRunDir, markLatest, writeJson, type RunDir } from '../store.js';
import { Recorder } from '../history/recorder.js';
import { NodeLogs } from '../history/node-logs.js';
import type { ContractLine } from '../history/types.js';
import type { Runtime, NodeSpec } from '../runtime/types.js';
import { createRng, deriveSeed } from '../seed.js';
import { LiveView } from './live-view.js';
import { mapLimit } from '../map-limit.js';
import { Nemesis } from './nemesis.js';
import { sleep, waitUntil } from './sleep.js';
import { analyzeRun, type Analysis } from './analyze.js';
import { ROOT, projectVersion } from '../paths.js';

const CONTRACT_TYPES = new Set(['member', 'removed', 'stats', 'detector', 'update', 'ready']);

export interface RunOptions {
  scenario: ResolvedScenario;
  runtime: (runId: string) => Promise<Runtime>;
  host: Record<string, unknown>;
  versions: Record<string, string>;
  log?: (msg: string) => void;
  storeRoot?: string;
  /** Installs SIGINT/SIGTERM handlers for the duration of the run (the CLI does; tests may not). */
  handleSignals?: boolean;
}

export interface RunOutcome { dir: RunDir; analysis: Analysis; interrupted: boolean; runId: string }

export function newRunId(): string {
  return `${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`;
}

export function replayCommand(s: ResolvedScenario): string {
  const file = s.file.startsWith(ROOT) ? relative(ROOT, s.file) : s.file;
  return `gossiplab run ${file} --seed ${s.seed} --nodes ${s.cluster.nodes} --duration ${s.duration / 1000}s`;
}

export async function runScenario(opts: RunOptions): Promise<RunOutcome> {
  const s = opts.scenario;
  const log = opts.log ?? (() => {});
  const runId = newRunId();
  const dir = createRunDir(s.name, s.seed, opts.storeRoot);
  writeFileSync(join(dir.dir, 'scenario.yaml'), stringify(s));
  writeJson(join(dir.dir, 'schedule.json'), s.schedule);
  const rec = new Recorder(dir.history);
  const ids = Array.from({ length: s.cluster.nodes }, (_, i) => `n${i + 1}`);
  const up = new Set<string>();
  const live = new LiveView();
  const logs = new NodeLogs(dir.nodeLogs);
  const abort = new AbortController();
  let interrupted = false;

  const onSignal = (sig: NodeJS.Signals): void => {
    if (!interrupted) log(`${sig}: stopping the run, healing faults and removing containers…`);
    else log(`${sig}: still cleaning up, please wait`);
    interrupted = true;
    abort.abort();
  };
  if (opts.handleSignals) { process.on('SIGINT', onSignal); process.on('SIGTERM', onSignal); }

  rec.record({
    type: 'run', runId, scenario: s.name, seed: s.seed, runtime: 'docker', implementation: s.cluster.implementation,
    preset: s.cluster.preset, nodes: ids, config: s, versions: { gossiplab: projectVersion(), ...opts.versions },
    host: opts.host, command: replayCommand(s), startedAt: rec.startedAt,
  });

  const sink = (node: string, line: string, stream: 'stdout' | 'stderr'): void => {
    logs.line(node, stream === 'stderr' ? `[stderr] ${line}` : line);
    if (stream !== 'stdout') return;
    let parsed: ContractLine;
    try {
      parsed = JSON.parse(line) as ContractLine;
    } catch {
      rec.record({ type: 'note', level: 'warn', node, message: `not a JSON line: ${line.slice(0, 200)}` });
      return;
    }
    if (!CONTRACT_TYPES.has(parsed?.type)) {
      rec.record({ type: 'note', level: 'warn', node, message: `unknown line type: ${line.slice(0, 200)}` });
      return;
    }
    const { type, ...fields } = parsed;
    rec.record({ type: 'obs', node, obs: type, ...fields } as never);
    live.observe(node, parsed);
  };

  let rt: Runtime | undefined;
  let failure: Error | undefined;
  const phase = (name: 'setup' | 'nemesis' | 'heal' | 'quiesce' | 'teardown' | 'done'): void => {
    rec.record({ type: 'phase', name });
    log(`phase ${name}`);
  };
  let nem: Nemesis | undefined;

  try {
    phase('setup');
    rt = await opts.runtime(runId);
    const specFor = (id: string, seeds: string[]): NodeSpec => ({
      id, seeds, config: { ...s.cluster.params, preset: s.cluster.preset }, rngSeed: deriveSeed(s.seed, `node:${id}`),
    });
    // Every node, n1 too, has seeds, so a restarted node can always find its way back.
    const specs = ids.map((id) => specFor(id, ids.slice(0, 3).filter((x) => x !== id)));
    await rt.start(specs, sink, abort.signal, (a) => {
      rec.record({ type: 'node', node: a.id, event: 'started', addr: a.gossip });
      up.add(a.id);
    }, (node, status) => {
      const message = `${node}'s process ended on its own (exit status ${status}); its last words are in nodes/${node}.log`;
      rec.record({ type: 'note', level: 'error', node, message });
      log(message);
    });
    // Forming takes longer the more nodes there are (a wave of suspicions follows the start of a
    // large cluster on a small host): half a second per node, at least 30 s.
    const formCap = Math.max(30_000, ids.length * 500);
    const formed = await waitUntil(() => live.matches([...up]), formCap, abort.signal);
    if (!formed && !abort.signal.aborted) rec.record({ type: 'note', level: 'warn', message: `the cluster did not form within ${formCap / 1000} s` });
    log(formed ? `cluster of ${ids.length} formed` : 'cluster did not fully form; going on');
    await sleep(s.warmup / 2, abort.signal);
    if (s.cluster.semantics.metadata) {
      await injectUpdate(rt, rec, [...up], s.seed, 'warmup').catch((e: Error) => log(`metadata update failed: ${e.message}`));
    } else {
      rec.record({ type: 'note', level: 'info', message: `no metadata update injected: ${s.cluster.implementation} declares metadata=false` });
    }
    await sleep(s.warmup / 2, abort.signal);

    if (!abort.signal.aborted) {
      phase('nemesis');
      const known = new Set(ids);
      nem = new Nemesis(rt, rec, {
        log,
        onLifecycle: (node, event) => {
          if (event === 'killed' || event === 'left') { up.delete(node); live.reset(node); }
          if (event === 'restarted' || event === 'joined' || event === 'started') { up.add(node); known.add(node); }
        },
        nodes: () => [...known],
        newNode: () => {
          const id = `n${known.size + 1}`;
          known.add(id);
          return specFor(id, [...up].slice(0, 3));
        },
      }, s.seed, abort.signal);
      const t0 = performance.now();
      await nem.run(s.schedule, abort.signal);
      await sleep(s.duration - (performance.now() - t0), abort.signal);
    }
  } catch (e) {
    failure = e as Error;
    rec.record({ type: 'note', level: 'error', message: `run failed: ${failure.message}` });
    log(`error: ${failure.message}`);
  }

  try {
    phase('heal');
    await nem?.healAll();
    if (!failure && !abort.signal.aborted && rt) {
      phase('quiesce');
      // Settled means: every live node sees the live nodes alive, and has reaped the crashed ones
      // (or, for an implementation that declares it never evicts, holds them dead or left).
      const evicts = s.cluster.semantics.evicts;
      const settled = await waitUntil(() => live.matches([...up], evicts), s.quiesce, abort.signal, 250);
      const truth = evicts ? 'crashed nodes reaped everywhere' : 'crashed nodes dead everywhere; it never evicts';
      log(settled ? `views match the truth (${truth})` : `views did not settle within ${s.quiesce / 1000} s`);
      if (settled) await sleep(1000, abort.signal);
      await snapshotViews(rt, [...up], rec);
    }
  } catch (e) {
    failure ??= e as Error;
    rec.record({ type: 'note', level: 'error', message: `heal failed: ${(e as Error).message}` });
  } finally {
    phase('teardown');
    if (rt) {
      const report = await rt.teardown();
      log(`removed ${report.containers} containers, ${report.networks} network(s)`);
      if (report.leftovers.length) rec.record({ type: 'note', level: 'error', message: `left behind: ${report.leftovers.join(', ')}` });
      for (const w of report.warnings ?? []) { rec.record({ type: 'note', level: 'warn', message: w }); log(`warning: ${w}`); }
      for (const n of report.notes ?? []) { rec.record({ type: 'note', level: 'info', message: n }); log(n); }
    }
    if (interrupted) rec.record({ type: 'note', level: 'error', message: 'the run was interrupted' });
    phase('done');
    rec.close();
    logs.close();
    if (opts.handleSignals) { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); }
  }

  const analysis = await analyzeRun(dir.dir, { interrupted: interrupted || !!failure });
  markLatest(dir.dir, opts.storeRoot);
  return { dir, analysis, interrupted, runId };
}

/** A metadata update at one (seeded) node, so every run measures dissemination. */
async function injectUpdate(rt: Runtime, rec: Recorder, up: string[], seed: number, key: string): Promise<void> {
  if (up.length === 0) return;
  const node = createRng(deriveSeed(seed, `update:${key}`)).pick([...up].sort());
  const version = await rt.update(node, key, `v-${seed}`);
  rec.record({ type: 'update', node, key, version });
}

const VIEW_CONCURRENCY = 8;

/**
 * Every live node's view, a few at a time: 200 requests at once made every node
 * busy together (probes missed, suspicions printed) and held the controller's lines for seconds.
 */
async function snapshotViews(rt: Runtime, nodes: string[], rec: Recorder): Promise<void> {
  await mapLimit(nodes, VIEW_CONCURRENCY, async (node) => {
    try {
      const v = await rt.view(node);
      rec.record({ type: 'view', node, self: v.self, members: v.members });
    } catch (e) {
      rec.record({ type: 'view', node, self: node, members: [], error: (e as Error).message });
    }
  });
}

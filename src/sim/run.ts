// `gossiplab run --runtime sim`: the lab's straight pipe (setup -> nemesis -> heal
// -> quiesce -> teardown -> checkers -> report) with every wait in virtual time.
// The history has the docker pipeline's events and layout, `t` in virtual ms, so
// the same checkers and report apply. Same scenario and seed: the same bytes.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ResolvedScenario } from '../config/types.js';
import type { NodeSpec } from '../runtime/types.js';
import { createRunDir, markLatest, runDirPaths, writeJson, type RunDir } from '../store.js';
import { analyzeRun, type Analysis } from '../run/analyze.js';
import { replayCommand } from '../run/pipeline.js';
import { projectVersion } from '../paths.js';
import { deriveSeed } from '../seed.js';
import { SimCluster, type EngineCounters } from './cluster.js';
import { SimHistory } from './history.js';
import { SimNemesis, assertSimulable } from './nemesis.js';
import { SimObserver } from './observe.js';
import { describePlan, planSim, type SimPlan, type SimRunOptions } from './plan.js';
import { SimRuntime } from './runtime.js';
import { drive } from './drive.js';
import { MemberRegistry } from './compact-members.js';
import type { StartMode } from './node-slot.js';
import { controllerScript } from './script.js';

export type { SimRunOptions } from './plan.js';

export interface SimRunResult {
  dir: RunDir;
  /** Undefined when `analyze: false`. */
  analysis: Analysis | undefined;
  runId: string;
  plan: SimPlan;
  counters: EngineCounters;
  /** Virtual ms simulated. */
  simulatedMs: number;
  /** Wall-clock ms the simulation took (never written into the history). */
  wallMs: number;
  historyLines: number;
  failure?: Error;
}

export function simReplayCommand(s: ResolvedScenario): string {
  return replayCommand(s).replace(/^gossiplab run (\S+)/, 'gossiplab run $1 --runtime sim');
}

export async function runSimScenario(s: ResolvedScenario, opts: SimRunOptions = {}): Promise<SimRunResult> {
  assertSimulable(s.schedule);
  const wall0 = performance.now();
  const log = opts.log ?? (() => {});
  const ids = Array.from({ length: s.cluster.nodes }, (_, i) => `n${i + 1}`);
  const plan = planSim(s, ids, opts);
  const runId = `sim-${s.seed.toString(36)}`;
  const dir = freshRunDir(s.name, s.seed, opts.storeRoot);
  writeFileSync(join(dir.dir, 'scenario.yaml'), stringify(s));
  writeJson(join(dir.dir, 'schedule.json'), s.schedule);

  const hist = new SimHistory(dir.history);
  const cluster = new SimCluster({ seed: deriveSeed(s.seed, 'sim:network'), params: s.cluster.params, network: opts.network ?? {} });
  const obs = new SimObserver(hist, plan.sample, () => cluster.now);
  cluster.onObservation = (n, o, t) => obs.observation(n, o, t);
  opts.instrument?.(cluster);
  const registry = new MemberRegistry();
  let everyone: { id: string; addr: string }[] | undefined;
  const firstStart = (spec: NodeSpec): StartMode => {
    if (plan.start === 'join') return { kind: 'cold', seeds: spec.seeds.map((id) => ({ id, addr: cluster.node(id).addr })) };
    if (plan.members === 'compact') return { kind: 'warm-compact', registry, baseCount: ids.length };
    everyone ??= cluster.nodes.slice(0, ids.length).map((n) => ({ id: n.id, addr: n.addr }));
    return { kind: 'warm-exact', members: everyone };
  };
  if (plan.members === 'compact') for (const id of ids) registry.register(id, cluster.slot(id, deriveSeed(s.seed, `node:${id}`)).addr);
  const rt = new SimRuntime(runId, cluster, firstStart);
  const specFor = (id: string, seeds: string[]): NodeSpec => ({
    id, seeds, config: { ...s.cluster.params, preset: s.cluster.preset }, rngSeed: deriveSeed(s.seed, `node:${id}`),
  });

  obs.record({
    type: 'run', runId, scenario: s.name, seed: s.seed, runtime: 'sim', implementation: s.cluster.implementation,
    preset: s.cluster.preset, nodes: obs.observed(ids), config: s,
    versions: { gossiplab: projectVersion(), node: process.versions.node },
    host: { sim: describePlan(plan, ids.length, cluster.net) }, command: simReplayCommand(s),
  });
  if (plan.sample) {
    obs.record({ type: 'note', level: 'info', message: `simulator: ${ids.length} nodes; this history observes ${plan.sample.size} of them `
      + '(a seeded sample holding the update origin and the targets of node faults): lines about other members and links to them are left out' });
  }
  if (plan.start === 'warm') {
    obs.record({ type: 'note', level: 'info', message: `simulator: warm start (${plan.members} member lists): every node begins knowing every member alive at incarnation 0; `
      + 'the simulator writes those initial member lines' });
  }

  const nemesis = new SimNemesis(rt, {
    fault: (f, phase) => obs.fault(f, phase),
    lifecycle: (node, event) => script.lifecycle(node, event),
    note: (level, message) => obs.record({ type: 'note', level, message }),
  }, { nodes: () => script.known(), newNode: () => script.newNode() }, s.seed);
  const script = controllerScript({ s, ids, plan, cluster, rt, obs, nemesis, specFor, log, ...(opts.monitor ? { monitor: opts.monitor } : {}) });

  let failure: Error | undefined;
  try {
    await drive(cluster, () => script.run());
  } catch (e) {
    failure = e as Error;
    obs.record({ type: 'note', level: 'error', message: `simulation failed: ${failure.message}` });
    obs.record({ type: 'phase', name: 'done' });
  }
  hist.close();
  const result: SimRunResult = {
    dir, analysis: undefined, runId, plan, counters: cluster.counters, simulatedMs: cluster.now, wallMs: performance.now() - wall0,
    historyLines: hist.lineCount,
    ...(failure ? { failure } : {}),
  };
  if (opts.analyze === false) return result;
  result.analysis = await analyzeRun(dir.dir, { interrupted: !!failure });
  markLatest(dir.dir, opts.storeRoot);
  const say = opts.log ?? ((m: string): void => { process.stderr.write(`${m}\n`); });
  if (result.analysis.exitCode !== 0 && opts.replayHint !== false) say(`verdict ${String(result.analysis.valid)}; replay with: ${simReplayCommand(s)}`);
  return result;
}

/** A new run directory; simulated runs are fast, so two in one second get -2, -3, ... */
function freshRunDir(name: string, seed: number, root?: string): RunDir {
  const first = createRunDir(name, seed, root);
  if (!existsSync(first.history)) return first;
  for (let k = 2; ; k++) {
    const dir = `${first.dir}-${k}`;
    if (existsSync(dir)) continue;
    mkdirSync(join(dir, 'nodes'), { recursive: true });
    return runDirPaths(dir);
  }
}

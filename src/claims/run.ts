// `gossiplab claim <file>` and `gossiplab claims`: run a claim's arms and
// repetitions, measure, and print holds / refuted / inconclusive with the
// figure, its spread and the number of runs. A claim that does not hold is a
// finding about the implementation, reported as such, not a harness failure.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadClaim, type ClaimFile } from './schema.js';
import { measure } from './measures.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { implementationLabel, resolvePlanned, type PlannedRun } from '../campaign/plan.js';
import { prepareDocker, type DockerRunner } from '../run/docker-runner.js';
import { deriveSeed } from '../seed.js';
import { scenarioPath } from '../config/scenario.js';
import { storeRoot, SCENARIOS_DIR } from '../paths.js';
import { timestamp } from '../store.js';
import { PRESETS } from '../../nodes/core/params.js';
import type { ResolvedScenario } from '../config/types.js';

export interface ClaimOutcome extends Evaluation {
  id: string;
  statement: string;
  source: string;
  note?: string;
  /** What ran, when not only the built-in node (e.g. "serf"). */
  implementation?: string;
  metric: string;
  runs: number;
  dir: string;
}

export function claimFiles(dir = join(SCENARIOS_DIR, 'claims')): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f)) : [];
}

function plannedRuns(c: ClaimFile): PlannedRun[] {
  const file = scenarioPath(c.scenario);
  const arms = Object.entries(c.arms ?? { only: {} });
  return arms.flatMap(([name, arm]) => Array.from({ length: c.repetitions ?? 1 }, (_, i) => {
    const key = `${name}/rep${i + 1}`;
    return {
      key, scenario: c.claim.id, scenarioFile: file, repetition: i + 1, seed: deriveSeed(c.seed, key) % 2 ** 31,
      config: {
        label: name, slug: name, implementation: arm.implementation ?? c.implementation ?? 'builtin', preset: arm.preset ?? 'lan', params: arm.params ?? {},
        ...(arm.nodes ? { nodes: arm.nodes } : {}),
      },
    };
  }));
}

export async function runClaim(file: string, opts: { storeRoot?: string; docker?: DockerRunner; log?: (m: string) => void } = {}): Promise<ClaimOutcome> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const c = loadClaim(file);
  const runs = plannedRuns(c);
  for (const r of runs) resolvePlanned(r);
  const dir = join(opts.storeRoot ?? storeRoot(), 'claims', c.claim.id, timestamp());
  mkdirSync(dir, { recursive: true });
  const impls = [...new Set(runs.map((r) => implementationLabel(r.config.implementation)))];
  const base = { id: c.claim.id, statement: c.claim.statement, source: c.claim.source, metric: c.measure.metric, runs: runs.length, dir,
    ...(c.claim.note ? { note: c.claim.note } : {}), ...(impls.join() !== 'builtin' ? { implementation: impls.join(', ') } : {}) };
  // One run of the claim's scenario, in Docker or in the simulator; returns its run directory.
  const runOne = c.runtime === 'sim'
    ? async (s: ResolvedScenario, storeRoot: string): Promise<string> => {
      const { runSimScenario } = await import('../sim/index.js');
      const out = await runSimScenario(s, { storeRoot });
      if (out.failure) throw out.failure;
      return out.dir.dir;
    }
    : await (async () => {
      const docker = opts.docker ?? (await prepareDocker(log));
      return async (s: ResolvedScenario, storeRoot: string): Promise<string> => {
        const out = await docker.run(s, { storeRoot, log: () => {}, handleSignals: true });
        if (out.interrupted) throw new Error(`claim ${c.claim.id} interrupted`);
        return out.dir.dir;
      };
    })();
  const values: Record<string, (number | null)[]> = {};
  for (const [i, r] of runs.entries()) {
    const s = resolvePlanned(r);
    log(`  [${i + 1}/${runs.length}] ${c.claim.id} ${r.key} seed ${r.seed}${c.runtime === 'sim' ? ' (simulator)' : ''}`);
    const runDir = await runOne(s, join(dir, r.config.slug));
    let v = measure(runDir, c.measure.metric);
    if (v !== null && c.measure.per) v /= (s.cluster.params[c.measure.per] ?? PRESETS.lan[c.measure.per]) / 1000;
    (values[r.config.label] ??= []).push(v);
  }
  const outcome: ClaimOutcome = { ...base, ...evaluate(c, values) };
  writeFileSync(join(dir, 'claim.json'), JSON.stringify(outcome, null, 2) + '\n');
  return outcome;
}

export function printClaim(o: ClaimOutcome, log: (m: string) => void): void {
  const word = o.verdict === 'holds' ? 'HOLDS' : o.verdict === 'refuted' ? 'REFUTED' : 'INCONCLUSIVE';
  log(`${word.padEnd(12)} ${o.id}: ${o.statement}`);
  log(`             source: ${o.source}`);
  if (o.implementation) log(`             against: ${o.implementation}`);
  log(`             measured ${o.metric}: ${o.reason}; ${o.runs} run(s)`);
  for (const [arm, f] of Object.entries(o.arms)) {
    if (Object.keys(o.arms).length > 1 || f.values.length > 1) {
      log(`             ${arm}: ${f.values.map((v) => (v === null ? '—' : String(+v.toPrecision(4)))).join(', ')}${f.sd !== null ? ` (sd ${+f.sd.toPrecision(3)})` : ''}`);
    }
  }
  if (o.note) log(`             note: ${o.note}`);
  log(`             runs: ${relative(process.cwd(), o.dir)}`);
}

// A campaign's plan: every (configuration, scenario, repetition), each with a
// seed derived from the base seed and printed, and a stable key, so an
// interrupted campaign can resume without repeating what finished.

import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { deriveSeed } from '../seed.js';
import { parseScenarioText, resolveScenario, scenarioPath } from '../config/scenario.js';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { CampaignFile } from './schema.js';
import type { ResolvedScenario } from '../config/types.js';
import type { ImplementationChoice } from '../implementations/types.js';

export interface Configuration {
  /** A row of the matrix, e.g. "lan n=5 phiThreshold=8". */
  label: string;
  /** Filesystem-safe form of the label. */
  slug: string;
  /** The named variant this configuration comes from, if any. */
  variant?: string;
  /** True when the variant names its own implementation: an arm of a comparison. */
  arm?: boolean;
  implementation: ImplementationChoice;
  preset: 'lan' | 'wan' | 'local';
  nodes?: number;
  params: Record<string, unknown>;
}

export interface PlannedRun {
  key: string;
  config: Configuration;
  scenario: string;
  scenarioFile: string;
  repetition: number;
  seed: number;
}

export interface Plan { runs: PlannedRun[]; configs: Configuration[]; hash: string }

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

export function configurations(c: CampaignFile): Configuration[] {
  const m = c.matrix ?? {};
  const axes: [string, unknown[]][] = [
    ['implementation', m.implementation ?? ['builtin']],
    ['preset', m.preset ?? ['lan']],
    ['nodes', m.nodes ?? [undefined]],
    ...Object.entries(m.params ?? {}),
  ];
  const variants = Object.entries(m.variants ?? { '': {} });
  const combos = product(axes.map(([, v]) => v));
  return combos.flatMap((values) => variants.map(([variant, { implementation: own, ...vparams }]) => {
    const get = (k: string): unknown => (k === 'implementation' && own !== undefined ? own : values[axes.findIndex(([n]) => n === k)]);
    const params: Record<string, unknown> = { ...vparams };
    axes.slice(3).forEach(([name], i) => { params[name] = values[3 + i]; });
    const parts = [
      variant, m.implementation && m.implementation.length > 1 ? implementationLabel(get('implementation') as ImplementationChoice) : '',
      String(get('preset')), get('nodes') !== undefined ? `n=${get('nodes')}` : '',
      ...axes.slice(3).map(([name], i) => `${name}=${values[3 + i]}`),
    ].filter(Boolean);
    const label = parts.join(' ');
    return {
      label, slug: label.replace(/[^A-Za-z0-9.=-]+/g, '_'), implementation: get('implementation') as ImplementationChoice,
      ...(variant ? { variant } : {}), ...(own !== undefined ? { arm: true } : {}),
      preset: get('preset') as Configuration['preset'], ...(get('nodes') !== undefined ? { nodes: get('nodes') as number } : {}), params,
    };
  }));
}

/** `serf`, or `program:<file name>` for a user's own program. */
export function implementationLabel(c: ImplementationChoice): string {
  return typeof c === 'string' ? c : `program:${basename(c.program)}`;
}

export function planCampaign(c: CampaignFile): Plan {
  const configs = configurations(c);
  const reps = c.repetitions ?? 1;
  const runs: PlannedRun[] = [];
  for (const config of configs) {
    for (const s of c.scenarios) {
      const file = scenarioPath(s);
      const scenario = basename(file, extname(file));
      for (let r = 1; r <= reps; r++) {
        const key = `${config.slug}/${scenario}/rep${r}`;
        const seedKey = c.sharedSeeds ? `${scenario}/rep${r}` : key;
        runs.push({ key, config, scenario, scenarioFile: file, repetition: r, seed: deriveSeed(c.seed, seedKey) % 2 ** 31 });
      }
    }
  }
  const hash = createHash('sha256').update(JSON.stringify({ runs: runs.map((r) => [r.key, r.seed]), bounds: c.bounds ?? {} })).digest('hex').slice(0, 12);
  return { runs, configs, hash };
}

/** The scenario of a planned run, with the configuration's preset, size and parameters applied. */
export function resolvePlanned(run: PlannedRun, campaignBounds: Record<string, Record<string, number>> = {}): ResolvedScenario {
  const text = readFileSync(run.scenarioFile, 'utf8');
  const file = parseScenarioText(text, run.scenarioFile);
  const cluster = { ...file.cluster, implementation: run.config.implementation, preset: run.config.preset,
    params: { ...(file.cluster?.params ?? {}), ...run.config.params } } as NonNullable<typeof file.cluster>;
  if (run.config.nodes !== undefined) cluster.nodes = run.config.nodes;
  try {
    const s = resolveScenario({ ...file, cluster, bounds: { ...(file.bounds ?? {}), ...campaignBounds } }, run.scenarioFile, { seed: run.seed });
    return { ...s, name: run.scenario };
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.file, e.field, `${e.expected} (in configuration "${run.config.label}")`, e.found);
    throw e;
  }
}

/** Resolve every planned run up front: an impossible combination fails before anything starts. */
export function checkPlan(plan: Plan, bounds?: Record<string, Record<string, number>>): void {
  for (const r of plan.runs) resolvePlanned(r, bounds);
}

// One place turns a scenario file into a ResolvedScenario: parse YAML, validate
// (errors name the file, the field path, what was expected and what was found),
// apply defaults and the seeded nemesis choices. Nothing is started before this
// has succeeded.

import { readFileSync, existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { resolveParams, type ProtocolParams } from '../../nodes/core/params.js';
import { ConfigError } from '../errors.js';
import { freshSeed } from '../seed.js';
import { SCENARIOS_DIR } from '../paths.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';
import { parseYaml } from './yaml-file.js';
import { resolveNemesis } from './nemesis.js';
import type { ResolvedScenario } from './types.js';
import { resolveImplementation } from '../implementations/resolve.js';

export { issueToError } from './issues.js';

export interface CliOverrides { nodes?: number; seed?: number; duration?: number }

/** `default` or a bare name means scenarios/<name>.yaml; anything else is a path. */
export function scenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return nameOrPath;
  const shipped = join(SCENARIOS_DIR, nameOrPath.endsWith('.yaml') ? nameOrPath : `${nameOrPath}.yaml`);
  if (existsSync(shipped)) return shipped;
  throw new ConfigError(nameOrPath, '', 'a scenario file path or the name of a shipped scenario', 'no such file');
}

export function loadScenario(nameOrPath: string, cli: CliOverrides = {}): ResolvedScenario {
  const file = scenarioPath(nameOrPath);
  const text = readFileSync(file, 'utf8');
  return resolveScenario(parseScenarioText(text, file), file, cli);
}

export function parseScenarioText(text: string, file: string): ScenarioFile {
  return parseYaml(text, file, scenarioSchema);
}

export function resolveScenario(s: ScenarioFile, file: string, cli: CliOverrides = {}): ResolvedScenario {
  const name = s.name ?? basename(file, extname(file));
  const seed = cli.seed ?? s.seed ?? freshSeed();
  const n = cli.nodes ?? s.cluster?.nodes ?? 5;
  const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const preset = s.cluster?.preset ?? 'lan';
  const params = resolveParams(preset, (s.cluster?.params ?? {}) as Partial<ProtocolParams>);
  const duration = cli.duration ?? s.duration ?? 40_000;
  const impl = resolveImplementation(s.cluster?.implementation, { file, field: 'cluster.implementation' }, preset, params);

  return {
    name, file, seed,
    ...(s.description ? { description: s.description } : {}),
    cluster: { nodes: n, ...impl, preset, params },
    warmup: s.warmup ?? 3_000,
    duration,
    quiesce: s.quiesce ?? 40_000,
    schedule: resolveNemesis(s.nemesis, { file, nodes, duration, seed }),
    bounds: s.bounds ?? {},
  };
}

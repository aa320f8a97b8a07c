// One place turns a scenario file into a ResolvedScenario: parse YAML, validate
// (errors name the file, the field path, what was expected and what was found),
// apply defaults and the seeded nemesis choices. Nothing is started before this
// has succeeded.

import { readFileSync, existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { resolveParams, type ProtocolParams } from '../../nodes/core/params.js';
import { ConfigError, describe } from '../errors.js';
import { createRng, deriveSeed, freshSeed } from '../seed.js';
import { FAULTS } from '../../faults/index.js';
import { SCENARIOS_DIR } from '../paths.js';
import { parseDuration } from './duration.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';
import type { ResolvedScenario, ScheduledFault } from './types.js';

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
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}` : '';
    throw new ConfigError(file, where, 'valid YAML', e.message.split('\n')[0]!);
  }
  const raw = doc.toJS() ?? {};
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw issueToError(file, raw, parsed.error.issues[0]!);
  return parsed.data;
}

export function issueToError(file: string, raw: unknown, issue: z.core.$ZodIssue): ConfigError {
  const path = issue.path.map(String);
  const at = (p: string[]): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), raw);
  const found = at(path);
  const field = path.join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return new ConfigError(file, [field, issue.keys[0]].filter(Boolean).join('.'), 'a known field (see scenarios/README.md)', `unknown field "${issue.keys[0]}"`);
    case 'invalid_type':
      return new ConfigError(file, field, `a ${issue.expected}`, describe(found));
    case 'too_small':
      return new ConfigError(file, field, `${issue.origin === 'array' ? 'at least' : 'a value of at least'} ${issue.minimum}`, describe(found));
    case 'too_big':
      return new ConfigError(file, field, `at most ${issue.maximum}`, describe(found));
    case 'invalid_value':
      return new ConfigError(file, field, `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, describe(found));
    case 'invalid_union':
      if (issue.discriminator === 'kind' || path.at(-1) === 'kind') {
        const kindPath = path.at(-1) === 'kind' ? path : [...path, 'kind'];
        return new ConfigError(file, kindPath.join('.'), `one of ${Object.keys(FAULTS).join(', ')}`, describe(at(kindPath)));
      }
      return new ConfigError(file, field, issue.message, describe(found));
    default:
      return new ConfigError(file, field, issue.message.replace(/^Invalid (input|string): /i, ''), describe(found));
  }
}

export function resolveScenario(s: ScenarioFile, file: string, cli: CliOverrides = {}): ResolvedScenario {
  const name = s.name ?? basename(file, extname(file));
  const seed = cli.seed ?? s.seed ?? freshSeed();
  const n = cli.nodes ?? s.cluster?.nodes ?? 5;
  const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const preset = s.cluster?.preset ?? 'lan';
  const params = resolveParams(preset, (s.cluster?.params ?? {}) as Partial<ProtocolParams>);
  const duration = cli.duration ?? parseDuration(s.duration ?? '40s');
  const rng = createRng(deriveSeed(seed, 'nemesis'));

  const schedule: ScheduledFault[] = (s.nemesis ?? []).map((entry, i) => {
    const at = parseDuration(entry.at);
    const len = entry.duration === undefined ? 0 : parseDuration(entry.duration);
    const field = `nemesis.${i}`;
    if (at >= duration) throw new ConfigError(file, `${field}.at`, `a time before the end of the nemesis phase (${duration} ms)`, describe(entry.at));
    if ('node' in entry && entry.node && entry.node !== 'random' && !nodes.includes(entry.node)) {
      throw new ConfigError(file, `${field}.node`, `a node of this ${n}-node cluster (n1..n${n})`, describe(entry.node));
    }
    if (entry.kind === 'partition' && n < 2) throw new ConfigError(file, field, 'a cluster of at least 2 nodes for a partition', `${n} node`);
    const kind = FAULTS[entry.kind];
    return { id: `f${i + 1}-${entry.kind}`, kind: entry.kind, at, duration: len, params: kind.resolve(entry, nodes, rng) };
  });

  return {
    name, file, seed,
    cluster: { nodes: n, implementation: 'builtin', preset, params },
    warmup: parseDuration(s.warmup ?? '3s'),
    duration,
    quiesce: parseDuration(s.quiesce ?? '40s'),
    schedule,
    bounds: s.bounds ?? {},
  };
}

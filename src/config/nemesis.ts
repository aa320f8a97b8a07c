// Resolves `nemesis:` into the concrete schedule: listed entries (ids f1, f2, ...)
// and generated ones (g1, g2, ...), each flap expanded into its windows. Entries
// are resolved in time order, so random choices skip nodes an earlier fault took
// away for good. Listed entries, generated timings and generated choices each
// draw from their own rng, derived from the run seed by name, so changing one
// never shifts the others. Errors name the entry's field path.

import { FAULTS, FaultParamError } from '../../faults/index.js';
import { expandFlap } from '../../faults/flap.js';
import { generateSchedule } from '../../faults/schedule.js';
import { ConfigError, describe } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../seed.js';
import { formatDuration } from './duration.js';
import type { FaultTemplateFile, GenerateFile, NemesisFile } from './schema.js';
import type { FaultKindName, ScheduledFault } from './types.js';

export interface NemesisScope { file: string; nodes: readonly string[]; duration: number; seed: number }

export const GENERATE_DEFAULTS = { every: 10_000, quiet: 5_000, start: 0, duty: 0.5 } as const;

/** One entry placed in time, before resolution. */
interface Placed { at: number; entry: FaultTemplateFile; base: string; path: string; rng: Rng }

export function resolveNemesis(nemesis: NemesisFile | undefined, scope: NemesisScope): ScheduledFault[] {
  if (!nemesis) return [];
  const listed = Array.isArray(nemesis) ? nemesis : nemesis.fixed ?? [];
  const prefix = Array.isArray(nemesis) ? 'nemesis' : 'nemesis.fixed';
  const rng = createRng(deriveSeed(scope.seed, 'nemesis'));
  const placed: Placed[] = listed.map((entry, i) => {
    const path = `${prefix}.${i}`;
    if (entry.at >= scope.duration) {
      throw new ConfigError(scope.file, `${path}.at`, `a time before the end of the nemesis phase (${formatDuration(scope.duration)})`, formatDuration(entry.at));
    }
    return { at: entry.at, entry, base: `f${i + 1}`, path, rng };
  });
  if (!Array.isArray(nemesis)) placed.push(...generated(nemesis.generate, scope));
  const gone = new Set<string>();
  return stableByTime(placed).flatMap((p) => resolveEntry(p, scope, gone));
}

function generated(g: GenerateFile, scope: NemesisScope): Placed[] {
  const until = g.until ?? scope.duration;
  if (until > scope.duration) {
    throw new ConfigError(scope.file, 'nemesis.generate.until', `at most the nemesis phase (${formatDuration(scope.duration)})`, formatDuration(until));
  }
  const start = g.start ?? GENERATE_DEFAULTS.start;
  if (start >= until) throw new ConfigError(scope.file, 'nemesis.generate.start', `a time before ${formatDuration(until)}`, formatDuration(start));
  // A flap counts as its inner kind, so a flapping pause never overlaps another pause.
  const templates = g.faults.map((t) => ({ kind: t.kind === 'flap' ? String((t.fault as FaultTemplateFile).kind) : t.kind, length: lengthOf(t, scope.nodes) }));
  const plan = generateSchedule({
    mode: g.mode, templates, until, start, every: g.every ?? GENERATE_DEFAULTS.every, quiet: g.quiet ?? GENERATE_DEFAULTS.quiet,
  }, createRng(deriveSeed(scope.seed, 'nemesis:generate')));
  const rng = createRng(deriveSeed(scope.seed, 'nemesis:generate:choices'));
  return plan.map((p, j) => ({ at: p.at, entry: g.faults[p.template]!, base: `g${j + 1}`, path: `nemesis.generate.faults.${p.template}`, rng }));
}

function stableByTime<T extends { at: number }>(xs: readonly T[]): T[] {
  return xs.map((x, i) => ({ x, i })).sort((a, b) => a.x.at - b.x.at || a.i - b.i).map(({ x }) => x);
}

/** How long an entry's fault lasts: its `duration`, or its kind's natural length. */
function lengthOf(entry: FaultTemplateFile, nodes: readonly string[]): number {
  if (entry.duration !== undefined) return entry.duration;
  return entry.kind === 'flap' ? 0 : FAULTS[entry.kind].defaultDuration?.(entry, nodes) ?? 0;
}

/** The scheduled faults of one placed entry; adds the nodes it takes away for good to `gone`. */
function resolveEntry(p: Placed, scope: NemesisScope, gone: Set<string>): ScheduledFault[] {
  const { entry, at } = p;
  const duration = lengthOf(entry, scope.nodes);
  if (entry.kind !== 'flap') {
    const params = resolveParams(entry.kind, entry, p.path, p.rng, scope, gone);
    for (const n of FAULTS[entry.kind].removes?.(params) ?? []) gone.add(n);
    return [{ id: `${p.base}-${entry.kind}`, kind: entry.kind, at, duration, params }];
  }
  const inner = entry.fault as FaultTemplateFile & { kind: FaultKindName };
  const params = resolveParams(inner.kind, inner, `${p.path}.fault`, p.rng, scope, gone);
  const timing = { at, duration, period: entry.period as number, duty: (entry.duty as number | undefined) ?? GENERATE_DEFAULTS.duty };
  return expandFlap(p.base, timing, { kind: inner.kind, params });
}

function resolveParams(kind: FaultKindName, entry: FaultTemplateFile, path: string, rng: Rng, scope: NemesisScope, gone: ReadonlySet<string>): Record<string, unknown> {
  try {
    return FAULTS[kind].resolve(entry, scope.nodes, rng, gone);
  } catch (e) {
    if (!(e instanceof FaultParamError)) throw e;
    throw new ConfigError(scope.file, [path, e.field].filter(Boolean).join('.'), e.expected, e.foundText ?? describe(e.found));
  }
}

// A claim file: a sentence from a paper turned into an experiment. It names the
// statement and its source, the scenario that tests it (with arms to compare,
// if any), what to measure, and what the measurement must satisfy.

import { z } from 'zod';
import { paramsSchema } from '../config/schema.js';
import { implementationSchema } from '../implementations/resolve.js';
import { loadYaml } from '../config/yaml-file.js';
import { ConfigError, describe } from '../errors.js';
import { scenarioPath } from '../config/scenario.js';

const arm = z.strictObject({
  /** The implementation this arm runs (default: the claim's). */
  implementation: implementationSchema.optional(),
  params: paramsSchema.optional(),
  nodes: z.number().int().min(1).max(100_000).optional(),
  preset: z.enum(['lan', 'wan', 'local']).optional(),
});

export const claimSchema = z.strictObject({
  claim: z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    statement: z.string(),
    source: z.string(),
    /** How this experiment departs from the claim's setting (sizes, shortened timeouts), stated in every verdict. */
    note: z.string().optional(),
  }),
  scenario: z.string(),
  /** The implementation under test (default builtin); an arm may name its own. */
  implementation: implementationSchema.optional(),
  /** Which runtime the claim needs (the simulator, for sizes Docker cannot hold here). */
  runtime: z.enum(['docker', 'sim']).optional(),
  seed: z.number().int().nonnegative(),
  repetitions: z.number().int().min(1).max(200).optional(),
  /** One or more arms: settings applied on top of the scenario. One arm when absent. */
  arms: z.record(z.string(), arm).optional(),
  measure: z.strictObject({
    /** `checker.metric` from results.json, or a history measure (see measures.ts). */
    metric: z.string().regex(/^[a-z-]+\.[A-Za-z]+$/),
    /** Divide by this protocol parameter (ms → s), e.g. probeInterval. */
    per: z.enum(['probeInterval', 'gossipInterval']).optional(),
  }),
  expect: z.union([
    z.strictObject({ within: z.tuple([z.number(), z.number()]) }),
    z.strictObject({ atMost: z.number() }),
    z.strictObject({ atLeast: z.number() }),
    z.strictObject({ never: z.literal(true) }),
    z.strictObject({ ratio: z.strictObject({ arm: z.string(), to: z.string(), atMost: z.number().optional(), within: z.tuple([z.number(), z.number()]).optional() }) }),
  ]),
});

export type ClaimFile = z.infer<typeof claimSchema>;

export function loadClaim(file: string): ClaimFile {
  const c = loadYaml(file, claimSchema, 'claim');
  try {
    scenarioPath(c.scenario);
  } catch {
    throw new ConfigError(file, 'scenario', 'a scenario file or the name of a shipped scenario', describe(c.scenario));
  }
  const impls = [c.implementation, ...Object.values(c.arms ?? {}).map((a) => a.implementation)].filter((i) => i !== undefined && i !== 'builtin');
  if (c.runtime === 'sim' && impls.length) {
    throw new ConfigError(file, 'runtime', 'docker (the simulator runs only the built-in node)', `sim with implementation ${describe(impls[0])}`);
  }
  if ('ratio' in c.expect) {
    for (const k of ['arm', 'to'] as const) {
      const name = c.expect.ratio[k];
      if (!c.arms?.[name]) throw new ConfigError(file, `expect.ratio.${k}`, `one of the arms (${Object.keys(c.arms ?? {}).join(', ') || 'none defined'})`, describe(name));
    }
  }
  return c;
}

// The campaign file: a matrix of configurations run against a list of scenarios,
// with repetitions and a base seed. Validated before any run starts; errors name
// the file, the field path, what was expected and what was found.

import { z } from 'zod';
import { paramsSchema } from '../config/schema.js';
import { implementationSchema } from '../implementations/resolve.js';
import { issueToError } from '../config/issues.js';
import { loadYaml } from '../config/yaml-file.js';
import { ConfigError, describe } from '../errors.js';
import { scenarioPath } from '../config/scenario.js';
import { PARAM_NAMES } from '../../nodes/core/params.js';

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1);

export const campaignSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
  description: z.string().optional(),
  seed: z.number().int().nonnegative(),
  repetitions: z.number().int().min(1).max(1000).optional(),
  /**
   * Every configuration runs a given scenario and repetition with the same seed,
   * so all of them face the same fault schedule (a paired comparison). By
   * default each run derives a seed of its own.
   */
  sharedSeeds: z.boolean().optional(),
  scenarios: list(z.string()),
  matrix: z.strictObject({
    implementation: list(implementationSchema).optional(),
    preset: list(z.enum(['lan', 'wan', 'local'])).optional(),
    nodes: list(z.number().int().min(1).max(1000)).optional(),
    /** Each parameter with the values to sweep; the matrix is their cartesian product. */
    params: z.record(z.string(), list(z.union([z.number(), z.boolean(), z.string()]))).optional(),
    /**
     * Named parameter sets (e.g. swim vs lifeguard), multiplied with the rest. A
     * variant may name its own implementation: it is then an arm of a comparison
     * (serf, or the built-in node with its parameters), and `implementation:`
     * is not a matrix axis.
     */
    variants: z.record(z.string(), paramsSchema.extend({ implementation: implementationSchema.optional() })).optional(),
  }).optional(),
  /** Bound overrides applied to every run (seconds, as in scenarios). */
  bounds: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});

export type CampaignFile = z.infer<typeof campaignSchema>;

export function loadCampaign(file: string): CampaignFile {
  const c = loadYaml(file, campaignSchema, 'campaign');
  // Parameter names and values are checked against the protocol's own schema.
  for (const [name, values] of Object.entries(c.matrix?.params ?? {})) {
    if (!(PARAM_NAMES as string[]).includes(name)) {
      throw new ConfigError(file, `matrix.params.${name}`, `a protocol parameter (${PARAM_NAMES.slice(0, 6).join(', ')}, …)`, `unknown parameter "${name}"`);
    }
    values.forEach((v, i) => {
      const r = paramsSchema.safeParse({ [name]: v });
      if (!r.success) throw issueToError(file, { matrix: { params: { [name]: values } } }, { ...r.error.issues[0]!, path: ['matrix', 'params', name, i] });
    });
  }
  const armed = Object.entries(c.matrix?.variants ?? {}).find(([, v]) => v.implementation !== undefined);
  if (armed && c.matrix?.implementation) {
    throw new ConfigError(file, 'matrix.implementation', `no implementation axis when a variant names its own implementation (variant "${armed[0]}" does)`,
      describe(c.matrix.implementation));
  }
  c.scenarios.forEach((s, i) => {
    try {
      scenarioPath(s);
    } catch {
      throw new ConfigError(file, `scenarios.${i}`, 'a scenario file or the name of a shipped scenario', describe(s));
    }
  });
  return c;
}

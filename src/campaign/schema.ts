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
  scenarios: list(z.string()),
  matrix: z.strictObject({
    implementation: list(implementationSchema).optional(),
    preset: list(z.enum(['lan', 'wan', 'local'])).optional(),
    nodes: list(z.number().int().min(1).max(1000)).optional(),
    /** Each parameter with the values to sweep; the matrix is their cartesian product. */
    params: z.record(z.string(), list(z.union([z.number(), z.boolean(), z.string()]))).optional(),
    /** Named parameter sets (e.g. swim vs lifeguard), multiplied with the rest. */
    variants: z.record(z.string(), paramsSchema).optional(),
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
  c.scenarios.forEach((s, i) => {
    try {
      scenarioPath(s);
    } catch {
      throw new ConfigError(file, `scenarios.${i}`, 'a scenario file or the name of a shipped scenario', describe(s));
    }
  });
  return c;
}

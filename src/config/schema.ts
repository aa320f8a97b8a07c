// The scenario file schema (zod). Unknown fields are errors, so a typo in a
// parameter name never silently runs the default. Kept apart from resolution,
// which applies defaults and seeded choices once.

import { z } from 'zod';
import { PRESETS, type ProtocolParams } from '../../nodes/core/params.js';
import { DURATION_PATTERN } from './duration.js';

export const duration = z.union([
  z.number().nonnegative(),
  z.string().regex(DURATION_PATTERN, 'a duration such as 500ms, 5s, 2m'),
]);

const ENUM_PARAMS: Partial<Record<keyof ProtocolParams, readonly [string, ...string[]]>> = {
  detector: ['swim', 'phi'],
  phiModel: ['normal', 'exponential'],
};

/** A strict object schema with one optional field per protocol parameter, typed like the preset's value. */
export const paramsSchema = z.strictObject(
  Object.fromEntries(
    (Object.entries(PRESETS.lan) as [keyof ProtocolParams, unknown][]).map(([k, v]) => {
      const e = ENUM_PARAMS[k];
      const s = e ? z.enum(e) : typeof v === 'boolean' ? z.boolean() : z.number().nonnegative();
      return [k, s.optional()];
    }),
  ) as unknown as Record<keyof ProtocolParams, z.ZodOptional<z.ZodType>>,
);

const node = z.string().regex(/^n[1-9]\d*$/, 'a node id such as n3');

const crashEntry = z.strictObject({
  kind: z.literal('crash'),
  at: duration,
  node: z.union([node, z.literal('random')]).optional(),
  /** Restart the node after `duration`. */
  restart: z.boolean().optional(),
  duration: duration.optional(),
});

const partitionEntry = z.strictObject({
  kind: z.literal('partition'),
  at: duration,
  duration,
  shape: z.enum(['halves', 'random-halves', 'isolate']).optional(),
  node: node.optional(),
});

export const faultEntry = z.discriminatedUnion('kind', [crashEntry, partitionEntry]);

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore').optional(),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().optional(),
  cluster: z.strictObject({
    nodes: z.number().int().min(1).max(1000).optional(),
    implementation: z.literal('builtin').optional(),
    preset: z.enum(['lan', 'wan', 'local']).optional(),
    params: paramsSchema.optional(),
  }).optional(),
  warmup: duration.optional(),
  duration: duration.optional(),
  quiesce: duration.optional(),
  nemesis: z.array(faultEntry).optional(),
  bounds: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;

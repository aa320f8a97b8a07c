// The scenario file schema (zod). Unknown fields are errors, so a typo in a
// parameter name never silently runs the default. Kept apart from resolution,
// which applies defaults and seeded choices once. Durations come out in ms.

import { z } from 'zod';
import { PRESETS, type ProtocolParams } from '../../nodes/core/params.js';
import { GENERATE_MODES } from '../../faults/schedule.js';
import { duration, positiveDuration } from './schema-fields.js';
import { faultEntry, faultTemplate } from './fault-schema.js';
import { implementationSchema } from '../implementations/resolve.js';

export { duration } from './schema-fields.js';
export { faultEntry, faultTemplate, ENTRY_KINDS, type FaultEntryFile, type FaultTemplateFile } from './fault-schema.js';

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

/** A generated schedule: which templates, in which pattern, between `start` and `until`. */
export const generateSchema = z.strictObject({
  mode: z.enum(GENERATE_MODES),
  faults: z.array(faultTemplate).min(1),
  every: positiveDuration.optional(),
  quiet: duration.optional(),
  start: duration.optional(),
  until: positiveDuration.optional(),
});

/** `nemesis:` is a list of timed entries, or a generated schedule plus optional fixed entries. */
export const nemesisSchema = z.union([
  z.array(faultEntry),
  z.strictObject({ generate: generateSchema, fixed: z.array(faultEntry).optional() }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore').optional(),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().optional(),
  cluster: z.strictObject({
    nodes: z.number().int().min(1).max(100_000).optional(),
    implementation: implementationSchema.optional(),
    preset: z.enum(['lan', 'wan', 'local']).optional(),
    params: paramsSchema.optional(),
  }).optional(),
  warmup: duration.optional(),
  duration: duration.optional(),
  quiesce: duration.optional(),
  nemesis: nemesisSchema.optional(),
  bounds: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type GenerateFile = z.infer<typeof generateSchema>;
export type NemesisFile = z.infer<typeof nemesisSchema>;

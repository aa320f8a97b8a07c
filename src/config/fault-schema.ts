// The schema of one nemesis entry, per kind (zod, strict: a misspelt parameter
// is an error, never a silent default). Each kind is declared once and built in
// three variants: a listed entry (with `at`), a template for generated schedules
// (no `at`), and a flap's inner fault (no `at`, no `duration`: the flap times it).

import { z } from 'zod';
import { SIDE_SHAPES, GRUDGE_SHAPES } from '../../faults/partition-shapes.js';
import { CLOCK_MODES } from '../../faults/clock.js';
import type { EntryKindName, FaultKindName } from './types.js';
import {
  duration, exclusive, fieldsForMode, fraction, nodeId, nodeOrRandom, oneNodeFields, percent, positiveDuration,
  probability, rate, signedDuration, targetFields,
} from './schema-fields.js';

type Refinement = z.core.$RefinementCtx<Record<string, unknown>>;

interface KindSpec {
  fields: z.ZodRawShape;
  /** Whether a listed entry or a template must say how long the fault lasts. */
  duration: 'required' | 'optional';
  check?: (v: Record<string, unknown>, ctx: Refinement) => void;
}

const KINDS: Readonly<Record<FaultKindName, KindSpec>> = {
  partition: {
    fields: {
      shape: z.enum([...SIDE_SHAPES, ...GRUDGE_SHAPES]).optional(),
      node: nodeOrRandom.optional(),
      grudge: z.record(nodeId, z.array(nodeId).min(1)).optional(),
      from: z.array(nodeId).min(1).optional(),
      to: z.array(nodeId).min(1).optional(),
    },
    duration: 'required',
    check: (v, ctx) => fieldsForMode(v, ctx, 'shape', String(v.shape ?? 'halves'), {
      halves: {}, 'random-halves': {}, isolate: { may: ['node'] }, 'majorities-ring': {}, bridge: { may: ['node'] },
      grudge: { need: ['grudge'] }, 'one-way': { need: ['from', 'to'] },
    }),
  },
  loss: {
    fields: { ...targetFields, p: probability, links: z.array(z.tuple([nodeId, nodeId])).min(1).optional() },
    duration: 'required',
    check: (v, ctx) => {
      exclusive(v, ctx, ['links', 'node', 'nodes', 'count']);
      ((v.links ?? []) as [string, string][]).forEach(([a, b], i) => {
        if (a === b) ctx.addIssue({ code: 'custom', path: ['links', i, 1], message: `a node other than ${a} (a link joins two nodes)` });
      });
    },
  },
  delay: {
    fields: { ...oneNodeFields, delay: positiveDuration, jitter: duration.optional(), correlation: z.number().min(0).max(100).optional() },
    duration: 'required',
  },
  duplicate: { fields: { ...oneNodeFields, percent }, duration: 'required' },
  reorder: { fields: { ...oneNodeFields, percent, delay: positiveDuration.optional() }, duration: 'required' },
  bandwidth: { fields: { ...oneNodeFields, rate }, duration: 'required' },
  clock: {
    fields: {
      ...targetFields, mode: z.enum(CLOCK_MODES), by: signedDuration.optional(), a: signedDuration.optional(),
      b: signedDuration.optional(), period: positiveDuration.optional(), rate: z.number().positive().optional(),
    },
    duration: 'required',
    check: (v, ctx) => fieldsForMode(v, ctx, 'mode', String(v.mode), {
      offset: { need: ['by'] }, strobe: { need: ['a', 'b', 'period'] }, drift: { need: ['rate'] }, reset: {},
    }),
  },
  pause: { fields: { ...targetFields }, duration: 'required' },
  slow: {
    // `lag` (the simulator only) replaces the pause cycle: every datagram is read that late on average.
    fields: { ...targetFields, period: positiveDuration.optional(), duty: fraction.optional(), lag: positiveDuration.optional() },
    duration: 'required',
    check: (v, ctx) => {
      for (const k of ['period', 'duty']) {
        if (v.lag !== undefined && v[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `no ${k} with lag (lag replaces the pause cycle)` });
      }
    },
  },
  crash: { fields: { ...targetFields, restart: z.boolean().optional() }, duration: 'optional' },
  leave: { fields: { ...targetFields, rejoin: z.boolean().optional() }, duration: 'optional' },
  cpu: { fields: { ...targetFields, cpus: z.number().gt(0).max(1024) }, duration: 'required' },
  churn: {
    fields: { rate: z.number().positive(), remove: z.enum(['leave', 'kill']).optional(), keep: z.array(nodeId).min(1).optional() },
    duration: 'required',
  },
  restart: {
    fields: { ...targetFields, mode: z.enum(['mass', 'rolling']), down: positiveDuration.optional(), gap: duration.optional() },
    duration: 'optional',
    check: (v, ctx) => fieldsForMode(v, ctx, 'mode', String(v.mode), { mass: {}, rolling: { may: ['gap'] } }),
  },
};

type Variant = 'entry' | 'template' | 'inner';

function build(kind: EntryKindName, spec: KindSpec, variant: Variant): z.ZodType {
  const shape: Record<string, z.ZodType> = {
    kind: z.literal(kind), ...spec.fields,
    ...(variant === 'entry' ? { at: duration } : {}),
    ...(variant === 'inner' ? {} : { duration: spec.duration === 'required' ? duration : duration.optional() }),
  };
  return z.strictObject(shape).superRefine((v: Record<string, unknown>, ctx) => {
    if ('count' in spec.fields) exclusive(v, ctx, ['node', 'nodes', 'count']);
    spec.check?.(v, ctx);
  });
}

function union(kinds: readonly [EntryKindName, KindSpec][], variant: Variant): z.ZodType {
  const options = kinds.map(([k, s]) => build(k, s, variant));
  return z.discriminatedUnion('kind', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
}

const runtimeKinds = Object.entries(KINDS) as [FaultKindName, KindSpec][];

/** A flap's inner fault restarts or rejoins what it took down, or the flap would only flap once. */
const flap: KindSpec = {
  fields: { fault: union(runtimeKinds, 'inner'), period: positiveDuration, duty: fraction.optional() },
  duration: 'required',
  check: (v, ctx) => {
    const inner = v.fault as Record<string, unknown> | undefined;
    const back = inner?.kind === 'crash' ? 'restart' : inner?.kind === 'leave' ? 'rejoin' : undefined;
    if (back && inner?.[back] !== true) {
      ctx.addIssue({ code: 'custom', path: ['fault', back], message: `true (a flapping ${String(inner?.kind)} must come back each cycle)` });
    }
  },
};

const entryKinds: [EntryKindName, KindSpec][] = [...runtimeKinds, ['flap', flap]];

/** An entry as a fault module's `resolve` receives it: durations in ms, rates in kbit/s. */
export type FaultTemplateFile = { kind: EntryKindName; duration?: number } & Record<string, unknown>;
export type FaultEntryFile = FaultTemplateFile & { at: number };

export const ENTRY_KINDS: readonly EntryKindName[] = entryKinds.map(([k]) => k);
export const faultEntry = union(entryKinds, 'entry') as unknown as z.ZodType<FaultEntryFile>;
export const faultTemplate = union(entryKinds, 'template') as unknown as z.ZodType<FaultTemplateFile>;

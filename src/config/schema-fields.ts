// Field schemas shared by scenario entries: durations (to ms), signed offsets,
// rates (to kbit/s), node ids, probabilities, and the node selection every
// per-node fault takes. Values are converted here, once, so fault modules only
// ever see numbers; error messages say what a good value looks like.

import { z } from 'zod';
import { DURATION_PATTERN, SIGNED_DURATION_PATTERN, parseDuration, parseSignedDuration } from './duration.js';
import { RATE_PATTERN, parseRate } from './rate.js';

/** A duration, in ms once parsed: 1500 or "1.5s". */
export const duration = z.union([
  z.number().nonnegative(),
  z.string().regex(DURATION_PATTERN, 'a duration such as 500ms, 5s, 2m'),
]).transform(parseDuration);

export const positiveDuration = duration.pipe(z.number().positive());

/** A clock offset, in ms once parsed: "+1h", "-30s", or a number. */
export const signedDuration = z.union([
  z.number(),
  z.string().regex(SIGNED_DURATION_PATTERN, 'a signed duration such as +1h, -30s, 250ms'),
]).transform(parseSignedDuration);

/** A bandwidth, in kbit/s once parsed: "256kbit", "1mbit", or a number of kbit/s. */
export const rate = z.union([
  z.number().positive(),
  z.string().regex(RATE_PATTERN, 'a rate such as 256kbit, 1mbit'),
]).transform(parseRate).pipe(z.number().positive());

export const nodeId = z.string().regex(/^n[1-9]\d*$/, 'a node id such as n3');
export const nodeOrRandom = z.string().regex(/^(n[1-9]\d*|random)$/, 'a node id such as n3, or random');

/** A probability in (0, 1]. */
export const probability = z.number().gt(0).max(1);
/** A fraction of a period, in (0, 1). */
export const fraction = z.number().gt(0).lt(1);
/** A percentage in (0, 100]. */
export const percent = z.number().gt(0).max(100);

/** Which nodes a per-node fault acts on: one of these, or none for the kind's default. */
export const targetFields = {
  node: nodeOrRandom.optional(),
  nodes: z.array(nodeId).min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** One node only (shaping faults: the runtime shapes one node per fault). */
export const oneNodeFields = { node: nodeOrRandom.optional() };

type Refinement = z.core.$RefinementCtx<Record<string, unknown>>;

/** Report a field that must not be combined with another, at that field. */
export function exclusive(v: Record<string, unknown>, ctx: Refinement, keys: readonly string[]): void {
  const given = keys.filter((k) => v[k] !== undefined);
  if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1]!], message: `only one of ${keys.join(', ')} (${given[0]} is given too)` });
}

/** Per mode (a partition shape, a clock mode): the fields it needs and the ones it may take. */
export type ModeRules = Readonly<Record<string, { need?: readonly string[]; may?: readonly string[] }>>;

/** Report a field the mode needs but is missing, or one that only other modes use. */
export function fieldsForMode(v: Record<string, unknown>, ctx: Refinement, modeKey: string, mode: string, rules: ModeRules): void {
  const need = rules[mode]?.need ?? [];
  const mine = new Set([...need, ...(rules[mode]?.may ?? [])]);
  for (const k of need) {
    if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `a value for ${k} (${modeKey} ${mode} needs it)` });
  }
  const all = new Set(Object.values(rules).flatMap((r) => [...(r.need ?? []), ...(r.may ?? [])]));
  for (const k of all) {
    if (v[k] !== undefined && !mine.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: `no ${k} with ${modeKey} ${mode} (only ${modesUsing(rules, k)})` });
  }
}

function modesUsing(rules: ModeRules, key: string): string {
  return Object.entries(rules).filter(([, r]) => [...(r.need ?? []), ...(r.may ?? [])].includes(key)).map(([m]) => m).join(', ');
}

// What the implementation under test declares it does, from the run event's
// `config.cluster.implementation` and `config.cluster.semantics`. An absent
// field means true: the built-in node does all of these. A checker leaves a part
// that the declaration makes inapplicable unjudged, says so in a note, and marks
// it `applicable: false` in its metrics, so no design choice reads as an anomaly.

import { FULL_SEMANTICS, type Semantics as Declared } from '../src/implementations/types.js';

/** The declaration, with the name of the implementation that made it. */
export interface Semantics extends Declared {
  implementation: string;
}

export type Capability = keyof Declared;

const CAPABILITIES = Object.keys(FULL_SEMANTICS) as Capability[];

export const BUILTIN: Semantics = { implementation: 'builtin', ...FULL_SEMANTICS };

/** The declared semantics in a run event's config; anything not a boolean false counts as true. */
export function semanticsOf(config: unknown): Semantics {
  const cluster = record(record(config)?.['cluster']);
  const declared = record(cluster?.['semantics']) ?? {};
  const impl = cluster?.['implementation'];
  const out: Semantics = { ...BUILTIN, implementation: typeof impl === 'string' && impl !== '' ? impl : 'builtin' };
  for (const c of CAPABILITIES) out[c] = declared[c] !== false;
  return out;
}

/** "not evicted, by design: redis-cluster declares evicts=false" */
export function byDesign(s: Semantics, capability: Capability, what: string): string {
  return `${what}, by design: ${s.implementation} declares ${capability}=false`;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

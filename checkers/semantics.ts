// What the implementation under test declares it does, from the run event's
// `config.cluster.implementation` and `config.cluster.semantics`. An absent
// field means true: the built-in node does all of these. A checker leaves a part
// that the declaration makes inapplicable unjudged, says so in a note, and marks
// it `applicable: false` in its metrics, so no design choice reads as an anomaly.

export interface Semantics {
  implementation: string;
  /** Reports a suspect state before dead. */
  suspect: boolean;
  /** Removes dead members from its own view by itself (`removed` lines). */
  evicts: boolean;
  /** Member lines carry meaningful incarnation numbers. */
  incarnations: boolean;
  /** A wrongly suspected member refutes (raises its incarnation). */
  refutes: boolean;
  /** POST /update disseminates metadata. */
  metadata: boolean;
  /** POST /leave is a graceful leave. */
  leave: boolean;
  /** Prints `stats` lines. */
  stats: boolean;
  /** Prints `detector` lines. */
  detector: boolean;
}

export type Capability = Exclude<keyof Semantics, 'implementation'>;

const CAPABILITIES: readonly Capability[] = ['suspect', 'evicts', 'incarnations', 'refutes', 'metadata', 'leave', 'stats', 'detector'];

export const BUILTIN: Semantics = {
  implementation: 'builtin', suspect: true, evicts: true, incarnations: true, refutes: true,
  metadata: true, leave: true, stats: true, detector: true,
};

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

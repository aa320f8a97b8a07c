// The implementations a lab can put under test, and what each declares about
// itself. The declaration (`Semantics`) travels in the history's `run` event at
// config.cluster.semantics, so the checkers judge only what an implementation
// claims to do; a missing field means true (the built-in node does everything).

export const IMPLEMENTATION_NAMES = ['builtin', 'serf', 'redis-cluster', 'program'] as const;
export type ImplementationName = (typeof IMPLEMENTATION_NAMES)[number];

/** Implementations shipped with the lab, selectable by name in scenarios and campaigns. */
export const SHIPPED_IMPLEMENTATIONS = ['builtin', 'serf', 'redis-cluster'] as const;
export type ShippedImplementation = (typeof SHIPPED_IMPLEMENTATIONS)[number];

export interface Semantics {
  /** Reports a suspect state before dead. */
  suspect: boolean;
  /** Removes dead members from its own view by itself (`removed` lines). */
  evicts: boolean;
  /** `member` lines carry meaningful incarnation numbers. */
  incarnations: boolean;
  /** A wrongly suspected member refutes (raises its incarnation). */
  refutes: boolean;
  /** POST /update disseminates metadata (and `update` lines report it). */
  metadata: boolean;
  /** POST /leave is a graceful leave. */
  leave: boolean;
  /** Prints `stats` lines. */
  stats: boolean;
  /** Prints `detector` lines. */
  detector: boolean;
}

export const FULL_SEMANTICS: Readonly<Semantics> = Object.freeze({
  suspect: true, evicts: true, incarnations: true, refutes: true, metadata: true, leave: true, stats: true, detector: true,
});

/**
 * A user's own executable that speaks the node contract directly. Paths are
 * absolute host paths once resolved; in the image each file sits at its host path.
 */
export interface ProgramSpec {
  program: string;
  files: string[];
  args: string[];
}

/** `cluster.implementation` as a scenario file or campaign matrix gives it, before resolution. */
export type ImplementationChoice = ShippedImplementation | { program: string; files?: string[]; args?: string[] };

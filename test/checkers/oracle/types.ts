// The checker result shape and the checker signature. A checker is a pure
// function of the history (with its derived ground truth) and bounds; it never
// does I/O. Violations cite 1-based history line numbers.

import type { HistoryEvent } from '../../../src/history/types.js';
import type { Truth } from './truth.js';

export type Validity = true | false | 'unknown';

export interface Violation {
  message: string;
  /** 1-based line numbers in history.jsonl that prove the violation. */
  lines: number[];
  member?: string;
  observer?: string;
  /** Controller time (ms) the violation refers to. */
  t?: number;
}

/** A bound a verdict was judged against, and where its value came from. */
export interface Bound { value: number; unit: string; source: string }

export interface CheckerResult {
  valid: Validity;
  metrics: Record<string, unknown>;
  violations: Violation[];
  bounds: Record<string, Bound>;
  /** Set when the checker threw: the result is then `unknown`. */
  error?: string;
}

export interface CheckContext {
  /** The history; events[i] is line i+1 of history.jsonl. */
  events: readonly HistoryEvent[];
  truth: Truth;
  /** Bound overrides from the scenario, by checker name then bound name. */
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface Checker {
  name: string;
  check(ctx: CheckContext): CheckerResult;
}

/** All checker results of one run, composed: `false` outranks `unknown`, which outranks `true`. */
export interface CheckReport {
  valid: Validity;
  /** By checker name, in registry order. */
  results: Record<string, CheckerResult>;
}

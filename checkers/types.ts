// The checker result shape and the checker contract. A checker is pure: it is
// opened once per history with the ground truth and bounds, fed every event it
// asked for exactly once, in history order, and then asked for its result. Its
// state is bounded by nodes², faults, crashes and updates, never by the number
// of events, so a history of any length is checked in bounded memory.
// Violations cite 1-based history line numbers.

import type { HistoryEvent } from '../src/history/types.js';
import type { RunInfo } from './run-meta.js';
import type { Semantics } from './semantics.js';
import type { Totals } from './load-series.js';
import type { Numbered } from './timeline.js';
import type { Truth } from './truth.js';
import type { Step, ViewState } from './view-stream.js';

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
  /** Plain sentences shown next to the checker, e.g. a part not judged because of the implementation's semantics. */
  notes?: string[];
}

/** The classes of history lines a checker can ask for (see line-kind.ts). */
export type LineKind = 'member' | 'stats' | 'detector' | 'update-obs' | 'node' | 'view';

export interface CheckContext {
  truth: Truth;
  /** The `run` event, read once; throws (with the reason) when the history has none. */
  run(): RunInfo;
  /** What the implementation under test declares it does (absent fields: true). */
  semantics: Semantics;
  /** The controller's events (run, node, fault, phase, update) with their line numbers, in history order. */
  timeline: readonly Numbered[];
  /** Every observer's current view, as the steps fed so far left it. */
  views: {
    stateOf(observer: string, member: string): ViewState;
    membersOf(observer: string): string[];
    pairOf(observer: string, member: string): number | undefined;
  };
  /** Bound overrides from the scenario, by checker name then bound name. */
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** One checker's state over one history. */
export interface CheckerRun {
  /** Line kinds this run wants as events (steps of members' views are always offered to `step`). */
  wants?: readonly LineKind[];
  event?(e: HistoryEvent, line: number): void;
  /** When present, `stats` lines are handed over summed instead of as events (`ts`: the node's own clock, NaN if absent). */
  stats?(node: string, t: number, ts: number, line: number, totals: Totals): void;
  /** One change of one observer's view of one member (view-stream.ts). */
  step?(s: Step): void;
  finish(): CheckerResult;
  /** How many entries (map entries, list items) its state holds now: bounded by nodes², faults, crashes and updates. */
  size?(): number;
}

export interface Checker {
  name: string;
  open(ctx: CheckContext): CheckerRun;
}

/** All checker results of one run, composed: `false` outranks `unknown`, which outranks `true`. */
export interface CheckReport {
  valid: Validity;
  /** By checker name, in registry order. */
  results: Record<string, CheckerResult>;
}

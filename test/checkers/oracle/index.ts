// The checker registry and the one entry point the controller calls:
// history -> truth -> every checker (each check-safe) -> composed results.
// Bound overrides come from the run's scenario (`config.bounds`) unless the
// caller passes its own; per bound, the caller's value wins.

import type { HistoryEvent } from '../../../src/history/types.js';
import { checkSafe, composeValidity, unknownResult } from './compose.js';
import { convergence } from './convergence.js';
import { detection } from './detection.js';
import { dissemination } from './dissemination.js';
import { eviction } from './eviction.js';
import { falsePositives } from './false-positives.js';
import { flapping } from './flapping.js';
import { incarnation } from './incarnation.js';
import { load } from './load.js';
import { buildTruth, type Truth } from './truth.js';
import type { Checker, CheckReport, CheckerResult, Validity } from './types.js';

export const CHECKERS: readonly Checker[] = [
  eviction, convergence, falsePositives, detection, dissemination, incarnation, flapping, load,
];

export type Overrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

export function runCheckers(
  events: readonly HistoryEvent[],
  overrides: Overrides = {},
  checkers: readonly Checker[] = CHECKERS,
): CheckReport {
  let truth: Truth;
  try {
    truth = buildTruth(events);
  } catch (e) {
    const failed = unknownResult(e);
    failed.error = `ground truth could not be derived: ${failed.error}`;
    return { valid: 'unknown', results: Object.fromEntries(checkers.map((c) => [c.name, { ...failed }])) };
  }
  const ctx = { events, truth, overrides: mergeOverrides(scenarioBounds(events), overrides) };
  const results: Record<string, CheckerResult> = {};
  for (const c of checkers) results[c.name] = checkSafe(c, ctx);
  return { valid: composeValidity(Object.values(results).map((r) => r.valid)), results };
}

/** The DESIGN exit codes: 0 valid, 1 anomaly, 2 unknown (or harness failure). */
export function exitCodeFor(valid: Validity): 0 | 1 | 2 {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

function scenarioBounds(events: readonly HistoryEvent[]): Overrides {
  const run = events.find((e) => e.type === 'run');
  const bounds = run?.type === 'run' && typeof run.config === 'object' && run.config !== null
    ? (run.config as { bounds?: unknown }).bounds : undefined;
  return typeof bounds === 'object' && bounds !== null ? (bounds as Overrides) : {};
}

function mergeOverrides(a: Overrides, b: Overrides): Overrides {
  const out: Record<string, Record<string, number>> = {};
  for (const src of [a, b]) for (const [k, v] of Object.entries(src)) out[k] = { ...out[k], ...v };
  return out;
}

export { buildTruth } from './truth.js';
export type { Truth } from './truth.js';
export type { CheckReport, CheckerResult, Checker, Violation, Bound, Validity } from './types.js';

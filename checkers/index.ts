// The checker registry and the entry points the controller calls. Checking is
// streamed (stream.ts): `runCheckers` feeds an in-memory history through the
// same two passes that `gossiplab check` feeds a file through, line by line.
// Bound overrides come from the run's scenario (`config.bounds`) unless the
// caller passes its own; per bound, the caller's value wins.

import type { HistoryEvent } from '../src/history/types.js';
import { convergence } from './convergence.js';
import { detection } from './detection.js';
import { dissemination } from './dissemination.js';
import { eviction } from './eviction.js';
import { falsePositives } from './false-positives.js';
import { flapping } from './flapping.js';
import { incarnation } from './incarnation.js';
import { load } from './load.js';
import { checkEvents, type Overrides } from './stream.js';
import type { Checker, CheckReport, Validity } from './types.js';

export const CHECKERS: readonly Checker[] = [
  eviction, convergence, falsePositives, detection, dissemination, incarnation, flapping, load,
];

export type { Overrides } from './stream.js';

export function runCheckers(
  events: readonly HistoryEvent[],
  overrides: Overrides = {},
  checkers: readonly Checker[] = CHECKERS,
): CheckReport {
  return checkEvents(events, overrides, checkers);
}

/** The DESIGN exit codes: 0 valid, 1 anomaly, 2 unknown (or harness failure). */
export function exitCodeFor(valid: Validity): 0 | 1 | 2 {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

export { CheckPass, TruthPass, type Prepared } from './stream.js';
export { buildTruth } from './truth.js';
export type { Truth } from './truth.js';
export type { CheckReport, CheckerResult, Checker, CheckerRun, Violation, Bound, Validity } from './types.js';

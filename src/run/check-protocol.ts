// What the reader thread (check-reader.ts) and the checking thread
// (check-history.ts) exchange: messages on a port, and counters in shared memory
// that each side waits on, so that neither needs its event loop to turn.

import type { Batch } from '../../checkers/line-batch.js';
import type { CheckerResult } from '../../checkers/types.js';

/** Indexes of the shared Int32Array. */
export const POSTED = 0; // messages the reader posted
export const TAKEN = 1; // messages the checking side took
export const WANTS = 2; // 1 once the checking side has posted its Wants
export const STOP = 3; // 1: the checking side needs nothing more
export const DONE = 4; // 1: the reader has finished, one way or another
export const READER_WAITED = 5; // ms the reader spent waiting for room in the queue or for the checking side
export const BEAT = 6; // counts up while the reader runs (at most every 200 ms while it waits, every batch while it reads)
export const FLAGS = 7;

/** The checking side gives up on a reader that shows no sign of life for this long (it died, e.g. out of memory). */
export const SILENCE_MS = 60_000;

/**
 * Batches that may wait, read but not yet checked (each BATCH_LINES lines, about
 * 0.9 MiB of numbers, plus the text of the few lines sent as text): about 45 MiB,
 * some 800,000 lines, so that the reader keeps going while the checking thread
 * runs pass 1.
 */
export const QUEUE = 48;

export type ReaderMessage =
  | { type: 'batch'; batch: Batch }
  | { type: 'results'; results: Record<string, CheckerResult> }
  | { type: 'end' }
  | { type: 'error'; message: string; code?: string };

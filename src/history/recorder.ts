// The append-only history writer. Each event is stamped with controller time
// (monotonic ms since run start) and written with one synchronous append, so a
// crash of the controller loses nothing it had already received, and line
// numbers are final the moment a line is out.

import { closeSync, openSync, writeSync } from 'node:fs';
import { HistoryIndexer } from './index-file.js';
import type { HistoryEvent } from './types.js';

type Unstamped<E> = E extends { t: number } ? Omit<E, 't'> : never;
export type NewEvent = Unstamped<HistoryEvent>;

export class Recorder {
  private fd: number | undefined;
  private readonly t0 = performance.now();
  /** Wall clock (ms since the epoch) at t = 0. */
  readonly startedAt = Date.now();
  private lines = 0;
  private readonly index: HistoryIndexer;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    this.index = new HistoryIndexer(this.fd);
  }

  /** Milliseconds since the run started, on the controller's monotonic clock. */
  now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  /** Append an event; returns its 1-based line number. */
  record(event: NewEvent): number {
    if (this.fd === undefined) return -1;
    const t = this.now();
    const line = JSON.stringify({ t, ...event }) + '\n';
    this.index.add(line, event.type, t, writeSync(this.fd, line));
    return ++this.lines;
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Closes the history and writes its index (index-file.ts) beside it. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    this.index.write(this.path);
  }
}

// The simulator's history writer: the same events and field order as the docker
// pipeline's Recorder (docs/history.md), but `t` is virtual ms (to the µs) and
// lines are buffered and appended in large writes. Nothing here reads a clock, so
// the same run writes the same bytes.

import { closeSync, openSync, writeSync } from 'node:fs';
import { HistoryIndexer } from '../history/index-file.js';
import type { NewEvent } from '../history/recorder.js';

const FLUSH_BYTES = 1 << 20;

export class SimHistory {
  private fd: number | undefined;
  private buf: string[] = [];
  private bytes = 0;
  private count = 0;
  private readonly index: HistoryIndexer;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    this.index = new HistoryIndexer(this.fd);
  }

  /** Append an event stamped with virtual time t; returns its 1-based line number. */
  record(t: number, event: NewEvent): number {
    if (this.fd === undefined) return -1;
    const at = Math.round(t * 1000) / 1000;
    const line = JSON.stringify({ t: at, ...event }) + '\n';
    this.buf.push(line);
    this.index.add(line, event.type, at);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    return ++this.count;
  }

  get lineCount(): number {
    return this.count;
  }

  flush(): void {
    if (this.fd === undefined || this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.bytes = 0;
  }

  /** Writes what is buffered, closes the history and writes its index (index-file.ts) beside it. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    this.index.write(this.path);
  }
}

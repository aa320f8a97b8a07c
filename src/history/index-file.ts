// The history's index, `history.index.json`, written beside `history.jsonl` by
// the lab's own writers when they close it: the line count, the latest `t`, and
// where each controller line (run, node, fault, phase, update: what ground truth
// is derived from) lies in the file. With it, a check skips its first pass over
// the whole file and reads those few lines alone; without it, or when it no
// longer matches the file (another size or modification time, a line not where
// it says), the check reads the file twice as before, with the same result.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Prepared } from '../../checkers/stream.js';
import { isTimeline, isTimelineType, type Numbered } from '../../checkers/timeline.js';
import type { HistoryEvent } from './types.js';

export const INDEX_FORMAT = 'gossiplab-history-index/1';

export interface HistoryIndexFile {
  format: string;
  /** The history's size and modification time when the index was written. */
  bytes: number;
  mtimeMs: number;
  lines: number;
  endT: number;
  /** Per controller line: its line number, byte offset and length (newline included), flat. */
  timeline: number[];
  /** sha256 of those lines' bytes, in order: an edit to one that kept the file's size and time is seen. */
  sha256: string;
}

export function indexPathOf(history: string): string {
  return join(dirname(history), 'history.index.json');
}

/** Builds the index as a writer appends lines to a history that was empty when it began. */
export class HistoryIndexer {
  private offset = 0;
  private lines = 0;
  private endT = 0;
  private readonly timeline: number[] = [];
  private readonly hash: Hash = createHash('sha256');
  private readonly usable: boolean;

  /** `fd`: the history, opened for appending; an index is kept only if it is empty now. */
  constructor(fd: number) {
    this.usable = fstatSync(fd).size === 0;
  }

  /** A line just appended: its text with the newline, its event's type and `t`, and its length in bytes when the writer knows it. */
  add(text: string, type: string, t: number, length = Buffer.byteLength(text)): void {
    this.lines++;
    if (t > this.endT) this.endT = t;
    if (isTimelineType(type)) {
      this.timeline.push(this.lines, this.offset, length);
      this.hash.update(text);
    }
    this.offset += length;
  }

  /** Writes the index once the history is closed; a failure leaves no index (the check then reads the file twice). */
  write(history: string): void {
    if (!this.usable) return;
    const path = indexPathOf(history);
    const tmp = `${path}.tmp`;
    try {
      const st = statSync(history);
      if (st.size !== this.offset) return;
      const index: HistoryIndexFile = { format: INDEX_FORMAT, bytes: st.size, mtimeMs: st.mtimeMs, lines: this.lines, endT: this.endT, timeline: this.timeline, sha256: this.hash.digest('hex') };
      writeFileSync(tmp, JSON.stringify(index));
      renameSync(tmp, path);
    } catch {
      // An index is an aid, never needed; a half-written one is not left behind.
      rmSync(tmp, { force: true });
    }
  }
}

/**
 * What pass 1 would give (the controller lines, parsed, the line count and the
 * latest `t`), from the index of `history` if it has one that still describes
 * the file; undefined otherwise.
 */
export function readHistoryIndex(history: string): Prepared | undefined {
  const path = indexPathOf(history);
  if (!existsSync(path)) return undefined;
  let index: HistoryIndexFile;
  try {
    index = JSON.parse(readFileSync(path, 'utf8')) as HistoryIndexFile;
  } catch {
    return undefined;
  }
  if (index.format !== INDEX_FORMAT || !Array.isArray(index.timeline) || index.timeline.length % 3 !== 0) return undefined;
  if (!Number.isInteger(index.lines) || index.lines < 0 || !Number.isFinite(index.endT)) return undefined;
  const fd = openSync(history, 'r');
  try {
    const st = fstatSync(fd);
    if (st.size !== index.bytes || st.mtimeMs !== index.mtimeMs) return undefined;
    const timeline: Numbered[] = [];
    const hash = createHash('sha256');
    const buf = Buffer.alloc(1);
    let lastLine = 0;
    for (let k = 0; k < index.timeline.length; k += 3) {
      const [line, offset, length] = [index.timeline[k]!, index.timeline[k + 1]!, index.timeline[k + 2]!];
      if (!(line > lastLine && line <= index.lines && offset >= 0 && length > 1 && offset + length <= st.size)) return undefined;
      lastLine = line;
      // The line starts the file or follows a newline, and ends with one.
      if (offset > 0 && (readSync(fd, buf, 0, 1, offset - 1) !== 1 || buf[0] !== 10)) return undefined;
      const bytes = Buffer.allocUnsafe(length);
      if (readSync(fd, bytes, 0, length, offset) !== length || bytes[length - 1] !== 10) return undefined;
      hash.update(bytes);
      let e: HistoryEvent;
      try {
        e = JSON.parse(bytes.toString('utf8', 0, length - 1)) as HistoryEvent;
      } catch {
        return undefined;
      }
      if (typeof e !== 'object' || e === null || !isTimeline(e) || typeof e.t !== 'number' || e.t > index.endT) return undefined;
      timeline.push({ e, line });
    }
    if (hash.digest('hex') !== index.sha256) return undefined;
    return { timeline, lines: index.lines, endT: index.endT };
  } finally {
    closeSync(fd);
  }
}

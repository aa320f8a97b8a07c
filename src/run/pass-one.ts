// Pass 1 of a check: the history's timeline (its controller lines), line count
// and latest `t`, from which ground truth is derived before any checker runs.
// Read from the history's index when it has one that still matches the file
// (src/history/index-file.ts), else from every line of the file.

import { TruthPass, type Prepared } from '../../checkers/stream.js';
import { readHistoryIndex } from '../history/index-file.js';
import { forEachLineBytes, type LinesRead } from '../history/lines.js';

export interface PassOne { prepared: Prepared; read: LinesRead; indexed: boolean }

/** `sample` is called every 65,536 lines read; `index: false` reads the whole file even when an index is there. */
export function passOne(path: string, opts: { sample?: () => void; index?: boolean } = {}): PassOne {
  const indexed = opts.index === false ? undefined : readHistoryIndex(path);
  if (indexed) return { prepared: indexed, read: { lines: indexed.lines, tornTail: false }, indexed: true };
  const p1 = new TruthPass();
  const { sample } = opts;
  let seen = 0;
  const read = forEachLineBytes(path, (buf, from, to) => {
    p1.bytes(buf, from, to);
    if (sample && (++seen & 0xffff) === 0) sample();
  });
  return { prepared: p1.finish(), read, indexed: false };
}

// Reads history.jsonl line by line in fixed-size chunks, never holding the whole
// file, and hands each line over as a byte range of the chunk (no string is made
// unless the caller makes one). The last line is held back until the end: if it
// does not parse, it is a torn tail (the controller died mid-write) and is
// reported, not delivered, just as readHistory does.

import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface LinesRead { lines: number; tornTail: boolean }

/** `fn` gets the line's bytes buf[from, to), newline excluded; they are valid only during the call. */
export type LineBytes = (buf: Buffer, from: number, to: number) => void;

export function forEachLineBytes(path: string, fn: LineBytes): LinesRead {
  const fd = openSync(path, 'r');
  let buf = Buffer.allocUnsafe(CHUNK);
  let lines = 0;
  let filled = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
      // A line is delivered once some byte follows its newline: the one that ends
      // the data so far may be the file's last line, and is kept for the end.
      let from = 0;
      for (let nl = buf.indexOf(NEWLINE, 0); nl >= 0 && nl < filled - 1; nl = buf.indexOf(NEWLINE, from)) {
        fn(buf, from, nl);
        lines++;
        from = nl + 1;
      }
      if (from === 0 && filled === buf.length) {
        // One line longer than the buffer: grow it and read on.
        buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
        continue;
      }
      buf.copy(buf, 0, from, filled);
      filled -= from;
    }
  } finally {
    closeSync(fd);
  }
  if (filled === 0) return { lines, tornTail: false };
  const end = buf[filled - 1] === NEWLINE ? filled - 1 : filled;
  if (!parses(buf.toString('utf8', 0, end))) return { lines, tornTail: true };
  fn(buf, 0, end);
  return { lines: lines + 1, tornTail: false };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

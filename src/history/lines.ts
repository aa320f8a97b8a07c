// Reads history.jsonl line by line in fixed-size chunks, never holding the whole
// file. The last line is held back until the end: if it does not parse, it is a
// torn tail (the controller died mid-write) and is reported, not delivered, just
// as readHistory does.

import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface LinesRead { lines: number; tornTail: boolean }

export function forEachLine(path: string, fn: (text: string) => void): LinesRead {
  const fd = openSync(path, 'r');
  let buf = Buffer.allocUnsafe(CHUNK);
  let held: string | undefined;
  let lines = 0;
  let carry = 0;
  const deliver = (text: string): void => {
    if (held !== undefined) { fn(held); lines++; }
    held = text;
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, carry, buf.length - carry, null);
      const filled = carry + n;
      if (n === 0) {
        if (filled > 0) deliver(buf.toString('utf8', 0, filled));
        break;
      }
      const cut = buf.lastIndexOf(NEWLINE, filled - 1);
      if (cut < 0) {
        // One line longer than the buffer: grow it and read on.
        if (filled === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
        carry = filled;
        continue;
      }
      const text = buf.toString('utf8', 0, cut);
      let from = 0;
      for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', from)) {
        deliver(i < 0 ? text.slice(from) : text.slice(from, i));
        if (i < 0) break;
        from = i + 1;
      }
      carry = filled - cut - 1;
      buf.copy(buf, 0, cut + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
  if (held === undefined) return { lines, tornTail: false };
  if (parses(held)) { fn(held); return { lines: lines + 1, tornTail: false }; }
  return { lines, tornTail: true };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

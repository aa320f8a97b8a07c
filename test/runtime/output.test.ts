// A container's multiplexed output to lines: frames split anywhere across
// chunks, lines split across frames, both streams interleaved, and a last line
// without a newline.

import { describe, expect, it } from 'vitest';
import { FrameLines } from '../../src/runtime/docker/output.js';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

function collect(chunks: Buffer[]): string[] {
  const out: string[] = [];
  const f = new FrameLines((line, s) => out.push(`${s}:${line}`));
  for (const c of chunks) f.push(c);
  f.end();
  return out;
}

describe('attached output to lines', () => {
  const all = Buffer.concat([
    frame(1, '{"type":"ready"}\n{"type":"member"'), frame(2, 'warn: x\n'), frame(1, ',"member":"n2"}\n'), frame(1, 'tail without newline'),
  ]);
  const expected = ['stdout:{"type":"ready"}', 'stderr:warn: x', 'stdout:{"type":"member","member":"n2"}', 'stdout:tail without newline'];

  it('splits frames into lines per stream, joining lines cut across frames', () => {
    expect(collect([all])).toEqual(expected);
  });

  it('gives the same lines however the stream is cut into chunks', () => {
    for (const size of [1, 3, 7, 8, 9, 13]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < all.length; i += size) chunks.push(all.subarray(i, i + size));
      expect(collect(chunks)).toEqual(expected);
    }
  });

  it('keeps a character whose bytes are split across two frames', () => {
    const bytes = Buffer.from('naïve\n');
    expect(collect([frame(1, bytes.subarray(0, 3)), frame(1, bytes.subarray(3))])).toEqual(['stdout:naïve']);
  });

  it('drops the carriage return of a CRLF line', () => {
    expect(collect([frame(1, 'a\r\nb\n')])).toEqual(['stdout:a', 'stdout:b']);
  });
});

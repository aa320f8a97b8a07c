// A history checked with a reader thread (GOSSIPLAB_CHECK_THREADS=2) gets the
// report it gets on one thread, byte for byte, and the same errors. The reader
// thread runs the built code: `npm run build` first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHistoryFile } from '../../src/run/check-history.js';
import { writeSyntheticHistory } from '../../src/bench/synthetic-stream.js';
import { BATCH_LINES } from '../../checkers/line-batch.js';
import { goodCrashRun } from './histories.js';
import { simRun } from './sim-history.js';
import { ROOT } from '../../src/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'gossiplab-two-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function both(path: string): [string, string] {
  const one = checkHistoryFile(path, {}, { threads: 1 });
  const two = checkHistoryFile(path, {}, { threads: 2 });
  expect(two.lines).toBe(one.lines);
  expect(two.tornTail).toBe(one.tornTail);
  return [JSON.stringify(one.report), JSON.stringify(two.report)];
}

describe('checking on two threads', () => {
  it('gives the one-thread report for a 20-node history of many batches, with crashes, partitions, pauses and updates', () => {
    const path = join(dir, 'synthetic.jsonl');
    const written = writeSyntheticHistory(path, { events: 3 * BATCH_LINES + 1234, nodes: 20 });
    expect(written.events).toBeGreaterThan(3 * BATCH_LINES);
    const [one, two] = both(path);
    expect(two).toBe(one);
  });

  it('gives the one-thread report for histories the protocol core wrote, good and bad', () => {
    for (const [name, h] of [
      ['crash', simRun({ seed: 3, crash: 'n3', update: 'n2' })],
      ['never refutes', simRun({ seed: 1, params: { bugNeverRefute: true }, end: 100_000 })],
      ['never evicts', simRun({ seed: 1, params: { bugNeverEvict: true } })],
    ] as const) {
      const path = join(dir, `${name}.jsonl`);
      writeFileSync(path, h.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const [one, two] = both(path);
      expect(two, name).toBe(one);
    }
  });

  it('gives the one-thread report when stats lines come in other shapes: reordered, with exponents, with a key more', () => {
    const path = join(dir, 'shapes.jsonl');
    writeSyntheticHistory(path, { events: 2 * BATCH_LINES, nodes: 10 });
    let stats = 0;
    const shapes = { reordered: 0, exponents: 0, extra: 0 };
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => {
      if (!l.includes('"obs":"stats"')) return l;
      switch (stats++ % 4) {
        case 0: { // recv before sent: no fast reader takes it; JSON.parse does, on the checking side
          const { sent, recv, ...rest } = JSON.parse(l) as Record<string, unknown>;
          shapes.reordered++;
          return JSON.stringify({ ...rest, recv, sent });
        }
        case 1: // counters as exponents: read by the general reader, beside the checkers
          shapes.exponents++;
          return l.replace(/"msgs":(\d+)/g, (_m, n: string) => `"msgs":${Number(n) / 10}e1`);
        case 2: // a key after `seq`: JSON.parse again
          shapes.extra++;
          return l.replace(/}$/, ',"extra":true}');
        default:
          return l;
      }
    });
    expect(Math.min(shapes.reordered, shapes.exponents, shapes.extra)).toBeGreaterThan(100);
    writeFileSync(path, lines.join('\n') + '\n');
    const [one, two] = both(path);
    expect(two).toBe(one);
    // The load checker measured every node, so the stats lines reached it whatever their shape.
    expect((JSON.parse(one) as { results: { load: { metrics: { measuredNodes: number } } } }).results.load.metrics.measuredNodes).toBe(10);
  });

  it('reports a torn last line as one thread does', () => {
    const { h } = goodCrashRun();
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, h.events.map((e) => JSON.stringify(e)).join('\n') + '\n{"t":66001,"type":"obs","no');
    const [one, two] = both(path);
    expect(two).toBe(one);
    expect(checkHistoryFile(path, {}, { threads: 2 }).tornTail).toBe(true);
  });

  it('names the line of a history that is not JSON, in pass 1 and in pass 2', () => {
    const { h } = goodCrashRun();
    const lines = h.events.map((e) => JSON.stringify(e));
    const cut = join(dir, 'cut.jsonl');
    lines[6] = '{"t":500,"type":"obs","node":"n1","obs":"detector"';
    writeFileSync(cut, lines.join('\n') + '\n');
    expect(() => checkHistoryFile(cut, {}, { threads: 2 })).toThrow(`${cut}: line 7: expected a JSON event`);
    // The same line near the end of the file.
    const late = join(dir, 'late.jsonl');
    const k = lines.length - 3;
    writeFileSync(late, [...lines.slice(0, 6), h.events[6] ? JSON.stringify(h.events[6]) : lines[6]!, ...lines.slice(7, k), '{"t":500,"type":"obs","node":"n1","obs":"detector"', ...lines.slice(k + 1)].join('\n') + '\n');
    expect(() => checkHistoryFile(late, {}, { threads: 1 })).toThrow(`${late}: line ${k + 1}: expected a JSON event`);
    expect(() => checkHistoryFile(late, {}, { threads: 2 })).toThrow(`${late}: line ${k + 1}: expected a JSON event`);
    // A member line in the controller's shape up to a broken end: read in full only in pass 2.
    const broken = join(dir, 'broken.jsonl');
    lines[6] = '{"t":500,"type":"obs","node":"n1","obs":"member","member":"n2","state":"alive","incarnation":0,}';
    writeFileSync(broken, lines.join('\n') + '\n');
    expect(() => checkHistoryFile(broken, {}, { threads: 1 })).toThrow(`${broken}: line 7: expected a JSON event`);
    expect(() => checkHistoryFile(broken, {}, { threads: 2 })).toThrow(`${broken}: line 7: expected a JSON event`);
  });

  it('starts its reader thread when the check runs in `node --input-type=module -e` or with V8 options, which a thread cannot take', () => {
    const path = join(dir, 'eval.jsonl');
    writeSyntheticHistory(path, { events: 2 * BATCH_LINES, nodes: 10 });
    const script = `const { checkHistoryFile } = await import(${JSON.stringify(join(ROOT, 'dist/src/run/check-history.js'))});
      const r = checkHistoryFile(${JSON.stringify(path)}, {}, { threads: 2 });
      console.log('checked', r.lines, r.waited ? 'with the reader thread' : 'on one thread');`;
    const lines = checkHistoryFile(path, {}, { threads: 1 }).lines;
    // With --input-type passed on, the thread never started and the check failed after 60 s;
    // with --max-old-space-size (as npm run bench runs the soak), Node refused to start it.
    for (const opts of [['--input-type=module'], ['--max-old-space-size=4000', '--input-type=module'], ['--stack-size=2000', '--input-type=module']]) {
      const r = spawnSync(process.execPath, [...opts, '-e', script], { encoding: 'utf8', timeout: 90_000 });
      expect(r.stderr, opts.join(' ')).toBe('');
      expect(r.stdout.trim(), opts.join(' ')).toBe(`checked ${lines} with the reader thread`);
      expect(r.status).toBe(0);
    }
  }, 120_000);
});

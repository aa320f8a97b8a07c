// Checks a stored history straight from its file: pass 1 reads the timeline and
// derives the truth, pass 2 feeds every checker (checkers/stream.ts). Both passes
// read the file in chunks, so memory does not grow with the history's length.
// Optionally (GOSSIPLAB_CHECK_THREADS=2), a large history is read by a second
// thread (check-reader.ts) while this one runs most of the checkers; the report
// is the same either way. One thread is the default: on a machine whose other
// core is busy, the second thread gains little wall time for a third more CPU.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CHECKERS, CheckPass, TruthPass, type CheckReport, type CheckerResult, type Overrides } from '../../checkers/index.js';
import { lineKind } from '../../checkers/line-kind.js';
import { reportOf } from '../../checkers/stream.js';
import { forEachLineBytes } from '../history/lines.js';
import { LabError } from '../errors.js';
import { ROOT } from '../paths.js';
import { DONE, FLAGS, POSTED, READER_WAITED, STOP, TAKEN, WANTS, type ReaderMessage } from './check-protocol.js';

export interface CheckedHistory {
  report: CheckReport;
  tornTail: boolean;
  lines: number;
  /** With a reader thread: the ms each thread spent waiting for the other (how well the work was split). */
  waited?: { checking: number; reader: number };
}

export interface CheckOptions {
  /** `sample` is called every 65,536 lines of each pass (the benchmark reads the heap there). */
  sample?: () => void;
  /**
   * 1: one thread; 2: a reader thread beside this one. Default: 2 when
   * GOSSIPLAB_CHECK_THREADS is 2 and the history has READER_BYTES or more, else 1.
   */
  threads?: 1 | 2;
}

/**
 * The checkers the reader thread runs besides reading (the rest run here) when
 * most lines are `member` lines (a soak): then the checking thread is the slower
 * one, and these two take about a third of its work. When most are `stats` and
 * `detector` lines, reading is the larger part, and the reader only reads.
 */
const READER_CHECKERS: readonly string[] = ['incarnation', 'flapping'];
const MEMBER_SHARE = 0.3;
const SAMPLE_BYTES = 4 * 2 ** 20;

/** READER_CHECKERS, or none, by the share of `member` lines in the history's first SAMPLE_BYTES. */
function readerCheckers(path: string): readonly string[] {
  const buf = Buffer.allocUnsafe(SAMPLE_BYTES);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  let members = 0;
  for (let from = 0, nl = buf.indexOf(10, 0); nl >= 0 && nl < n; from = nl + 1, nl = buf.indexOf(10, from)) {
    lines++;
    if (lineKind(buf, from, nl) === 'member') members++;
  }
  return lines > 0 && members / lines >= MEMBER_SHARE ? READER_CHECKERS : [];
}

/** Below this size a second thread costs more to start than it saves. */
export const READER_BYTES = 32 * 2 ** 20;

/** The reader thread's script: beside this module once built; the built one when running from source. */
const here = fileURLToPath(import.meta.url);
const READER = here.endsWith('.ts') ? join(ROOT, 'dist/src/run/check-reader.js') : join(here, '../check-reader.js');

export function checkHistoryFile(path: string, overrides: Overrides = {}, opts: CheckOptions = {}): CheckedHistory {
  try {
    const threads = opts.threads ?? (threadsFromEnv() === 2 && statSync(path).size >= READER_BYTES ? 2 : 1);
    if (threads === 2) return twoThreads(path, overrides, opts.sample);
    const p1 = new TruthPass();
    let seen = 0;
    const sample = opts.sample;
    const read = forEachLineBytes(path, (buf, from, to) => {
      p1.bytes(buf, from, to);
      if (sample && (++seen & 0xffff) === 0) sample();
    });
    const p2 = new CheckPass(p1.finish(), overrides, CHECKERS);
    let fed = 0;
    if (!p2.done) {
      forEachLineBytes(path, (buf, from, to) => {
        if (fed++ < read.lines) p2.feedBytes(buf, from, to);
        if (sample && (fed & 0xffff) === 0) sample();
      });
    }
    return { report: p2.finish(), tornTail: read.tornTail, lines: read.lines };
  } catch (e) {
    if (e instanceof LabError) throw e;
    throw new LabError('GOSSIPLAB_HISTORY', `${path}: ${(e as Error).message}`);
  }
}

function threadsFromEnv(): 1 | 2 {
  const v = process.env['GOSSIPLAB_CHECK_THREADS'];
  if (v === undefined || v === '' || v === '1') return 1;
  if (v === '2') return 2;
  throw new LabError('GOSSIPLAB_CONFIG', `GOSSIPLAB_CHECK_THREADS: expected 1 or 2, found ${JSON.stringify(v)}`);
}

/** The same check, the file read and its lines classified by a reader thread. */
function twoThreads(path: string, overrides: Overrides, sample?: () => void): CheckedHistory {
  if (!existsSync(READER)) throw new LabError('GOSSIPLAB_BUILD', `expected the built reader thread at ${READER}, found none (npm run build)`);
  const flags = new Int32Array(new SharedArrayBuffer(FLAGS * 4));
  const { port1, port2 } = new MessageChannel();
  const mine = readerCheckers(path);
  const worker = new Worker(READER, { workerData: { path, port: port2, flags, overrides, mine }, transferList: [port2] });
  worker.unref();
  const next = receiver(port1, flags);
  try {
    const first = next('prepared');
    const p2 = new CheckPass(first.prepared, overrides, CHECKERS.filter((c) => !mine.includes(c.name)));
    port1.postMessage(p2.wants());
    Atomics.store(flags, WANTS, 1);
    Atomics.notify(flags, WANTS);
    const ids: string[] = [];
    let fed = 0;
    let theirs: Record<string, CheckerResult> = {};
    for (let m = next(); m.type !== 'end'; m = next()) {
      if (m.type === 'results') theirs = m.results;
      if (m.type !== 'batch') continue;
      p2.feedBatch(m.batch, ids);
      if (sample && ((fed += m.batch.n) & ~0xffff) !== ((fed - m.batch.n) & ~0xffff)) sample();
    }
    const ours = p2.results();
    const results: Record<string, CheckerResult> = {};
    for (const c of CHECKERS) results[c.name] = ours[c.name] ?? theirs[c.name]!;
    const waited = { checking: Math.round(next.waited), reader: Atomics.load(flags, READER_WAITED) };
    return { report: reportOf(results), tornTail: first.tornTail, lines: first.prepared.lines, waited };
  } finally {
    Atomics.store(flags, STOP, 1);
    Atomics.notify(flags, TAKEN);
    Atomics.notify(flags, WANTS);
    port1.close();
  }
}

/** Takes the reader's messages in order, waiting for each; an error the reader met is thrown here. */
function receiver(port: MessagePort, flags: Int32Array) {
  let taken = 0;
  const waiting = { ms: 0 };
  function next(): ReaderMessage;
  function next<T extends ReaderMessage['type']>(type: T): Extract<ReaderMessage, { type: T }>;
  function next(type?: string): ReaderMessage {
    for (;;) {
      const got = receiveMessageOnPort(port);
      if (got) {
        Atomics.store(flags, TAKEN, ++taken);
        Atomics.notify(flags, TAKEN);
        const m = got.message as ReaderMessage;
        if (m.type === 'error') throw m.code ? new LabError(m.code, m.message) : new Error(m.message);
        if (type && m.type !== type) throw new Error(`the reader thread sent ${m.type} where ${type} was expected`);
        return m;
      }
      // DONE is set after the reader's last post: read it first, then the count.
      const done = Atomics.load(flags, DONE);
      const posted = Atomics.load(flags, POSTED);
      if (posted > taken) continue;
      if (done) throw new Error('the reader thread stopped before the end of the history');
      const t0 = performance.now();
      Atomics.wait(flags, POSTED, posted, 200);
      waiting.ms += performance.now() - t0;
    }
  }
  return Object.defineProperty(next, 'waited', { get: () => waiting.ms }) as typeof next & { readonly waited: number };
}

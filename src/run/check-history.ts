// Checks a stored history straight from its file: pass 1 reads the timeline and
// derives the truth, pass 2 feeds every checker (checkers/stream.ts). Both passes
// read the file in chunks, so memory does not grow with the history's length;
// pass 1 takes the timeline from the history's index instead when the lab wrote
// one and it still matches the file (pass-one.ts).
// A history of READER_BYTES or more, on a machine with two cores or more, has its
// pass 2 read by a second thread (check-reader.ts), which starts at once, while
// this one runs pass 1 and then most of the checkers; the report is the same
// either way. GOSSIPLAB_CHECK_THREADS=1 keeps to one thread, =2 asks for the
// second whatever the size. The second thread costs about the CPU it saves this
// one (the reader sums the `stats` lines this one would), so it is the default.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import { CHECKERS, CheckPass, type CheckReport, type CheckerResult, type Overrides } from '../../checkers/index.js';
import { lineKind } from '../../checkers/line-kind.js';
import { FIRST_WANTS } from '../../checkers/line-batch.js';
import { reportOf } from '../../checkers/stream.js';
import { forEachLineBytes } from '../history/lines.js';
import { LabError } from '../errors.js';
import { ROOT } from '../paths.js';
import { passOne } from './pass-one.js';
import { BEAT, DONE, FLAGS, POSTED, READER_WAITED, SILENCE_MS, STOP, TAKEN, WANTS, type ReaderMessage } from './check-protocol.js';

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
   * 1: one thread; 2: a reader thread beside this one. Default: what
   * GOSSIPLAB_CHECK_THREADS says; unset, 2 for a history of READER_BYTES or more
   * on a machine with two cores or more, else 1.
   */
  threads?: 1 | 2;
  /** false: read the whole file in pass 1 even when the history has an index (src/history/index-file.ts). */
  index?: boolean;
}

/**
 * The checkers the reader thread runs besides reading (the rest run here) when
 * many lines are `member` lines and few are `stats` lines (a soak): then the
 * checking thread is the slower one, and these two take about a third of its
 * work. When many are `stats` lines, reading and summing them (the reader does
 * both) is the larger part, and the reader only reads.
 */
const READER_CHECKERS: readonly string[] = ['incarnation', 'flapping'];
const MEMBER_SHARE = 0.3;
const STATS_SHARE = 0.25;
const SAMPLES = 8;
const SAMPLE_BYTES = 512 * 1024;

/**
 * READER_CHECKERS, or none, by the shares of `member` and `stats` lines in
 * SAMPLES pieces of the history spread from its start to its end (a run's start,
 * when the cluster forms, has more `member` lines than the rest), each piece
 * weighing the same.
 */
function readerCheckers(path: string): readonly string[] {
  const size = statSync(path).size;
  const buf = Buffer.allocUnsafe(SAMPLE_BYTES);
  const fd = openSync(path, 'r');
  let member = 0;
  let stats = 0;
  let pieces = 0;
  try {
    for (let k = 0; k < SAMPLES; k++) {
      const at = Math.max(0, Math.floor(((size - SAMPLE_BYTES) * k) / (SAMPLES - 1)));
      const n = readSync(fd, buf, 0, SAMPLE_BYTES, at);
      // A piece that starts inside a line begins after its first newline.
      const first = at > 0 ? buf.indexOf(10) : -1;
      if (at > 0 && (first < 0 || first >= n)) continue;
      let lines = 0;
      let m = 0;
      let st = 0;
      for (let from = first + 1, nl = buf.indexOf(10, from); nl >= 0 && nl < n; from = nl + 1, nl = buf.indexOf(10, from)) {
        lines++;
        const kind = lineKind(buf, from, nl);
        if (kind === 'member') m++;
        else if (kind === 'stats') st++;
      }
      if (lines === 0) continue;
      member += m / lines;
      stats += st / lines;
      pieces++;
    }
  } finally {
    closeSync(fd);
  }
  return pieces > 0 && member / pieces >= MEMBER_SHARE && stats / pieces < STATS_SHARE ? READER_CHECKERS : [];
}

/** Below this size a second thread costs more to start than it saves. */
export const READER_BYTES = 32 * 2 ** 20;

/** The reader thread's script: beside this module once built; the built one when running from source. */
const here = fileURLToPath(import.meta.url);
const READER = here.endsWith('.ts') ? join(ROOT, 'dist/src/run/check-reader.js') : join(here, '../check-reader.js');

export function checkHistoryFile(path: string, overrides: Overrides = {}, opts: CheckOptions = {}): CheckedHistory {
  try {
    const threads = opts.threads ?? threadsFromEnv() ?? (statSync(path).size >= READER_BYTES && availableParallelism() >= 2 ? 2 : 1);
    if (threads === 2) return twoThreads(path, overrides, opts);
    const { prepared, read } = passOne(path, opts);
    const p2 = new CheckPass(prepared, overrides, CHECKERS);
    passTwo(path, p2, read.lines, opts.sample);
    return { report: p2.finish(), tornTail: read.tornTail, lines: read.lines };
  } catch (e) {
    if (e instanceof LabError) throw e;
    throw new LabError('GOSSIPLAB_HISTORY', `${path}: ${(e as Error).message}`);
  }
}

/** Pass 2 on this thread: the first `lines` lines fed to `p2`. */
function passTwo(path: string, p2: CheckPass, lines: number, sample?: () => void): void {
  let fed = 0;
  if (p2.done) return;
  forEachLineBytes(path, (buf, from, to) => {
    if (fed++ < lines) p2.feedBytes(buf, from, to);
    if (sample && (fed & 0xffff) === 0) sample();
  });
}

/**
 * The process's Node options for the reader thread, less `--input-type`: the
 * thread inherits them, and with that one (`node --input-type=module -e …`) it
 * refuses to load its script file and never starts. Options given to a thread
 * are checked, and V8's (`--max-old-space-size`, as `npm run bench` runs its
 * scripts) and the process's own are refused: startReader then gives it none.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--input-type') { i++; continue; }
    if (!args[i]!.startsWith('--input-type=')) out.push(args[i]!);
  }
  return out;
}

/** The reader thread, with the process's options where Node takes them all, else with none (it needs none). */
function startReader(o: Omit<WorkerOptions, 'execArgv'>): Worker {
  try {
    return new Worker(READER, { ...o, execArgv: workerExecArgv() });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    return new Worker(READER, { ...o, execArgv: [] });
  }
}

/** GOSSIPLAB_CHECK_THREADS, if set. */
function threadsFromEnv(): 1 | 2 | undefined {
  const v = process.env['GOSSIPLAB_CHECK_THREADS'];
  if (v === undefined || v === '') return undefined;
  if (v === '1') return 1;
  if (v === '2') return 2;
  throw new LabError('GOSSIPLAB_CONFIG', `GOSSIPLAB_CHECK_THREADS: expected 1 or 2, found ${JSON.stringify(v)}`);
}

/** The same check, the file read and its lines classified by a reader thread. */
function twoThreads(path: string, overrides: Overrides, opts: CheckOptions): CheckedHistory {
  const { sample } = opts;
  if (!existsSync(READER)) throw new LabError('GOSSIPLAB_BUILD', `expected the built reader thread at ${READER}, found none (npm run build)`);
  const flags = new Int32Array(new SharedArrayBuffer(FLAGS * 4));
  const { port1, port2 } = new MessageChannel();
  const mine = readerCheckers(path);
  const worker = startReader({ workerData: { path, port: port2, flags, overrides, mine, index: opts.index !== false }, transferList: [port2] });
  worker.unref();
  const reader = new Receiver(port1, flags);
  const stop = (): void => {
    Atomics.store(flags, STOP, 1);
    Atomics.notify(flags, TAKEN);
  };
  try {
    // Pass 1 here, while the reader already reads pass 2 ahead.
    const { prepared, read } = passOne(path, opts);
    const p2 = new CheckPass(prepared, overrides, CHECKERS.filter((c) => !mine.includes(c.name)));
    const wants = p2.wants();
    if (wants.stats === 2 || (wants.detector && !FIRST_WANTS.detector)) {
      // The reader has been sending these lines in a form these checkers do not take: one thread.
      stop();
      const all = new CheckPass(prepared, overrides, CHECKERS);
      passTwo(path, all, read.lines, sample);
      return { report: all.finish(), tornTail: read.tornTail, lines: read.lines };
    }
    wants.lastLine = Math.min(wants.lastLine, read.lines);
    port1.postMessage(wants);
    Atomics.store(flags, WANTS, 1);
    const ids: string[] = [];
    let fed = 0;
    let theirs: Record<string, CheckerResult> = {};
    for (let m = reader.next(); m.type !== 'end'; m = reader.next()) {
      if (m.type === 'results') theirs = m.results;
      if (m.type !== 'batch') continue;
      p2.feedBatch(m.batch, ids);
      if (sample && ((fed += m.batch.n) & ~0xffff) !== ((fed - m.batch.n) & ~0xffff)) sample();
    }
    const ours = p2.results();
    const results: Record<string, CheckerResult> = {};
    for (const c of CHECKERS) results[c.name] = ours[c.name] ?? theirs[c.name]!;
    const waited = { checking: Math.round(reader.waited), reader: Atomics.load(flags, READER_WAITED) };
    return { report: reportOf(results), tornTail: read.tornTail, lines: read.lines, waited };
  } finally {
    stop();
    port1.close();
  }
}

/** Takes the reader's messages in order, waiting for each; an error the reader met is thrown here. */
class Receiver {
  private taken = 0;
  private beat = -1;
  private beatAt = 0;
  /** ms spent waiting for the reader. */
  waited = 0;

  constructor(private readonly port: MessagePort, private readonly flags: Int32Array) {}

  next(): ReaderMessage {
    const flags = this.flags;
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got) {
        Atomics.store(flags, TAKEN, ++this.taken);
        Atomics.notify(flags, TAKEN);
        const m = got.message as ReaderMessage;
        if (m.type === 'error') throw m.code ? new LabError(m.code, m.message) : new Error(m.message);
        return m;
      }
      // DONE is set after the reader's last post: read it first, then the count.
      const done = Atomics.load(flags, DONE);
      const posted = Atomics.load(flags, POSTED);
      if (posted > this.taken) continue;
      if (done) throw new Error('the reader thread stopped before the end of the history');
      const t0 = performance.now();
      const beat = Atomics.load(flags, BEAT);
      if (beat !== this.beat) { this.beat = beat; this.beatAt = t0; }
      else if (t0 - this.beatAt > SILENCE_MS) throw new Error(`the reader thread showed no sign of life for ${SILENCE_MS / 1000} s (it may have run out of memory)`);
      Atomics.wait(flags, POSTED, posted, 200);
      this.waited += performance.now() - t0;
    }
  }
}

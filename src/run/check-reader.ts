// The reader thread of a two-thread check (check-history.ts): pass 1 over the
// file (the truth's timeline), then pass 2, each line read and classified once
// into batches (checkers/line-batch.ts) that this thread's own checkers take
// first and the other thread's checkers next. At most QUEUE batches wait at any
// time: the reader blocks until one is taken, so memory stays bounded however far
// ahead reading is.

import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { CHECKERS, type Overrides } from '../../checkers/index.js';
import { CheckPass, TruthPass } from '../../checkers/stream.js';
import { BatchWriter, transfers, type Wants } from '../../checkers/line-batch.js';
import { forEachLineBytes } from '../history/lines.js';
import { LabError } from '../errors.js';
import { DONE, POSTED, QUEUE, READER_WAITED, STOP, TAKEN, WANTS, type ReaderMessage } from './check-protocol.js';

const { path, port, flags, overrides, mine } = workerData as { path: string; port: MessagePort; flags: Int32Array; overrides: Overrides; mine: string[] };

/** Thrown out of the line loop once the checking side needs no more lines. */
const ENOUGH = new Error('enough');

function post(m: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  // Wait while the queue is full.
  for (;;) {
    if (Atomics.load(flags, STOP)) throw ENOUGH;
    const taken = Atomics.load(flags, TAKEN);
    if (Atomics.load(flags, POSTED) - taken < QUEUE) break;
    waited(() => Atomics.wait(flags, TAKEN, taken, 200));
  }
  port.postMessage(m, transfer);
  Atomics.add(flags, POSTED, 1);
  Atomics.notify(flags, POSTED);
}

function waited(wait: () => void): void {
  const t0 = performance.now();
  wait();
  Atomics.add(flags, READER_WAITED, Math.round(performance.now() - t0));
}

function wants(): Wants {
  while (!Atomics.load(flags, WANTS)) {
    if (Atomics.load(flags, STOP)) throw ENOUGH;
    waited(() => Atomics.wait(flags, WANTS, 0, 200));
  }
  return receiveMessageOnPort(port)!.message as Wants;
}

try {
  const p1 = new TruthPass();
  const read = forEachLineBytes(path, (buf, from, to) => p1.bytes(buf, from, to));
  const prepared = p1.finish();
  post({ type: 'prepared', prepared, tornTail: read.tornTail });
  const own = new CheckPass(prepared, overrides, CHECKERS.filter((c) => mine.includes(c.name)));
  const w = own.wants(wants());
  w.lastLine = Math.min(w.lastLine, read.lines);
  if (w.lastLine > 0) {
    const writer = new BatchWriter(prepared.timeline.map((x) => x.line), w);
    const ids: string[] = [];
    const send = (): void => {
      const b = writer.take();
      if (mine.length > 0) own.feedBatch(b, ids);
      post({ type: 'batch', batch: b }, transfers(b));
    };
    try {
      forEachLineBytes(path, (buf, from, to) => {
        if (!writer.bytes(buf, from, to)) throw ENOUGH;
        if (writer.full) send();
      });
    } catch (e) {
      if (e !== ENOUGH) throw e;
    }
    send();
  }
  post({ type: 'results', results: own.results() });
  post({ type: 'end' });
} catch (e) {
  if (e !== ENOUGH) {
    const err = e as Error;
    try {
      post({ type: 'error', message: err.message, ...(e instanceof LabError ? { code: e.code } : {}) });
    } catch { /* the checking side has stopped */ }
  }
} finally {
  Atomics.store(flags, DONE, 1);
  Atomics.notify(flags, POSTED);
}

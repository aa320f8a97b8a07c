// The reader thread of a two-thread check (check-history.ts): from the start,
// while the checking thread runs pass 1, each line of the file is read and
// classified once into batches (checkers/line-batch.ts), which this thread's own
// checkers, if any, take first (it then runs its own pass 1 before) and the
// checking thread's next. At most QUEUE batches wait at any time: the reader
// blocks until one is taken, so memory stays bounded however far ahead it is.

import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { CHECKERS, type Overrides } from '../../checkers/index.js';
import { CheckPass } from '../../checkers/stream.js';
import { BatchWriter, FIRST_WANTS, transfers, type Wants } from '../../checkers/line-batch.js';
import { forEachLineBytes } from '../history/lines.js';
import { LabError } from '../errors.js';
import { passOne } from './pass-one.js';
import { BEAT, DONE, POSTED, QUEUE, READER_WAITED, STOP, TAKEN, WANTS, type ReaderMessage } from './check-protocol.js';

const { path, port, flags, overrides, mine, index } = workerData as { path: string; port: MessagePort; flags: Int32Array; overrides: Overrides; mine: string[]; index: boolean };

/** Thrown out of the line loop once the checking side needs no more lines. */
const ENOUGH = new Error('enough');

function post(m: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  // Wait while the queue is full.
  for (;;) {
    if (Atomics.load(flags, STOP)) throw ENOUGH;
    const taken = Atomics.load(flags, TAKEN);
    if (Atomics.load(flags, POSTED) - taken < QUEUE) break;
    waited(() => Atomics.wait(flags, TAKEN, taken, 200));
    Atomics.add(flags, BEAT, 1);
  }
  port.postMessage(m, transfer);
  Atomics.add(flags, BEAT, 1);
  Atomics.add(flags, POSTED, 1);
  Atomics.notify(flags, POSTED);
}

function waited(wait: () => void): void {
  const t0 = performance.now();
  wait();
  Atomics.add(flags, READER_WAITED, Math.round(performance.now() - t0));
}

/** The checking side's wants, once it has sent them (it sets WANTS after posting them). */
function theirWants(): Wants | undefined {
  if (!Atomics.load(flags, WANTS)) return undefined;
  return receiveMessageOnPort(port)!.message as Wants;
}

Atomics.add(flags, BEAT, 1);
try {
  let own: CheckPass | undefined;
  if (mine.length > 0) {
    const { prepared } = passOne(path, { index, sample: () => Atomics.add(flags, BEAT, 1) });
    own = new CheckPass(prepared, overrides, CHECKERS.filter((c) => mine.includes(c.name)));
  }
  const writer = new BatchWriter(own ? own.wants(FIRST_WANTS) : FIRST_WANTS);
  let settled = false;
  const ids: string[] = [];
  const send = (): void => {
    const b = writer.take();
    own?.feedBatch(b, ids);
    post({ type: 'batch', batch: b }, transfers(b));
    if (!settled) {
      const w = theirWants();
      if (w) { writer.wants = own ? own.wants(w) : w; settled = true; }
    }
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
  if (own) post({ type: 'results', results: own.results() });
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

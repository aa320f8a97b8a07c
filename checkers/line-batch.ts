// Lines read and classified once, into batches of flat arrays, so that a reader
// thread can do the reading while another runs the checkers (src/run/check-history.ts).
// A `member`/`removed` line in the controller's shape travels as a few numbers
// (ids interned to small integers); a `stats` line in a shape read without
// JSON.parse (line-parse.ts) as its sums, `ts` and time, so that the checking
// side, the busier thread, only adds them up; a `node` line, which pass 1 parsed
// already, as its line number alone; any other line a checker may want travels as
// its text and its kind, to be parsed where it is checked if it is wanted there;
// the rest (notes, lines nobody wants) as nothing but a skip. What the checking
// side does with each record is exactly what CheckPass.feedBytes does with the
// line's bytes. The writer needs nothing from pass 1, so it can run beside it.

import { head, lineKind } from './line-kind.js';
import { observer, own, readMember, readStats, said } from './line-parse.js';
import type { Totals } from './load-series.js';

export const R_SKIP = 0;
export const R_MEMBER = 1;
export const R_STATS = 2; // a stats line, summed: num holds ts, sent msgs, sent bytes, recv msgs, recv bytes, digests received
export const R_TEXT = 3;
export const R_PARSED = 4;

/** The kind of an R_TEXT record (in `state`): what CheckPass does with its text. */
export const T_EVENT = 0; // a line to be parsed and fed (a member or stats line in another shape)
export const T_PARSE = 1; // a line in no known shape: pass 1 may have parsed it already
export const T_VIEW = 2;
export const T_UPDATE = 3;
export const T_DETECTOR = 4;

/** `state` codes of an R_MEMBER record. */
export const STATE_CODES = ['alive', 'suspect', 'dead', 'left', 'removed'] as const;

/** Numbers per record in `num`: member: incarnation (NaN: none); stats: the six of R_STATS. */
export const NUM = 6;

export interface Batch {
  n: number;
  kind: Uint8Array;
  state: Uint8Array;
  t: Float64Array;
  node: Int32Array;
  member: Int32Array;
  num: Float64Array;
  /** The texts of the R_TEXT records, in order. */
  text: string[];
  /** Ids first met in this batch: id k of the whole read is ids[k - firstId]. */
  ids: string[];
  firstId: number;
}

/** What the checking side asks of the reader, once its checkers are open. */
export interface Wants {
  /** Line kinds some open checker takes as events. */
  view: boolean;
  updateObs: boolean;
  detector: boolean;
  /** Stats lines: 0 none wanted, 1 summed, 2 as events (text). */
  stats: 0 | 1 | 2;
  /** Lines after this one are not read. */
  lastLine: number;
}

/**
 * What the writer sends before the checking side has said what it wants: views
 * and update observations as text (they are few), detector lines not (they are
 * many, and no checker of the registry takes them), stats summed.
 */
export const FIRST_WANTS: Wants = { view: true, updateObs: true, detector: false, stats: 1, lastLine: Infinity };

export const BATCH_LINES = 16_384;

export function newBatch(firstId: number): Batch {
  return {
    n: 0, kind: new Uint8Array(BATCH_LINES), state: new Uint8Array(BATCH_LINES), t: new Float64Array(BATCH_LINES),
    node: new Int32Array(BATCH_LINES), member: new Int32Array(BATCH_LINES), num: new Float64Array(BATCH_LINES * NUM),
    text: [], ids: [], firstId,
  };
}

/** The buffers a batch is transferred with. */
export function transfers(b: Batch): ArrayBuffer[] {
  return [b.kind, b.state, b.t, b.node, b.member, b.num].map((a) => a.buffer as ArrayBuffer);
}

export class BatchWriter {
  private batch: Batch;
  private line = 0;
  private readonly idOf = new Map<string, number>();
  private readonly sums: Totals = { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, recvDigests: 0 };

  constructor(public wants: Wants) {
    this.batch = newBatch(0);
  }

  get full(): boolean {
    return this.batch.n === BATCH_LINES;
  }

  /** The batch so far, and a fresh one in its place. */
  take(): Batch {
    const b = this.batch;
    this.batch = newBatch(this.idOf.size);
    return b;
  }

  /** One line of the history, in order: false once past the last line wanted. */
  bytes(buf: Buffer, from: number, to: number): boolean {
    const line = ++this.line;
    if (line > this.wants.lastLine) return false;
    const b = this.batch;
    const i = b.n++;
    b.kind[i] = R_SKIP;
    switch (lineKind(buf, from, to)) {
      case 'member':
        if (readMember(buf, to)) {
          b.kind[i] = R_MEMBER;
          b.t[i] = head.t;
          b.node[i] = this.id(said.node);
          b.member[i] = this.id(said.member);
          b.state[i] = STATE_CODES.indexOf(said.state);
          b.num[i * NUM] = said.incarnation ?? NaN;
        } else this.text(buf, from, to, i, T_EVENT);
        return true;
      case 'stats': {
        if (this.wants.stats === 0) return true;
        // What CheckPass.stats reads from the bytes, read here; any other shape goes as text, to be parsed there.
        const node = this.wants.stats === 1 ? observer(buf) : undefined;
        if (node === undefined || !readStats(buf, to, this.sums)) {
          this.text(buf, from, to, i, T_EVENT);
          return true;
        }
        const x = this.sums;
        const k = i * NUM;
        b.kind[i] = R_STATS;
        b.t[i] = head.t;
        b.node[i] = this.id(node);
        b.num[k] = own.ts;
        b.num[k + 1] = x.sentMsgs;
        b.num[k + 2] = x.sentBytes;
        b.num[k + 3] = x.recvMsgs;
        b.num[k + 4] = x.recvBytes;
        b.num[k + 5] = x.recvDigests;
        return true;
      }
      case 'node': // pass 1 keeps every `node` event
        b.kind[i] = R_PARSED;
        return true;
      case 'parse':
        this.text(buf, from, to, i, T_PARSE);
        return true;
      case 'view':
        if (this.wants.view) this.text(buf, from, to, i, T_VIEW);
        return true;
      case 'update-obs':
        if (this.wants.updateObs) this.text(buf, from, to, i, T_UPDATE);
        return true;
      case 'detector':
        if (this.wants.detector) this.text(buf, from, to, i, T_DETECTOR);
        return true;
      default:
        return true;
    }
  }

  private text(buf: Buffer, from: number, to: number, i: number, kind: number): void {
    this.batch.kind[i] = R_TEXT;
    this.batch.state[i] = kind;
    this.batch.text.push(buf.toString('utf8', from, to));
  }

  private id(s: string): number {
    let k = this.idOf.get(s);
    if (k === undefined) {
      this.idOf.set(s, (k = this.idOf.size));
      this.batch.ids.push(s);
    }
    return k;
  }
}

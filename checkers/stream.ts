// The streaming checker core: two passes over a history, each seeing every line
// once. Pass 1 keeps only the timeline (run, node, fault, phase, update events)
// and derives the ground truth; it parses no observation, and tells one from a
// controller's line by a few bytes at fixed places. Pass 2 opens every
// checker with that truth and feeds it, in history order, the view steps and the
// events it asked for; lines no open checker wants are never parsed. Memory is
// the timeline plus each checker's bounded state, whatever the history's length.
// A checker that throws, when opened, fed or finished, becomes `unknown` with
// its error and is fed nothing more; the others carry on.

import type { HistoryEvent } from '../src/history/types.js';
import { VIOLATION_CAP } from './capped.js';
import { composeValidity, unknownResult } from './compose.js';
import { NUM, R_MEMBER, R_PARSED, R_STATS, R_TEXT, STATE_CODES, T_DETECTOR, T_EVENT, T_PARSE, T_UPDATE, T_VIEW, type Batch, type Wants } from './line-batch.js';
import { head, lineKind, looksComplete, skippable, type RawKind } from './line-kind.js';
import { observer, own, readMember, readStats, said } from './line-parse.js';
import type { Totals } from './load-series.js';
import { findRun, type RunInfo } from './run-meta.js';
import { semanticsOf } from './semantics.js';
import { isTimeline, type Numbered } from './timeline.js';
import { truthFrom, type Truth } from './truth.js';
import type { Checker, CheckContext, CheckerResult, CheckerRun, CheckReport, LineKind } from './types.js';
import { ViewStream, type Step } from './view-stream.js';

export type Overrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** What pass 1 learned: the timeline, the number of lines and the latest `t`. */
export interface Prepared { timeline: Numbered[]; lines: number; endT: number }

export class TruthPass {
  private readonly timeline: Numbered[] = [];
  private lines = 0;
  private endT = 0;

  /** One raw line of history.jsonl (without its newline). */
  line(text: string): void {
    const buf = Buffer.from(text);
    this.bytes(buf, 0, buf.length);
  }

  /** The same, as the bytes buf[from, to). */
  bytes(buf: Buffer, from: number, to: number): void {
    const line = ++this.lines;
    if (!skippable(buf, from, to)) {
      this.take(parseLine(buf, from, to, line), line);
      return;
    }
    if (!looksComplete(buf, from, to)) throw notJson(buf, from, to, line);
    if (head.t > this.endT) this.endT = head.t;
  }

  event(e: HistoryEvent): void {
    this.take(e, ++this.lines);
  }

  finish(): Prepared {
    return { timeline: this.timeline, lines: this.lines, endT: this.endT };
  }

  private take(e: HistoryEvent, line: number): void {
    if (e.t > this.endT) this.endT = e.t;
    if (isTimeline(e)) this.timeline.push({ e, line });
  }
}

interface Slot { name: string; run?: CheckerRun; result?: CheckerResult }

export class CheckPass {
  private readonly slots: Slot[];
  private readonly views: ViewStream;
  private readonly byKind = new Map<LineKind, Slot[]>();
  private readonly stepping: Slot[] = [];
  /** The checkers that want `stats` lines (undefined: none), and whether each takes them already summed. */
  private statsSlots?: Slot[];
  private statsSummed = false;
  private line = 0;
  /** Pass 1's parsed controller lines, and the next one not yet reached: pass 2 reuses them. */
  private readonly timeline: Numbered[];
  private next = 0;
  readonly truth?: Truth;
  /** Lines after this one (the teardown) are not fed: checkers judge up to observation's end. */
  readonly lastLine: number;

  constructor(prepared: Prepared, overrides: Overrides, checkers: readonly Checker[]) {
    this.views = new ViewStream((s) => this.step(s));
    this.timeline = prepared.timeline;
    let truth: Truth;
    try {
      truth = truthFrom(prepared.timeline, prepared);
    } catch (e) {
      const failed = unknownResult(e);
      failed.error = `ground truth could not be derived: ${failed.error}`;
      this.slots = checkers.map((c) => ({ name: c.name, result: { ...failed } }));
      this.lastLine = 0;
      return;
    }
    this.truth = truth;
    this.lastLine = truth.observedLines;
    let info: RunInfo | undefined;
    const run = (): RunInfo => (info ??= findRun(prepared.timeline));
    const runEvent = prepared.timeline.find((x) => x.e.type === 'run')?.e;
    const ctx: CheckContext = {
      truth, run, timeline: prepared.timeline, views: this.views,
      semantics: semanticsOf(runEvent?.type === 'run' ? runEvent.config : undefined),
      overrides: mergeOverrides(scenarioBounds(runEvent), overrides),
    };
    this.slots = checkers.map((c) => {
      try {
        const r = c.open(ctx);
        const slot: Slot = { name: c.name, run: r };
        for (const k of r.wants ?? []) this.byKind.set(k, [...(this.byKind.get(k) ?? []), slot]);
        if (r.step) this.stepping.push(slot);
        return slot;
      } catch (e) {
        return { name: c.name, result: unknownResult(e) };
      }
    });
    this.statsSlots = this.byKind.get('stats');
    this.statsSummed = this.statsSlots?.every((s) => s.result || s.run!.stats) ?? false;
  }

  /** The size of each open checker's state, and of the shared views (pairs), by name. */
  stateSizes(): Record<string, number> {
    const out: Record<string, number> = { views: this.views.pairCount };
    for (const s of this.slots) if (s.run?.size && !s.result) out[s.name] = s.run.size();
    return out;
  }

  /** True once every line up to the end of observation has been fed. */
  get done(): boolean {
    return this.line >= this.lastLine;
  }

  /** One raw line of history.jsonl, in order. */
  feedLine(text: string): void {
    const buf = Buffer.from(text);
    this.feedBytes(buf, 0, buf.length);
  }

  /** The same, as the bytes buf[from, to). */
  feedBytes(buf: Buffer, from: number, to: number): void {
    const line = ++this.line;
    if (line > this.lastLine) return;
    const kind = lineKind(buf, from, to);
    switch (kind) {
      case 'timeline': case 'note': case 'obs-other':
        return;
      case 'member': {
        if (readMember(buf, to)) this.views.said(said.node, said.member, said.state, said.incarnation, head.t, line);
        else this.dispatch(parseLine(buf, from, to, line), line);
        return;
      }
      case 'stats':
        if (this.statsSlots) this.stats(this.statsSlots, buf, from, to, line);
        return;
      case 'parse': case 'node':
        this.dispatch(this.parsed(line) ?? parseLine(buf, from, to, line), line);
        return;
      default:
        if (this.byKind.has(kind)) this.dispatch(parseLine(buf, from, to, line), line);
    }
  }

  /** An R_TEXT record: what feedBytes does with a line of that kind. */
  private text(text: string, kind: number, line: number): void {
    switch (kind) {
      case T_EVENT: this.dispatch(parseText(text, line), line); return;
      case T_PARSE: this.dispatch(this.parsed(line) ?? parseText(text, line), line); return;
      case T_VIEW: if (this.byKind.has('view')) this.dispatch(parseText(text, line), line); return;
      case T_UPDATE: if (this.byKind.has('update-obs')) this.dispatch(parseText(text, line), line); return;
      case T_DETECTOR: if (this.byKind.has('detector')) this.dispatch(parseText(text, line), line); return;
      default: throw new Error(`line ${line}: a text record of unknown kind ${kind}`);
    }
  }

  /** The event pass 1 already parsed from this line, if it was a controller's line. */
  private parsed(line: number): HistoryEvent | undefined {
    const tl = this.timeline;
    while (this.next < tl.length && tl[this.next]!.line < line) this.next++;
    const x = tl[this.next];
    return x?.line === line ? x.e : undefined;
  }

  private readonly totals: Totals = { sentMsgs: 0, sentBytes: 0, recvMsgs: 0, recvBytes: 0, recvDigests: 0 };

  /** What a reader thread is to send (line-batch.ts), for this pass and `other` (another pass over the same history). */
  wants(other?: Wants): Wants {
    const stats = !this.statsSlots ? 0 : this.statsSummed ? 1 : 2;
    const mine: Wants = { view: this.byKind.has('view'), updateObs: this.byKind.has('update-obs'), detector: this.byKind.has('detector'), stats, lastLine: this.lastLine };
    if (!other) return mine;
    return {
      view: mine.view || other.view, updateObs: mine.updateObs || other.updateObs, detector: mine.detector || other.detector,
      stats: Math.max(mine.stats, other.stats) as Wants['stats'], lastLine: Math.max(mine.lastLine, other.lastLine),
    };
  }

  /**
   * The next lines, as a reader thread read them (line-batch.ts); `ids` holds
   * every id of the read so far. Does what feedBytes does with the same lines.
   */
  feedBatch(b: Batch, ids: string[]): void {
    for (const id of b.ids) ids.push(id);
    let text = 0;
    for (let i = 0; i < b.n; i++) {
      const line = ++this.line;
      if (line > this.lastLine) return;
      switch (b.kind[i]) {
        case R_MEMBER: {
          const inc = b.num[i * NUM]!;
          this.views.said(ids[b.node[i]!]!, ids[b.member[i]!]!, STATE_CODES[b.state[i]!]!, Number.isNaN(inc) ? undefined : inc, b.t[i]!, line);
          break;
        }
        case R_STATS: {
          if (!this.statsSlots) break;
          const k = i * NUM;
          const x = this.totals;
          x.sentMsgs = b.num[k + 1]!;
          x.sentBytes = b.num[k + 2]!;
          x.recvMsgs = b.num[k + 3]!;
          x.recvBytes = b.num[k + 4]!;
          x.recvDigests = b.num[k + 5]!;
          this.summed(this.statsSlots, ids[b.node[i]!]!, b.t[i]!, b.num[k]!, line);
          break;
        }
        case R_PARSED:
          this.dispatch(this.parsed(line)!, line);
          break;
        case R_TEXT:
          this.text(b.text[text++]!, b.state[i]!, line);
          break;
        default:
      }
    }
  }

  private stats(slots: Slot[], buf: Buffer, from: number, to: number, line: number): void {
    const node = observer(buf);
    const summed = this.statsSummed || slots.every((s) => s.result || s.run!.stats);
    if (node === undefined || !summed || !readStats(buf, to, this.totals)) {
      this.dispatch(parseLine(buf, from, to, line), line);
      return;
    }
    this.summed(slots, node, head.t, own.ts, line);
  }

  /** A stats line read into this.totals: fed to each checker that wants it. */
  private summed(slots: Slot[], node: string, t: number, ts: number, line: number): void {
    for (const s of slots) {
      if (s.result) continue;
      try {
        s.run!.stats!(node, t, ts, line, this.totals);
      } catch (err) {
        s.result = unknownResult(err);
      }
    }
  }

  feedEvent(e: HistoryEvent): void {
    const line = ++this.line;
    if (line <= this.lastLine) this.dispatch(e, line);
  }

  finish(): CheckReport {
    return reportOf(this.results());
  }

  /** Each checker's result, by name in the order given: finish() before they are composed. */
  results(): Record<string, CheckerResult> {
    const results: Record<string, CheckerResult> = {};
    for (const s of this.slots) {
      if (!s.result && s.run) {
        try {
          s.result = s.run.finish();
        } catch (e) {
          s.result = unknownResult(e);
        }
      }
      results[s.name] = capViolations(s.result!);
    }
    return results;
  }

  private dispatch(e: HistoryEvent, line: number): void {
    let kind: RawKind;
    switch (e.type) {
      case 'obs':
        if (e.obs === 'member' || e.obs === 'removed') { this.views.obs(e, line); return; }
        kind = e.obs === 'stats' ? 'stats' : e.obs === 'detector' ? 'detector' : e.obs === 'update' ? 'update-obs' : 'obs-other';
        break;
      case 'node':
        this.views.node(e, line);
        kind = 'node';
        break;
      case 'view':
        kind = 'view';
        break;
      default:
        return;
    }
    const slots = this.byKind.get(kind as LineKind);
    if (!slots) return;
    for (const s of slots) {
      if (s.result) continue;
      try {
        s.run!.event!(e, line);
      } catch (err) {
        s.result = unknownResult(err);
      }
    }
  }

  private step(st: Step): void {
    for (const s of this.stepping) {
      if (s.result) continue;
      try {
        s.run!.step!(st);
      } catch (err) {
        s.result = unknownResult(err);
      }
    }
  }
}

/** Results composed: `false` outranks `unknown`, which outranks `true`. */
export function reportOf(results: Record<string, CheckerResult>): CheckReport {
  return { valid: composeValidity(Object.values(results).map((r) => r.valid)), results };
}

/** Checks an in-memory history: the same two passes, fed event objects. */
export function checkEvents(events: readonly HistoryEvent[], overrides: Overrides, checkers: readonly Checker[]): CheckReport {
  const p1 = new TruthPass();
  for (const e of events) p1.event(e);
  const p2 = new CheckPass(p1.finish(), overrides, checkers);
  for (const e of events) {
    if (p2.done) break;
    p2.feedEvent(e);
  }
  return p2.finish();
}

function parseLine(buf: Buffer, from: number, to: number, line: number): HistoryEvent {
  try {
    return JSON.parse(buf.toString('utf8', from, to)) as HistoryEvent;
  } catch {
    throw notJson(buf, from, to, line);
  }
}

function parseText(text: string, line: number): HistoryEvent {
  try {
    return JSON.parse(text) as HistoryEvent;
  } catch {
    throw notJsonText(text, line);
  }
}

function notJson(buf: Buffer, from: number, to: number, line: number): Error {
  return notJsonText(buf.toString('utf8', from, to), line);
}

function notJsonText(text: string, line: number): Error {
  return new Error(`line ${line}: expected a JSON event, found ${JSON.stringify(text.slice(0, 60))}`);
}

/** Keeps at most VIOLATION_CAP violations, saying how many there were. */
function capViolations(r: CheckerResult): CheckerResult {
  if (r.violations.length <= VIOLATION_CAP) return r;
  const total = typeof r.metrics['violationsTotal'] === 'number' ? r.metrics['violationsTotal'] : r.violations.length;
  return {
    ...r, violations: r.violations.slice(0, VIOLATION_CAP), metrics: { ...r.metrics, violationsTotal: total },
    notes: [...(r.notes ?? []), `only the first ${VIOLATION_CAP} of ${total} violations are listed`],
  };
}

function scenarioBounds(run: HistoryEvent | undefined): Overrides {
  const bounds = run?.type === 'run' && typeof run.config === 'object' && run.config !== null
    ? (run.config as { bounds?: unknown }).bounds : undefined;
  return typeof bounds === 'object' && bounds !== null ? (bounds as Overrides) : {};
}

function mergeOverrides(a: Overrides, b: Overrides): Overrides {
  const out: Record<string, Record<string, number>> = {};
  for (const src of [a, b]) for (const [k, v] of Object.entries(src)) out[k] = { ...out[k], ...v };
  return out;
}

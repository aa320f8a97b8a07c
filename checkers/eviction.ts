// Eventual eviction: every node that crashed and stayed down must be declared
// dead (or left/removed) by every live observer within the detection bound, and
// removed within the reap bound; and must never come back to life in anyone's
// view (see zombies.ts). An observer's clock starts when both the crash has
// happened and the observer is running (a paused or restarted observer gets the
// full bound from its resume or restart). An implementation that declares
// evicts=false is not judged on removal (`applicable.removal: false`, with a
// note); declaring dead in time and the absence of zombies are still judged.

import { detectionBound, fmtS, reapBound, resolveBound } from './bounds.js';
import { Capped, capped } from './capped.js';
import { CrashWatch, CrashWatches, StateAt, type CrashMetrics } from './eviction-metrics.js';
import { paramsOf } from './run-meta.js';
import { byDesign } from './semantics.js';
import type { Numbered } from './timeline.js';
import type { Crash, Truth } from './truth.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { Step, ViewState } from './view-stream.js';
import { ZombieWatch } from './zombies.js';

export const eviction: Checker = { name: 'eviction', open };

type Judgement =
  | { kind: 'ok' }
  | { kind: 'not-required' }
  | { kind: 'undetermined'; note: string }
  | { kind: 'violation'; violation: Violation };

type Bounds = { detection: Bound; reap: Bound };
type Done = { t: number; line?: number };

const DECLARED: ReadonlySet<ViewState> = new Set(['dead', 'left', 'removed']);
const REMOVED: ReadonlySet<ViewState> = new Set(['removed']);

/** What one observer said about one crashed node, as far as the verdict needs it. */
class ObserverWatch {
  readonly start: number;
  readonly bornAfter: boolean;
  readonly started?: { t: number; line: number };
  readonly atStart: StateAt;
  declared?: Step;
  removed?: Step;
  lastBefore: { detection?: Step; reap?: Step } = {};

  constructor(readonly crash: Crash, readonly o: string, truth: Truth, starts: Starts, readonly deadlines: { detection: number; reap: number }) {
    const since = truth.intervalAt(o, judgeTime(crash, truth))?.from ?? crash.t;
    this.start = Math.max(crash.t, since);
    const started = processStart(starts, o, this.start);
    if (started) this.started = started;
    // An observer whose process started after the crash may never have heard of the node: silence is fine.
    this.bornAfter = (started?.t ?? -Infinity) > crash.t;
    this.atStart = new StateAt(this.start);
  }

  step(s: Step): void {
    if (s.observer !== this.o) return;
    this.atStart.step(s);
    if (s.t > this.start) {
      if (!this.declared && this.ok(DECLARED, s.state)) this.declared = s;
      if (!this.removed && this.ok(REMOVED, s.state)) this.removed = s;
    }
    if (s.t <= this.deadlines.detection) this.lastBefore.detection = s;
    if (s.t <= this.deadlines.reap) this.lastBefore.reap = s;
  }

  ok(set: ReadonlySet<ViewState>, s: ViewState): boolean {
    return set.has(s) || (this.bornAfter && s === 'unknown');
  }

  /** The first moment at or after the start at which the view satisfied `set`. */
  first(set: ReadonlySet<ViewState>, current: ViewState): Done | undefined {
    if (this.ok(set, this.atStart.get(current))) return { t: this.start };
    return set === DECLARED ? this.declared : this.removed;
  }
}

interface Watched { crash: Crash; metrics: CrashWatch; observers: ObserverWatch[]; zombies: ZombieWatch }

function open(ctx: CheckContext): CheckerRun {
  const info = ctx.run();
  const bounds: Bounds = {
    detection: resolveBound(ctx.overrides, 'eviction', 'detection', () => detectionBound(paramsOf(info), info.n, info.preset)),
    reap: resolveBound(ctx.overrides, 'eviction', 'reap', () => reapBound(paramsOf(info), info.n, info.preset)),
  };
  const { truth } = ctx;
  const starts = startsOf(ctx.timeline, truth.observedLines);
  const judged: Watched[] = truth.crashes.filter((c) => c.t < truth.observedUntil).map((crash) => ({
    crash,
    metrics: new CrashWatch(crash, truth),
    observers: requiredObservers(crash, truth).map((o) => {
      const start = Math.max(crash.t, truth.intervalAt(o, judgeTime(crash, truth))?.from ?? crash.t);
      return new ObserverWatch(crash, o, truth, starts, { detection: start + bounds.detection.value * 1000, reap: start + bounds.reap.value * 1000 });
    }),
    zombies: new ZombieWatch(crash, truth),
  }));
  const routes = new CrashWatches(judged.map((w) => {
    // A watch takes only its own observer's steps: found by observer, not by trying each.
    const byObserver = new Map(w.observers.map((o) => [o.o, o]));
    return { node: w.crash.node, watch: {
      step: (s: Step): void => {
        w.metrics.step(s);
        byObserver.get(s.observer)?.step(s);
        w.zombies.step(s);
      },
    } };
  }));
  return {
    step: (s) => routes.step(s),
    finish: () => result(ctx, bounds, judged, starts),
    size: () => judged.reduce((a, w) => a + w.metrics.size + w.observers.length + w.zombies.size, 0),
  };
}

function result(ctx: CheckContext, bounds: Bounds, judged: Watched[], starts: Starts): CheckerResult {
  const { truth, semantics } = ctx;
  const evicts = semantics.evicts;
  const violations = new Capped<Violation>();
  const undetermined: string[] = [];
  const crashes: CrashMetrics[] = [];
  for (const w of judged) {
    const current = (o: string): ViewState => ctx.views.stateOf(o, w.crash.node);
    crashes.push(w.metrics.metrics(current));
    for (const ow of w.observers) {
      const j = judgeObserver(ow, truth, bounds, current(ow.o), starts, evicts);
      if (j.kind === 'violation') violations.push(j.violation);
      else if (j.kind === 'undetermined') undetermined.push(j.note);
    }
    for (const z of w.zombies.found.items) violations.push(z);
    violations.total += w.zombies.found.total - w.zombies.found.items.length;
  }

  const worst = (pick: (c: CrashMetrics) => number | null | undefined): number | null => {
    const xs = crashes.map(pick).filter((x): x is number => typeof x === 'number');
    return xs.length ? Math.max(...xs) : null;
  };
  const notes: string[] = evicts ? [] : [byDesign(semantics, 'evicts', 'not evicted')];
  const metrics: Record<string, unknown> = {
    crashCount: crashes.length,
    worstFirstSuspect: worst((c) => c.firstSuspect?.after),
    worstFirstDead: worst((c) => c.firstDead?.after),
    worstAllDead: worst((c) => c.allDead),
    crashes,
    undetermined,
    ...(judged.length === 0 ? { note: 'no node crashed in this run: nothing to evict' } : {}),
    ...(evicts ? {} : { applicable: { detection: true, removal: false, zombies: true } }),
  };
  const listed = capped(violations, metrics, notes);
  return {
    valid: violations.total > 0 ? false : undetermined.length > 0 ? 'unknown' : true,
    metrics,
    violations: listed,
    bounds,
    ...(notes.length ? { notes } : {}),
  };
}

/** The crash's window closes at the restart; live observers are judged just before that, or at the end. */
function windowEnd(crash: Crash): number {
  return crash.restart?.t ?? Infinity;
}

function judgeTime(crash: Crash, truth: Truth): number {
  const w = windowEnd(crash);
  return Math.min(truth.observedUntil, w === Infinity ? Infinity : w - 1e-6);
}

function requiredObservers(crash: Crash, truth: Truth): string[] {
  const at = judgeTime(crash, truth);
  return truth.nodes.filter((o) => o !== crash.node && truth.isUp(o, at));
}

/** When the observer's process last (re)started at or before t. */
function processStart(starts: Starts, o: string, t: number): { t: number; line: number } | undefined {
  let found: { t: number; line: number } | undefined;
  for (const s of starts.get(o) ?? []) if (s.t <= t) found = s;
  return found;
}

/** Each node's process starts (started/restarted), in history order. */
type Starts = ReadonlyMap<string, readonly { t: number; line: number }[]>;

function startsOf(timeline: readonly Numbered[], lastLine: number): Starts {
  const out = new Map<string, { t: number; line: number }[]>();
  for (const { e, line } of timeline) {
    if (line > lastLine || e.type !== 'node' || (e.event !== 'started' && e.event !== 'restarted')) continue;
    const list = out.get(e.node);
    if (list) list.push({ t: e.t, line });
    else out.set(e.node, [{ t: e.t, line }]);
  }
  return out;
}

function judgeObserver(ow: ObserverWatch, truth: Truth, bounds: Bounds, current: ViewState, starts: Starts, evicts: boolean): Judgement {
  const detection = judge(ow, truth, bounds.detection, ow.first(DECLARED, current), 'dead', starts);
  if (detection.kind !== 'ok' || !evicts) return detection;
  return judge(ow, truth, bounds.reap, ow.first(REMOVED, current), 'removed', starts);
}

function judge(ow: ObserverWatch, truth: Truth, bound: Bound, done: Done | undefined, what: 'dead' | 'removed', starts: Starts): Judgement {
  const { crash, o, start } = ow;
  const m = crash.node;
  const deadline = start + bound.value * 1000;
  if (deadline >= windowEnd(crash)) return { kind: 'not-required' };
  if (done && done.t <= deadline) return { kind: 'ok' };
  if (deadline > truth.observedUntil) {
    return { kind: 'undetermined', note: `${o} had not declared ${m} ${what} when observation ended `
      + `${fmtS(truth.observedUntil - crash.t)} after its crash, before the ${bound.value} s bound elapsed` };
  }
  const last = what === 'dead' ? ow.lastBefore.detection : ow.lastBefore.reap;
  const evidence = last
    ? `its last word on ${m} was '${last.state}' at ${fmtS(last.t)} (line ${last.line})`
    : `it never mentioned ${m}`;
  const late = done ? `; it did so only ${fmtS(done.t - crash.t)} after the crash${done.line ? ` (line ${done.line})` : ''}` : '';
  const started = processStart(starts, o, start);
  const lines = [...crash.lines, ...(last ? [last.line] : started ? [started.line] : [])];
  return {
    kind: 'violation',
    violation: {
      message: `${o} did not declare ${m} ${what} within ${bound.value} s of its crash at ${fmtS(crash.t)} `
        + `(line ${crash.lines[0]}): ${evidence}${late}`,
      lines: [...new Set(lines)].sort((a, b) => a - b),
      member: m,
      observer: o,
      t: Math.round(deadline),
    },
  };
}

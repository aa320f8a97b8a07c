// Eventual eviction: every node that crashed and stayed down must be declared
// dead (or left/removed) by every live observer within the detection bound, and
// removed within the reap bound; and must never come back to life in anyone's
// view (see zombies.ts). An observer's clock starts when both the crash has
// happened and the observer is running (a paused or restarted observer gets the
// full bound from its resume or restart).

import { detectionBound, fmtS, reapBound, resolveBound } from './bounds.js';
import { findRun, paramsOf } from './run-meta.js';
import type { Crash, Truth } from './truth.js';
import type { Bound, Checker, CheckContext, CheckerResult, Violation } from './types.js';
import { crashMetrics, type CrashMetrics } from './eviction-metrics.js';
import { buildViews, type Step, type ViewState, type Views } from './views.js';
import { zombies } from './zombies.js';

export const eviction: Checker = { name: 'eviction', check };

type Judgement =
  | { kind: 'ok' }
  | { kind: 'not-required' }
  | { kind: 'undetermined'; note: string }
  | { kind: 'violation'; violation: Violation };

function check(ctx: CheckContext): CheckerResult {
  const info = findRun(ctx.events);
  const bounds = {
    detection: resolveBound(ctx.overrides, 'eviction', 'detection', () => detectionBound(paramsOf(info), info.n, info.preset)),
    reap: resolveBound(ctx.overrides, 'eviction', 'reap', () => reapBound(paramsOf(info), info.n, info.preset)),
  };
  const views = buildViews(ctx.events.slice(0, ctx.truth.observedLines));
  const judged = ctx.truth.crashes.filter((c) => c.t < ctx.truth.observedUntil);
  const violations: Violation[] = [];
  const undetermined: string[] = [];
  const crashes: CrashMetrics[] = [];

  for (const crash of judged) {
    crashes.push(crashMetrics(crash, ctx.truth, views));
    for (const o of requiredObservers(crash, ctx.truth)) {
      for (const j of judgeObserver(crash, o, ctx.truth, views, bounds)) {
        if (j.kind === 'violation') violations.push(j.violation);
        else if (j.kind === 'undetermined') undetermined.push(j.note);
      }
    }
    violations.push(...zombies(crash, views, ctx.truth));
  }

  const worst = (pick: (c: CrashMetrics) => number | null | undefined): number | null => {
    const xs = crashes.map(pick).filter((x): x is number => typeof x === 'number');
    return xs.length ? Math.max(...xs) : null;
  };
  return {
    valid: violations.length > 0 ? false : undetermined.length > 0 ? 'unknown' : true,
    metrics: {
      crashCount: crashes.length,
      worstFirstSuspect: worst((c) => c.firstSuspect?.after),
      worstFirstDead: worst((c) => c.firstDead?.after),
      worstAllDead: worst((c) => c.allDead),
      crashes,
      undetermined,
      ...(judged.length === 0 ? { note: 'no node crashed in this run: nothing to evict' } : {}),
    },
    violations,
    bounds,
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

const DECLARED: ReadonlySet<ViewState> = new Set(['dead', 'left', 'removed']);
const REMOVED: ReadonlySet<ViewState> = new Set(['removed']);

function judgeObserver(
  crash: Crash, o: string, truth: Truth, views: Views, bounds: { detection: Bound; reap: Bound },
): Judgement[] {
  const m = crash.node;
  const since = truth.intervalAt(o, judgeTime(crash, truth))?.from ?? crash.t;
  const start = Math.max(crash.t, since);
  // An observer whose process started after the crash may never have heard of m: silence is fine.
  const bornAfter = (views.processStart(o, start)?.t ?? -Infinity) > crash.t;
  const declared = firstIn(views, o, m, start, (s) => DECLARED.has(s) || (bornAfter && s === 'unknown'));
  const detection = judge(crash, o, truth, views, start, bounds.detection, declared, 'dead');
  if (detection.kind !== 'ok') return [detection];
  const removed = firstIn(views, o, m, start, (s) => REMOVED.has(s) || (bornAfter && s === 'unknown'));
  return [judge(crash, o, truth, views, start, bounds.reap, removed, 'removed')];
}

/** The first moment at or after `start` (and before the restart) at which o's view of m satisfies `ok`. */
function firstIn(views: Views, o: string, m: string, start: number, ok: (s: ViewState) => boolean): Step | { t: number; line?: undefined } | undefined {
  if (ok(views.stateAt(o, m, start))) return { t: start };
  return views.of(o, m).find((s) => s.t > start && ok(s.state));
}

function judge(
  crash: Crash, o: string, truth: Truth, views: Views, start: number, bound: Bound,
  done: { t: number; line?: number } | undefined, what: 'dead' | 'removed',
): Judgement {
  const m = crash.node;
  const deadline = start + bound.value * 1000;
  if (deadline >= windowEnd(crash)) return { kind: 'not-required' };
  if (done && done.t <= deadline) return { kind: 'ok' };
  if (deadline > truth.observedUntil) {
    return { kind: 'undetermined', note: `${o} had not declared ${m} ${what} when observation ended `
      + `${fmtS(truth.observedUntil - crash.t)} after its crash, before the ${bound.value} s bound elapsed` };
  }
  const last = views.of(o, m).filter((s) => s.t <= deadline).at(-1);
  const evidence = last
    ? `its last word on ${m} was '${last.state}' at ${fmtS(last.t)} (line ${last.line})`
    : `it never mentioned ${m}`;
  const late = done ? `; it did so only ${fmtS(done.t - crash.t)} after the crash${done.line ? ` (line ${done.line})` : ''}` : '';
  const started = views.processStart(o, start);
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

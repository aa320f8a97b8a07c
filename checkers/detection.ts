// Detection latency: per crash, the time to the first accusation (suspect, or dead
// for detectors that skip suspicion), the first dead and all-dead (eviction-metrics.ts),
// the distribution of time-to-first-suspicion across crashes, and its comparison with
// SWIM's e/(e-1) probe periods and with a derivation for this node's own schedule.
// Verdict: every crash is first accused within `firstSuspicion` and first declared
// dead within `firstDead`. A crash already accused when it happened (its node was cut
// off) is reported but left out of the distribution and the verdict. An implementation
// that declares suspect=false is judged on first dead only; its first-suspicion figures
// are not measured (`applicable.firstSuspicion: false`, with a note).

import { firstFailure, fmtS, resolveBound, secs, slack, suspicionMax, type Derived } from './bounds.js';
import { summarize, round3 } from './distribution.js';
import { CrashWatch, CrashWatches, type CrashMetrics, type FirstSeen } from './eviction-metrics.js';
import { optionalParams, paramsOf } from './run-meta.js';
import { byDesign } from './semantics.js';
import type { Crash, Truth } from './truth.js';
import type { Bound, Checker, CheckContext, CheckerResult, CheckerRun, Violation } from './types.js';
import type { ViewState } from './view-stream.js';
import type { ProtocolParams } from '../nodes/core/params.js';

const NAME = 'detection';
export const detection: Checker = { name: NAME, open };

/** SWIM §3.1: expected probe periods from a crash to its first detection, 1/(1-e^-1). */
export const SWIM_PERIODS = Math.E / (Math.E - 1);

/** Time to the first accusation without slack: SWIM raises it when the probe round ends, one probe interval after the ping. */
function firstAccusation(p: ProtocolParams, n: number): Derived {
  const f = firstFailure(p, n);
  const roundEnd = p.detector === 'swim' ? Math.max(0, p.probeInterval - p.probeTimeout) : 0;
  const end = roundEnd > 0 ? ` + rest of the round ${fmtS(roundEnd)} (the suspicion is raised when the round ends)` : '';
  return { ms: f.ms + roundEnd, source: `${f.source}${end}` };
}

export function firstSuspicionBound(p: ProtocolParams, n: number): Derived {
  const f = firstAccusation(p, n);
  const s = slack(p);
  const ms = f.ms + s.ms;
  return { ms, source: `${f.source} + ${s.source} = ${fmtS(ms)}` };
}

export function firstDeadBound(p: ProtocolParams, n: number, preset: string): Derived {
  const f = firstAccusation(p, n);
  const sm = suspicionMax(p, n, preset);
  const s = slack(p);
  const ms = f.ms + sm.ms + s.ms;
  return { ms, source: `first suspicion ${fmtS(f.ms)} + ${sm.source} (a lone suspector's timer) + ${s.source} = ${fmtS(ms)}` };
}

export type DetectionFigures = CrashMetrics & { firstAccusation: FirstSeen | null; alreadyAccused: string[] };

function open(ctx: CheckContext): CheckerRun {
  const info = ctx.run();
  const bounds = {
    firstSuspicion: resolveBound(ctx.overrides, NAME, 'firstSuspicion', () => firstSuspicionBound(paramsOf(info), info.n)),
    firstDead: resolveBound(ctx.overrides, NAME, 'firstDead', () => firstDeadBound(paramsOf(info), info.n, info.preset)),
  };
  const { truth } = ctx;
  const watches = truth.crashes.filter((c) => c.t < truth.observedUntil).map((c) => new CrashWatch(c, truth));
  const routes = new CrashWatches(watches.map((w) => ({ node: w.crash.node, watch: w })));
  return { step: (s) => routes.step(s), finish: () => result(ctx, bounds, watches), size: () => watches.reduce((a, w) => a + w.size, 0) };
}

function result(ctx: CheckContext, bounds: Record<'firstSuspicion' | 'firstDead', Bound>, watches: CrashWatch[]): CheckerResult {
  const { truth, semantics } = ctx;
  const info = ctx.run();
  const crashes = watches.map((w) => w.crash);
  const figures: DetectionFigures[] = [];
  const violations: Violation[] = [];
  const undetermined: string[] = [];
  const suspects = semantics.suspect;
  const notes = suspects ? [] : [byDesign(semantics, 'suspect', 'first suspicion not judged or measured: no suspect state is reported')];

  for (const w of watches) {
    const f = figuresOf(w, (o) => ctx.views.stateOf(o, w.crash.node));
    figures.push(f);
    if (f.alreadyAccused.length > 0 || Object.keys(f.observers).length === 0) continue;
    const parts = [['suspect', bounds.firstSuspicion, f.firstAccusation], ['dead', bounds.firstDead, f.firstDead]] as const;
    for (const [what, bound, seen] of parts.filter(([what]) => suspects || what === 'dead')) {
      const crash = w.crash;
      const j = judge(crash, truth, bound, seen, what);
      if (j?.violation) violations.push(j.violation);
      if (j?.undetermined) undetermined.push(j.undetermined);
    }
  }

  const measured = suspects ? figures.filter((f) => f.alreadyAccused.length === 0 && f.firstAccusation).map((f) => f.firstAccusation!.after) : [];
  const dist = summarize(measured);
  const clean = figures.filter((f) => f.alreadyAccused.length === 0);
  const deadDist = summarize(clean.flatMap((f) => (f.firstDead ? [f.firstDead.after] : [])));
  const allDeadDist = summarize(clean.flatMap((f) => (f.allDead !== null && f.allDead !== undefined ? [f.allDead] : [])));
  const p = optionalParams(info);
  const swim = p && p.detector === 'swim' ? SWIM_PERIODS * p.probeInterval : null;
  // Built-in schedule: each of the N-1 survivors probes the crashed node once per pass over
  // its N-1 members, at a uniformly random phase, so the first probe comes after (N-1)/N
  // periods on average; the suspicion follows one period later, when that round ends.
  const schedule = p && p.detector === 'swim' ? ((info.n - 1) / info.n + 1) * p.probeInterval : null;
  return {
    valid: violations.length > 0 ? false : undetermined.length > 0 ? 'unknown' : true,
    metrics: {
      crashCount: crashes.length,
      measuredCrashes: measured.length,
      meanFirstSuspicion: dist?.mean ?? null,
      medianFirstSuspicion: dist?.median ?? null,
      p90FirstSuspicion: dist?.p90 ?? null,
      maxFirstSuspicion: dist?.max ?? null,
      meanFirstDead: deadDist?.mean ?? null,
      meanAllDead: allDeadDist?.mean ?? null,
      swimExpectation: swim === null ? null : secs(swim),
      scheduleExpectation: schedule === null ? null : secs(schedule),
      ratioToSwim: dist && swim ? round3(dist.mean / (swim / 1000)) : null,
      ratioToSchedule: dist && schedule ? round3(dist.mean / (schedule / 1000)) : null,
      expectationSource: p?.detector === 'phi' ? 'phi detector: SWIM probe-period expectations do not apply'
        : `SWIM e/(e-1) = ${SWIM_PERIODS.toFixed(3)} probe periods (aligned rounds, random targets); schedule = ((N-1)/N + 1) periods `
          + '(round-robin at a random phase, suspicion at the end of the round)',
      crashes: figures,
      undetermined,
      ...(crashes.length === 0 ? { note: 'no crashes: nothing to detect' } : {}),
      ...(suspects ? {} : { applicable: { firstSuspicion: false, firstDead: true } }),
    },
    violations,
    bounds,
    ...(notes.length ? { notes } : {}),
  };
}

function figuresOf(w: CrashWatch, current: (o: string) => ViewState): DetectionFigures {
  const cm = w.metrics(current);
  const alreadyAccused = Object.keys(cm.observers).filter((o) => {
    const s = w.before(o, current);
    return s === 'suspect' || s === 'dead' || s === 'removed' || s === 'left';
  });
  const candidates = [cm.firstSuspect, cm.firstDead].filter((x): x is FirstSeen => x !== null);
  const firstAccusation = candidates.sort((a, b) => a.after - b.after || a.line - b.line)[0] ?? null;
  return { ...cm, firstAccusation, alreadyAccused };
}

function judge(crash: Crash, truth: Truth, bound: Bound, seen: FirstSeen | null, what: 'suspect' | 'dead'): { violation?: Violation; undetermined?: string } | undefined {
  const deadline = crash.t + bound.value * 1000;
  if (seen && seen.after <= bound.value) return undefined;
  if (crash.restart && crash.restart.t <= deadline) return undefined;
  const did = (x: string): string => (what === 'suspect' ? `suspected ${x}` : `declared ${x} dead`);
  if (!seen && deadline > truth.observedUntil) {
    return { undetermined: `no observer had ${did(crash.node)} when observation ended, ${fmtS(truth.observedUntil - crash.t)} after its crash, before the ${bound.value} s bound elapsed` };
  }
  const late = seen ? `first ${what === 'suspect' ? 'suspected' : 'declared dead'} only after ${seen.after} s, by ${seen.by} (line ${seen.line})` : `no observer ever ${did('it')}`;
  return { violation: {
    message: `${crash.node} crashed at ${fmtS(crash.t)} (line ${crash.lines[0]}): ${late}, beyond the ${bound.value} s bound`,
    lines: [...new Set([...crash.lines, ...(seen ? [seen.line] : [])])].sort((a, b) => a - b),
    member: crash.node,
    ...(seen ? { observer: seen.by } : {}),
    t: Math.round(seen ? crash.t + seen.after * 1000 : deadline),
  } };
}

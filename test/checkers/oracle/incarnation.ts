// Incarnations and refutation. (1) Within one observer process, the incarnation it
// reports for a member never decreases, except once after the member's process was
// restarted (a `restarted` event, or a `started`/`joined` that is not its first): a
// new process may start again from 0, as the built-in node does. A restart of the
// observer starts a fresh baseline, since its new process knows nothing.
// (2) A healthy accused member refutes in time (refutation.ts). Both are violations.

import { dissemination, fmtS, resolveBound, secs, slack, suspicionMax, type Derived } from './bounds.js';
import { summarize } from './distribution.js';
import { episodesOf, judgeEpisode, type Judged } from './refutation.js';
import { findRun, paramsOf } from './run-meta.js';
import { degradationsOf } from './truth-degraded.js';
import type { Checker, CheckContext, CheckerResult, Violation } from './types.js';
import { buildViews, type Views } from './views.js';
import { pushPullScale } from '../../../nodes/core/antientropy.js';
import type { HistoryEvent } from '../../../src/history/types.js';
import type { ProtocolParams } from '../../../nodes/core/params.js';

const NAME = 'incarnation';
export const incarnation: Checker = { name: NAME, check };

/**
 * The worst chain by which a healthy accused member learns of the accusation and is
 * seen alive again: the accuser's suspicion timer runs out (suspicionTimeoutMax) and
 * its dead broadcast is lost or never sent to the member (both sides of a healed
 * partition may hold each other dead, so neither probes nor gossips to the other), so
 * the member hears of it at the next anti-entropy exchange; then the refutation is
 * gossiped back. Each step can be the slow one, so the steps add up.
 */
export function refuteBound(p: ProtocolParams, n: number, preset: string): Derived {
  const d = dissemination(p, n);
  const timer = suspicionMax(p, n, preset);
  const viaPushPull = p.pushPullInterval > 0;
  const sync = viaPushPull ? pushPullScale(p.pushPullInterval, n) : p.gossipToTheDeadTime;
  const probe = p.probeInterval + p.probeTimeout;
  const s = slack(p);
  const ms = timer.ms + sync + 2 * d.ms + probe + s.ms;
  return { ms, source: `${timer.source} + anti-entropy (${viaPushPull ? 'pushPullInterval' : 'gossipToTheDeadTime'} ${fmtS(sync)})`
    + ` + 2×${d.source} + probe ${fmtS(probe)} + ${s.source} = ${fmtS(ms)}` };
}

function check(ctx: CheckContext): CheckerResult {
  const info = findRun(ctx.events);
  const bounds = { refute: resolveBound(ctx.overrides, NAME, 'refute', () => refuteBound(paramsOf(info), info.n, info.preset)) };
  const { truth } = ctx;
  const events = ctx.events.slice(0, truth.observedLines);
  const views = buildViews(events);
  const restarts = restartTimes(events);
  const restartsOf = (m: string): number[] => restarts.get(m) ?? [];
  const { violations: dropped, relearned } = decreases(views, restartsOf);
  const violations: Violation[] = [...dropped];
  const decreaseCount = violations.length;

  const degradations = degradationsOf(events);
  const judged: Judged[] = episodesOf(views, restartsOf).map((ep) => judgeEpisode(ep, truth, degradations, bounds.refute.value * 1000));
  const undetermined: string[] = [];
  for (const j of judged) {
    const { observer: o, member: m, start, incarnation: inc, last } = j.episode;
    const then = last.state !== start.state ? `, then ${last.state} (line ${last.line})` : '';
    const held = `${o} has held ${m} ${start.state} since ${fmtS(start.t)} (line ${start.line}, incarnation ${inc})${then}`;
    if (j.outcome === 'undetermined') undetermined.push(`${held}; observation ended before the ${bounds.refute.value} s bound elapsed`);
    if (j.outcome !== 'late') continue;
    const late = j.episode.refutedBy ? `; it saw ${m} alive only at ${fmtS(j.episode.end)} (line ${j.episode.refutedBy.line})` : '';
    violations.push({
      message: `${held}: ${m} was up and reachable from ${fmtS(j.clock)} but was not seen alive with a higher incarnation within ${bounds.refute.value} s${late}`,
      lines: [...new Set([start.line, last.line, ...(j.episode.refutedBy ? [j.episode.refutedBy.line] : [])])].sort((a, b) => a - b),
      member: m, observer: o, t: Math.round(j.deadline),
    });
  }
  const refuted = judged.filter((j) => j.outcome === 'refuted');
  const afterMs = (j: Judged): number => Math.max(0, j.episode.end - Math.max(j.clock, j.episode.start.t));
  const dist = summarize(refuted.map((j) => afterMs(j) / 1000));
  return {
    valid: violations.length > 0 ? false : undetermined.length > 0 ? 'unknown' : true,
    metrics: {
      decreases: decreaseCount,
      accusations: judged.length,
      refuted: refuted.length,
      lateRefutations: violations.length - decreaseCount,
      meanRefutation: dist?.mean ?? null,
      maxRefutation: dist?.max ?? null,
      refutations: refuted.map((j) => ({
        observer: j.episode.observer, member: j.episode.member, since: secs(j.episode.start.t), line: j.episode.start.line,
        refutedAfter: secs(afterMs(j)),
        refuteLine: j.episode.refutedBy?.line ?? null,
      })),
      undetermined,
      ...(relearned.length > 0 ? { relearnedLower: relearned.length, relearned: relearned.slice(0, 10) } : {}),
      ...(judged.length === 0 ? { note: 'no member was ever accused (suspect or dead): nothing to refute' } : {}),
    },
    violations,
    bounds,
  };
}

/** Drops at one observer; those after the observer removed the member are re-learnings, not violations. */
function decreases(views: Views, restartsOf: (m: string) => number[]): { violations: Violation[]; relearned: string[] } {
  const out: Violation[] = [];
  const relearned: string[] = [];
  const base = new Map<string, { inc: number; t: number; line: number }>();
  const removals = new Map<string, number[]>();
  for (const s of views.steps) {
    if (s.reset) { for (const k of [...base.keys()]) if (k.startsWith(`${s.observer}\u0000`)) base.delete(k); continue; }
    const k = `${s.observer}\u0000${s.member}`;
    if (s.state === 'removed') { removals.set(k, [...(removals.get(k) ?? []), s.line]); continue; }
    if (s.incarnation === undefined) continue;
    const b = base.get(k);
    const dropped = b !== undefined && s.incarnation < b.inc;
    if (dropped && (removals.get(k) ?? []).some((l) => l > b.line && l < s.line)) {
      relearned.push(`${s.observer} removed ${s.member} at incarnation ${b.inc} (line ${b.line}) and learned it again at incarnation ${s.incarnation} at ${fmtS(s.t)} (line ${s.line})`);
    } else if (dropped && !restartsOf(s.member).some((r) => r > b.t && r <= s.t)) {
      out.push({
        message: `${s.observer} saw ${s.member}'s incarnation go down from ${b.inc} (line ${b.line}) to ${s.incarnation} at ${fmtS(s.t)} (line ${s.line}) without a restart of ${s.member} in between`,
        lines: [b.line, s.line], member: s.member, observer: s.observer, t: s.t,
      });
    }
    // After a drop (allowed or reported) the new value is the baseline, so each drop is reported once.
    base.set(k, { inc: s.incarnation, t: s.t, line: s.line });
  }
  return { violations: out, relearned };
}

/** Times a node's process was started again after an earlier one (the first start is not a restart). */
function restartTimes(events: readonly HistoryEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.type !== 'node' || !['started', 'restarted', 'joined'].includes(e.event)) continue;
    if (e.event === 'restarted' || seen.has(e.node)) out.set(e.node, [...(out.get(e.node) ?? []), e.t]);
    seen.add(e.node);
  }
  return out;
}

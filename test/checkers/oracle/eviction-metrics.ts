// Detection figures for one crash: how long until the first observer suspected
// the node, the first declared it dead, and every live observer had. Times are
// seconds after the crash, counted only until the node restarted.

import { secs } from './bounds.js';
import type { Crash, Truth } from './truth.js';
import type { Views } from './views.js';

export interface FirstSeen { after: number; by: string; line: number }

export interface ObserverFigures { suspect: number | null; dead: number | null; removed: number | null }

export interface CrashMetrics {
  node: string;
  /** Crash time, seconds since run start. */
  at: number;
  lines: number[];
  restartedAt: number | null;
  firstSuspect: FirstSeen | null;
  firstDead: FirstSeen | null;
  /** Seconds until every observer live at the end of the window had said dead/left/removed; null if some never did. */
  allDead: number | null;
  observers: Record<string, ObserverFigures>;
}

export function crashMetrics(crash: Crash, truth: Truth, views: Views): CrashMetrics {
  const end = crash.restart?.t ?? Infinity;
  const inWindow = views.steps.filter((s) => s.member === crash.node && s.observer !== crash.node
    && !s.reset && s.t >= crash.t && s.t < end);
  const first = (state: string): FirstSeen | null => {
    const s = inWindow.find((x) => x.state === state);
    return s ? { after: secs(s.t - crash.t), by: s.observer, line: s.line } : null;
  };
  const judgeAt = Math.min(truth.observedUntil, end === Infinity ? Infinity : end - 1e-6);
  const live = truth.nodes.filter((o) => o !== crash.node && truth.isUp(o, judgeAt));

  const observers: Record<string, ObserverFigures> = {};
  for (const o of live) {
    const mine = inWindow.filter((s) => s.observer === o);
    const at = (pred: (st: string) => boolean): number | null => {
      const s = mine.find((x) => pred(x.state));
      return s ? secs(s.t - crash.t) : null;
    };
    const before = views.stateAt(o, crash.node, crash.t);
    const alreadyDead = before === 'dead' || before === 'left' || before === 'removed';
    observers[o] = {
      suspect: at((st) => st === 'suspect'),
      dead: alreadyDead ? 0 : at((st) => st === 'dead' || st === 'left' || st === 'removed'),
      removed: at((st) => st === 'removed'),
    };
  }
  const deads = Object.values(observers).map((f) => f.dead);
  const allDead = deads.length > 0 && deads.every((d) => d !== null) ? Math.max(...(deads as number[])) : null;

  return {
    node: crash.node,
    at: secs(crash.t),
    lines: crash.lines,
    restartedAt: crash.restart ? secs(crash.restart.t) : null,
    firstSuspect: first('suspect'),
    firstDead: first('dead'),
    allDead,
    observers,
  };
}

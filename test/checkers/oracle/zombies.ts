// No resurrection: while a crashed node is down, no observer may bring it back
// to life. A zombie is an `alive`/`suspect` line about it from an observer that
// had already said dead/left/removed, or an `alive` line from a fresh observer
// after someone had declared it dead (a full-state sync reviving it, memberlist#312).

import { fmtS } from './bounds.js';
import type { Crash, Truth } from './truth.js';
import type { Violation } from './types.js';
import type { Step, ViewState, Views } from './views.js';

const GONE: ReadonlySet<ViewState> = new Set(['dead', 'left', 'removed']);

export function zombies(crash: Crash, views: Views, truth: Truth): Violation[] {
  const m = crash.node;
  const end = crash.restart?.t ?? Infinity;
  const window = views.steps.filter((s) => s.member === m && s.observer !== m && !s.reset
    && s.t >= crash.t && s.t < end && observerRunning(truth, s));
  const firstDeclared = window.find((s) => GONE.has(s.state));
  const out: Violation[] = [];
  for (const s of window) {
    if (s.state !== 'alive' && s.state !== 'suspect') continue;
    const revived = GONE.has(s.prev);
    const synced = s.prev === 'unknown' && s.state === 'alive' && firstDeclared !== undefined && s.t > firstDeclared.t;
    if (!revived && !synced) continue;
    const why = revived
      ? `after it had said '${s.prev}'${declaredLine(views, s)}`
      : `after ${firstDeclared!.observer} had declared it ${firstDeclared!.state} (line ${firstDeclared!.line})`;
    const down = crash.restart ? `before its restart at ${fmtS(crash.restart.t)}` : 'and was never restarted';
    out.push({
      message: `zombie: ${s.observer} saw ${m} ${s.state}${s.incarnation !== undefined ? ` (incarnation ${s.incarnation})` : ''} `
        + `at ${fmtS(s.t)} (line ${s.line}) ${why}; ${m} crashed at ${fmtS(crash.t)} (line ${crash.lines[0]}) ${down}`,
      lines: [...new Set([...crash.lines, ...evidenceLines(views, s, firstDeclared), s.line])].sort((a, b) => a - b),
      member: m,
      observer: s.observer,
      t: s.t,
    });
  }
  return out;
}

/** Buffered lines from a process already killed are not observations of a running node. */
function observerRunning(truth: Truth, s: Step): boolean {
  const st = truth.stateAt(s.observer, s.t);
  return st === 'up' || st === 'paused';
}

function lastGoneBefore(views: Views, s: Step): Step | undefined {
  return views.of(s.observer, s.member).filter((x) => x.line < s.line && GONE.has(x.state)).at(-1);
}

function declaredLine(views: Views, s: Step): string {
  const d = lastGoneBefore(views, s);
  return d ? ` (line ${d.line})` : '';
}

function evidenceLines(views: Views, s: Step, firstDeclared: Step | undefined): number[] {
  if (GONE.has(s.prev)) {
    const d = lastGoneBefore(views, s);
    return d ? [d.line] : [];
  }
  return firstDeclared ? [firstDeclared.line] : [];
}

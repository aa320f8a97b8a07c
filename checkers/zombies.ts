// No resurrection: while a crashed node is down, no observer may bring it back
// to life. A zombie is an `alive`/`suspect` line about it from an observer that
// had already said dead/left/removed, or an `alive` line from a fresh observer
// after someone had declared it dead (a full-state sync reviving it, memberlist#312).
// Judged as steps stream by: per crash, the first declaration and, per observer,
// its last dead/left/removed line about the node.

import { fmtS } from './bounds.js';
import { Capped } from './capped.js';
import type { Crash, Truth } from './truth.js';
import type { Violation } from './types.js';
import type { Step, ViewState } from './view-stream.js';

const GONE: ReadonlySet<ViewState> = new Set(['dead', 'left', 'removed']);

export class ZombieWatch {
  readonly found = new Capped<Violation>();
  private readonly end: number;
  private firstDeclared?: Step;
  private readonly lastGone = new Map<string, Step>();

  constructor(private readonly crash: Crash, private readonly truth: Truth) {
    this.end = crash.restart?.t ?? Infinity;
  }

  get size(): number {
    return this.found.items.length + this.lastGone.size;
  }

  step(s: Step): void {
    const { crash } = this;
    const m = crash.node;
    if (s.member !== m) return;
    const before = this.lastGone.get(s.observer);
    if (GONE.has(s.state)) this.lastGone.set(s.observer, s);
    if (s.observer === m || s.reset || s.t < crash.t || s.t >= this.end || !observerRunning(this.truth, s)) return;
    if (GONE.has(s.state)) this.firstDeclared ??= s;
    if (s.state !== 'alive' && s.state !== 'suspect') return;
    const firstDeclared = this.firstDeclared;
    const revived = GONE.has(s.prev);
    const synced = s.prev === 'unknown' && s.state === 'alive' && firstDeclared !== undefined && s.t > firstDeclared.t;
    if (!revived && !synced) return;
    const why = revived
      ? `after it had said '${s.prev}'${before ? ` (line ${before.line})` : ''}`
      : `after ${firstDeclared!.observer} had declared it ${firstDeclared!.state} (line ${firstDeclared!.line})`;
    const evidence = revived ? (before ? [before.line] : []) : [firstDeclared!.line];
    const down = crash.restart ? `before its restart at ${fmtS(crash.restart.t)}` : 'and was never restarted';
    this.found.push({
      message: `zombie: ${s.observer} saw ${m} ${s.state}${s.incarnation !== undefined ? ` (incarnation ${s.incarnation})` : ''} `
        + `at ${fmtS(s.t)} (line ${s.line}) ${why}; ${m} crashed at ${fmtS(crash.t)} (line ${crash.lines[0]}) ${down}`,
      lines: [...new Set([...crash.lines, ...evidence, s.line])].sort((a, b) => a - b),
      member: m,
      observer: s.observer,
      t: s.t,
    });
  }
}

/** Buffered lines from a process already killed are not observations of a running node. */
function observerRunning(truth: Truth, s: Step): boolean {
  const st = truth.stateAt(s.observer, s.t);
  return st === 'up' || st === 'paused';
}

// Detection figures for one crash: how long until the first observer suspected
// the node, the first declared it dead, and every live observer had. Times are
// seconds after the crash, counted only until the node restarted. Collected as
// steps stream by (CrashWatch): a few figures per observer, never the steps.

import { secs } from './bounds.js';
import type { Crash, Truth } from './truth.js';
import type { Step, ViewState } from './view-stream.js';

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

/** An observer's view of a member at time T: the state its steps up to T left. */
export class StateAt {
  private value?: ViewState;

  constructor(readonly t: number) {}

  step(s: Step): void {
    if (this.value === undefined && s.t > this.t) this.value = s.prev;
  }

  /** True once a step after T has fixed the state at T. */
  get known(): boolean {
    return this.value !== undefined;
  }

  /** `current` is the pair's state at the end, which holds when no step came after T. */
  get(current: ViewState): ViewState {
    return this.value ?? current;
  }
}

interface Mine { suspect?: Step; dead?: Step; removed?: Step; before: StateAt }

/** The figures of one crash, fed every step about the crashed node. */
export class CrashWatch {
  readonly end: number;
  readonly live: string[];
  private firstSuspect?: Step;
  private firstDead?: Step;
  private readonly mine = new Map<string, Mine>();
  /** Live observers whose view at the crash is not known yet. */
  private pending: number;

  constructor(readonly crash: Crash, truth: Truth) {
    this.end = crash.restart?.t ?? Infinity;
    const judgeAt = Math.min(truth.observedUntil, this.end === Infinity ? Infinity : this.end - 1e-6);
    this.live = truth.nodes.filter((o) => o !== crash.node && truth.isUp(o, judgeAt));
    for (const o of this.live) this.mine.set(o, { before: new StateAt(crash.t) });
    this.pending = this.mine.size;
  }

  get size(): number {
    return 1 + this.mine.size;
  }

  /** True for a step of the crash window: about the node, from another observer, before the restart. */
  inWindow(s: Step): boolean {
    return s.member === this.crash.node && s.observer !== this.crash.node && !s.reset && s.t >= this.crash.t && s.t < this.end;
  }

  step(s: Step): void {
    // Steps before the crash change nothing; after it, an observer's first step fixes its view at the crash.
    if (s.t < this.crash.t) return;
    if (this.pending > 0 && s.t > this.crash.t) {
      const before = this.mine.get(s.observer)?.before;
      if (before && !before.known) { before.step(s); this.pending--; }
    }
    if (!this.inWindow(s)) return;
    if (s.state === 'suspect') this.firstSuspect ??= s;
    if (s.state === 'dead') this.firstDead ??= s;
    const m = this.mine.get(s.observer);
    if (!m) return;
    if (s.state === 'suspect') m.suspect ??= s;
    if (s.state === 'dead' || s.state === 'left' || s.state === 'removed') m.dead ??= s;
    if (s.state === 'removed') m.removed ??= s;
  }

  /** The observer's view of the node when it crashed (for observers live at the end of the window). */
  before(o: string, current: (o: string) => ViewState): ViewState {
    return this.mine.get(o)?.before.get(current(o)) ?? current(o);
  }

  metrics(current: (o: string) => ViewState): CrashMetrics {
    const { crash } = this;
    const first = (s: Step | undefined): FirstSeen | null => (s ? { after: secs(s.t - crash.t), by: s.observer, line: s.line } : null);
    const after = (s: Step | undefined): number | null => (s ? secs(s.t - crash.t) : null);
    const observers: Record<string, ObserverFigures> = {};
    for (const o of this.live) {
      const m = this.mine.get(o)!;
      const before = m.before.get(current(o));
      const alreadyDead = before === 'dead' || before === 'left' || before === 'removed';
      observers[o] = { suspect: after(m.suspect), dead: alreadyDead ? 0 : after(m.dead), removed: after(m.removed) };
    }
    const deads = Object.values(observers).map((f) => f.dead);
    const allDead = deads.length > 0 && deads.every((d) => d !== null) ? Math.max(...(deads as number[])) : null;
    return {
      node: crash.node,
      at: secs(crash.t),
      lines: crash.lines,
      restartedAt: crash.restart ? secs(crash.restart.t) : null,
      firstSuspect: first(this.firstSuspect),
      firstDead: first(this.firstDead),
      allDead,
      observers,
    };
  }
}

/** Routes each step to the watches of crashes of its member. */
export class CrashWatches<W extends { step(s: Step): void }> {
  private readonly byNode = new Map<string, W[]>();

  constructor(readonly all: readonly { node: string; watch: W }[]) {
    for (const { node, watch } of all) this.byNode.set(node, [...(this.byNode.get(node) ?? []), watch]);
  }

  step(s: Step): void {
    const ws = this.byNode.get(s.member);
    if (ws) for (const w of ws) w.step(s);
  }
}

// The controller's running picture of what each node says about each member,
// fed from the same lines that go into the history. Used only to decide when
// the cluster has formed or settled; verdicts come from the checkers alone.

import type { MemberState } from '../history/types.js';

export class LiveView {
  private readonly views = new Map<string, Map<string, MemberState>>();

  observe(observer: string, line: { type?: unknown; member?: unknown; state?: unknown }): void {
    if (typeof line.member !== 'string') return;
    let v = this.views.get(observer);
    if (!v) this.views.set(observer, (v = new Map()));
    if (line.type === 'member' && typeof line.state === 'string') v.set(line.member, line.state as MemberState);
    else if (line.type === 'removed') v.delete(line.member);
  }

  /** Forget what a node said (it crashed; a restarted process starts from nothing). */
  reset(observer: string): void {
    this.views.delete(observer);
  }

  /**
   * True when every `up` node sees exactly the `up` nodes as alive. Other members
   * may still be listed as dead or left, unless `removed` asks that they be gone
   * (reaped) too, which is what eventual eviction waits for.
   */
  matches(up: readonly string[], removed = false): boolean {
    const want = new Set(up);
    return up.every((o) => {
      const v = this.views.get(o);
      if (!v) return false;
      for (const m of want) if (v.get(m) !== 'alive') return false;
      for (const [m, s] of v) {
        if (want.has(m)) continue;
        if (removed || s === 'alive' || s === 'suspect') return false;
      }
      return true;
    });
  }

  /** What keeps `matches(up)` false: each (observer, member) pair where the observer does not see an `up` member alive. */
  gaps(up: readonly string[]): { observer: string; member: string; state: MemberState | 'unknown' }[] {
    const out: { observer: string; member: string; state: MemberState | 'unknown' }[] = [];
    for (const o of up) {
      const v = this.views.get(o);
      for (const m of up) {
        const s = v?.get(m);
        if (s !== 'alive') out.push({ observer: o, member: m, state: s ?? 'unknown' });
      }
    }
    return out;
  }
}

// Cross-check of the `view` snapshots (GET /view at quiescence) against the
// expected final views. Only each live observer's last snapshot after the settle
// point counts; a member missing from a snapshot is 'removed'.

import type { HistoryEvent } from '../../../src/history/types.js';
import { matches, type Expectation } from './expectation.js';
import type { ViewState } from './views.js';

export interface Snapshot { t: number; line: number; states: Map<string, ViewState> }
export interface SnapshotMismatch { observer: string; member: string; state: ViewState; t: number; line: number }

export interface SnapshotFindings {
  byObserver: Map<string, Snapshot>;
  wrong: SnapshotMismatch[];
  checked: number;
}

export function snapshotFindings(
  events: readonly HistoryEvent[], observers: readonly string[], expect: ReadonlyMap<string, Expectation>, from: number,
): SnapshotFindings {
  const wanted = new Set(observers);
  const byObserver = new Map<string, Snapshot>();
  events.forEach((e, i) => {
    if (e.type !== 'view' || e.error || e.t < from || !wanted.has(e.node)) return;
    byObserver.set(e.node, { t: e.t, line: i + 1, states: new Map(e.members.map((m) => [m.id, m.state])) });
  });
  const wrong: SnapshotMismatch[] = [];
  for (const [observer, snap] of byObserver) {
    const members = new Set([...expect.keys(), ...snap.states.keys()]);
    for (const member of members) {
      const state = snap.states.get(member) ?? (member === observer ? 'unknown' : 'removed');
      if (!matches(observer, member, state, expect.get(member) ?? 'gone')) {
        wrong.push({ observer, member, state, t: snap.t, line: snap.line });
      }
    }
  }
  return { byObserver, wrong, checked: byObserver.size };
}

// Cross-check of the `view` snapshots (GET /view at quiescence) against the
// expected final views. Only each live observer's last snapshot after the settle
// point counts; a member missing from a snapshot is 'removed'. Snapshots stream
// by; only the last one per observer is kept.

import type { EventOf } from '../src/history/types.js';
import { matches, type Expectation } from './expectation.js';
import type { ViewState } from './view-stream.js';

export interface Snapshot { t: number; line: number; states: Map<string, ViewState> }
export interface SnapshotMismatch { observer: string; member: string; state: ViewState; t: number; line: number }

export interface SnapshotFindings {
  byObserver: Map<string, Snapshot>;
  wrong: SnapshotMismatch[];
  checked: number;
}

export class Snapshots {
  private readonly last = new Map<string, { e: EventOf<'view'>; line: number }>();

  constructor(private readonly from: number) {}

  get size(): number {
    return this.last.size;
  }

  view(e: EventOf<'view'>, line: number): void {
    if (e.error || e.t < this.from) return;
    this.last.set(e.node, { e, line });
  }

  findings(observers: readonly string[], expect: ReadonlyMap<string, Expectation>): SnapshotFindings {
    const wanted = new Set(observers);
    const byObserver = new Map<string, Snapshot>();
    for (const [node, { e, line }] of this.last) {
      if (wanted.has(node)) byObserver.set(node, { t: e.t, line, states: new Map(e.members.map((m) => [m.id, m.state])) });
    }
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
}

// Hand-written histories for checker and report tests. The builder appends
// events the way the controller does, and remembers line numbers (1-based) so
// tests can assert which lines a violation cites.

import type { HistoryEvent, LifecycleEvent, MemberState, ViewMember } from '../../src/history/types.js';
import type { ResolvedScenario } from '../../src/config/types.js';
import { PRESETS, type ProtocolParams } from '../../nodes/core/params.js';

export class History {
  readonly events: HistoryEvent[] = [];
  readonly ids: string[];

  constructor(n = 5, opts: { params?: ProtocolParams | null; bounds?: ResolvedScenario['bounds']; seed?: number } = {}) {
    this.ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    const seed = opts.seed ?? 4242;
    const config = {
      name: 'crash-one', file: 'scenarios/crash-one.yaml', seed,
      cluster: { nodes: n, implementation: 'builtin', preset: 'lan', ...(opts.params === null ? {} : { params: opts.params ?? PRESETS.lan }) },
      warmup: 5000, duration: 60_000, quiesce: 30_000, schedule: [], bounds: opts.bounds ?? {},
    };
    this.push({
      t: 0, type: 'run', runId: 'r-test', scenario: 'crash-one', seed, runtime: 'sim', implementation: 'builtin',
      preset: 'lan', nodes: this.ids, config, versions: { gossiplab: '0.1.0' }, host: {},
      command: `gossiplab run scenarios/crash-one.yaml --seed ${seed} --nodes ${n}`,
    });
  }

  /** Appends an event and returns its line number. */
  push(e: HistoryEvent): number {
    this.events.push(e);
    return this.events.length;
  }

  node(t: number, node: string, event: LifecycleEvent): number {
    return this.push({ t, type: 'node', node, event });
  }

  member(t: number, observer: string, member: string, state: MemberState, incarnation = 0): number {
    return this.push({ t, type: 'obs', node: observer, obs: 'member', member, state, incarnation });
  }

  removed(t: number, observer: string, member: string): number {
    return this.push({ t, type: 'obs', node: observer, obs: 'removed', member });
  }

  phase(t: number, name: 'setup' | 'nemesis' | 'heal' | 'quiesce' | 'teardown' | 'done'): number {
    return this.push({ t, type: 'phase', name });
  }

  fault(t: number, phase: 'start' | 'stop', id: string, kind: string, targets: string[], extra: Partial<Extract<HistoryEvent, { type: 'fault' }>> = {}): number {
    return this.push({ t, type: 'fault', phase, id, kind, targets, params: {}, ...extra });
  }

  partition(t: number, phase: 'start' | 'stop', id: string, a: string[], b: string[]): number {
    const links: [string, string][] = [];
    for (const x of a) for (const y of b) links.push([x, y], [y, x]);
    return this.fault(t, phase, id, 'partition', [...a, ...b], { params: { sides: [a, b] }, links });
  }

  /** A crash as the controller writes it: the fault start, then the `killed` event. Returns both lines. */
  crash(t: number, node: string, id = `f-crash-${node}`): [number, number] {
    return [this.fault(t, 'start', id, 'crash', [node]), this.node(t + 5, node, 'killed')];
  }

  /** A cumulative `stats` line: `sent`/`recv` are {msgs, bytes} totals under one message type. */
  stats(t: number, node: string, sent: { msgs: number; bytes: number }, recv = sent): number {
    return this.push({ t, type: 'obs', node, obs: 'stats', sent: { ping: sent }, recv: { ack: recv } });
  }

  /** The controller injected a metadata update at `node`. */
  update(t: number, node: string, key: string, version: number): number {
    return this.push({ t, type: 'update', node, key, version });
  }

  /** `observer` saw `member`'s metadata update. */
  sawUpdate(t: number, observer: string, member: string, key: string, version: number): number {
    return this.push({ t, type: 'obs', node: observer, obs: 'update', member, key, version });
  }

  view(t: number, node: string, states: Record<string, MemberState>): number {
    const members: ViewMember[] = Object.entries(states).map(([id, state]) => ({ id, addr: `10.0.0.${id.slice(1)}:7946`, state, incarnation: 0 }));
    return this.push({ t, type: 'view', node, self: node, members });
  }

  /** All nodes start, and every node reports every node alive. */
  formed(t: number): this {
    for (const id of this.ids) this.node(t, id, 'started');
    for (const o of this.ids) for (const m of this.ids) this.member(t + 400, o, m, 'alive');
    return this;
  }

  /** Every live observer's view snapshot, from the given per-member states. */
  views(t: number, observers: string[], states: Record<string, MemberState>): number[] {
    return observers.map((o) => this.view(t, o, states));
  }
}

/**
 * A correct run on LAN params, N=5 (detection bound 33.3 s, reap 73.3 s, convergence 38.3 s):
 * every node prints cumulative stats at 2, 6 and 9 s (about 300 B/s);
 * n5 crashes at 20 s; n1 suspects it at 21.8 s; everyone has it dead by 26 s and removed by 57 s.
 * `quiesce` adds events after the quiesce phase (60 s), before the view snapshots and teardown.
 */
export function goodCrashRun(opts: { skip?: string[]; end?: number; quiesce?: (h: History) => void } = {}): { h: History; crashLines: [number, number] } {
  const h = new History(5);
  h.phase(0, 'setup');
  h.formed(100);
  for (const [t, k] of [[2000, 1], [6000, 5], [9000, 8]] as const) {
    for (const id of h.ids) h.stats(t, id, { msgs: 6 * k, bytes: 300 * k });
  }
  h.phase(10_000, 'nemesis');
  const crashLines = h.crash(20_000, 'n5');
  const observers = ['n1', 'n2', 'n3', 'n4'].filter((o) => !opts.skip?.includes(o));
  observers.forEach((o, i) => h.member(21_800 + i * 300, o, 'n5', 'suspect'));
  observers.forEach((o, i) => h.member(25_000 + i * 300, o, 'n5', 'dead'));
  observers.forEach((o, i) => h.removed(55_000 + i * 500, o, 'n5'));
  h.phase(60_000, 'heal');
  h.phase(60_010, 'quiesce');
  opts.quiesce?.(h);
  const end = opts.end ?? 66_000;
  h.views(end - 1000, ['n1', 'n2', 'n3', 'n4'], { n1: 'alive', n2: 'alive', n3: 'alive', n4: 'alive' });
  h.phase(end - 500, 'teardown');
  h.phase(end, 'done');
  return { h, crashLines };
}

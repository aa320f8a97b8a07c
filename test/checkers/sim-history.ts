// Histories written by the real protocol core, not by hand: the virtual-time cluster
// of test/nodes/harness.ts runs a scenario and every observation, fault, lifecycle
// event and cumulative `stats` snapshot lands in a History exactly as the controller
// would write it. This is how the checkers are shown to pass a run where nothing is
// wrong, and to catch the core's known-bad modes.

import { resolveParams, type ProtocolParams } from '../../nodes/core/params.js';
import { Sim } from '../nodes/harness.js';
import { History } from './histories.js';
import type { HistoryEvent } from '../../src/history/types.js';

export interface SimRunOptions {
  seed: number;
  params?: Partial<ProtocolParams>;
  /** Crashed at 5 s and never restarted (default n3). */
  crash?: string | null;
  /** Two halves cut from 15 s for `partitionMs` (default true, 10 s). */
  partition?: boolean;
  partitionMs?: number;
  /** A metadata update injected at 8 s at this node. */
  update?: string;
  /** Called once per second of virtual time, before the sim runs on: a hidden fault the history does not record. */
  meddle?: (sim: Sim, t: number) => void;
  /** Loss probability on every link, hidden from the history. */
  loss?: number;
  end?: number;
}

export function simRun(o: SimRunOptions): History {
  const n = 5;
  const params = resolveParams('lan', o.params ?? {});
  const h = new History(n, { params, seed: o.seed });
  const sim = new Sim({ seed: o.seed, params: o.params ?? {}, latency: 1, jitter: 2, loss: o.loss ?? 0 });
  let flushed = 0;
  const flush = (): void => {
    for (const r of sim.log.slice(flushed)) {
      const { type, ...fields } = r.obs;
      h.push({ t: r.t, node: r.node, type: 'obs', obs: type, ...fields } as HistoryEvent);
    }
    flushed = sim.log.length;
  };
  const a = h.ids.slice(0, Math.floor(n / 2));
  const b = h.ids.slice(Math.floor(n / 2));
  const end = o.end ?? 85_000;
  const crash = o.crash === undefined ? 'n3' : o.crash;

  h.phase(0, 'setup');
  for (const [i, id] of h.ids.entries()) {
    sim.runUntil(i * 200);
    flush();
    h.node(sim.now, id, 'started');
    sim.add(id, i === 0 ? [] : ['n1']);
  }
  for (let t = 1000; t <= end; t += 1000) {
    sim.runUntil(t);
    flush();
    for (const id of sim.live()) {
      const s = sim.node(id).statsSnapshot();
      h.push({ t, type: 'obs', node: id, obs: 'stats', sent: s.sent, recv: s.recv });
    }
    if (t === 3000) h.phase(t, 'nemesis');
    if (t === 5000 && crash) { h.crash(t, crash); sim.crash(crash); }
    if (t === 8000 && o.update) {
      const version = sim.act(o.update, (node, now) => node.setMeta('role', 'db', now));
      flush();
      h.update(t, o.update, 'role', version);
    }
    if (t === 15_000 && o.partition !== false) { h.partition(t, 'start', 'f2-partition', a, b); cut(sim, a, b, true); }
    if (t === 15_000 + (o.partitionMs ?? 10_000) && o.partition !== false) { h.partition(t, 'stop', 'f2-partition', a, b); cut(sim, a, b, false); }
    if (t === 33_000 + Math.max(0, (o.partitionMs ?? 10_000) - 10_000)) { h.phase(t, 'heal'); h.phase(t, 'quiesce'); }
    o.meddle?.(sim, t);
  }
  for (const id of sim.live()) {
    h.view(end, id, Object.fromEntries(sim.node(id).view().members.map((m) => [m.id, m.state])));
  }
  h.phase(end + 100, 'teardown');
  h.phase(end + 200, 'done');
  return h;
}

function cut(sim: Sim, a: string[], b: string[], on: boolean): void {
  for (const x of a) for (const y of b) {
    if (on) { sim.block(x, y); sim.block(y, x); } else { sim.unblock(x, y); sim.unblock(y, x); }
  }
}

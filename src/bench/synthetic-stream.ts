// A synthetic history of any length, written straight to disk in time order
// (never held in memory), shaped like a long real run: every node prints `stats`
// (whole-number counters, as nodes count) and `detector` lines every 500 ms, and
// a fault every 15 s cycles through a crash with restart, a partition cutting a
// few nodes off, a pause, a lossy node and a metadata update, each with every
// observer's member (or update) lines about it. Observations carry the node's
// own `ts` and `seq`, and stats lines `dropped` and `packets`, as the built-in
// node prints them. Seeded, so the same size gives
// the same file.

import { closeSync, openSync, writeSync } from 'node:fs';
import { HistoryIndexer } from '../history/index-file.js';
import type { HistoryEvent } from '../history/types.js';
import { PRESETS } from '../../nodes/core/params.js';

export interface StreamOptions { events: number; nodes?: number; seed?: number }

const SLOT = 500;
const CYCLE = 15_000;
/** The nodes' wall clock when the run's clock reads 0. */
const EPOCH_MS = 1_795_000_000_000;

export function writeSyntheticHistory(path: string, o: StreamOptions): { events: number; bytes: number; durationMs: number } {
  const n = o.nodes ?? 100;
  let state = o.seed ?? 7;
  const rnd = (): number => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const inc = new Map(ids.map((id) => [id, 0]));
  const counters = new Map(ids.map((id) => [id, 0]));
  const fd = openSync(path, 'w');
  const index = new HistoryIndexer(fd);
  let closed = false;
  let out = '';
  let events = 0;
  let bytes = 0;
  const seqs = new Map<string, number>();
  const write = (e: HistoryEvent): void => {
    if (e.type === 'obs') {
      // As the built-in node prints them: its own clock (whole ms, a little behind arrival) and line number.
      const seq = (seqs.get(e.node) ?? 1) + 1;
      seqs.set(e.node, seq);
      e = { ...e, ts: EPOCH_MS + Math.floor(e.t) - (seq % 4), seq } as HistoryEvent;
    }
    const line = JSON.stringify(e) + '\n';
    out += line;
    index.add(line, e.type, e.t);
    events++;
    if (out.length > 1 << 20) flush();
  };
  const flush = (): void => { bytes += writeSync(fd, out); out = ''; };
  // Events due later, by 500 ms slot; each slot is sorted by time when it is written.
  const pending = new Map<number, HistoryEvent[]>();
  const later = (e: HistoryEvent): void => {
    const slot = Math.floor(e.t / SLOT);
    const list = pending.get(slot);
    if (list) list.push(e);
    else pending.set(slot, [e]);
  };
  const member = (t: number, obs: string, m: string, st: 'alive' | 'suspect' | 'dead'): void =>
    later({ t: Math.round(t * 1000) / 1000, type: 'obs', node: obs, obs: 'member', member: m, state: st, incarnation: inc.get(m) ?? 0 });
  const accuse = (t: number, observers: readonly string[], members: readonly string[], heal: number): void => {
    for (const a of observers) for (const b of members) {
      if (a === b) continue;
      member(t + 1000 + rnd() * 3000, a, b, 'suspect');
      member(t + 6000 + rnd() * 2000, a, b, 'dead');
      member(heal + 1000 + rnd() * 3000, a, b, 'alive');
    }
  };

  try {
    write({ t: 0, type: 'run', runId: 'synthetic', scenario: 'synthetic', seed: o.seed ?? 7, runtime: 'sim', implementation: 'builtin', preset: 'lan', nodes: ids,
      config: { name: 'synthetic', file: 'scenarios/synthetic.yaml', seed: o.seed ?? 7, cluster: { nodes: n, implementation: 'builtin', preset: 'lan', params: PRESETS.lan },
        warmup: 10_000, duration: 0, quiesce: 60_000, schedule: [], bounds: {} },
      versions: { gossiplab: '0.1.0' }, host: { netem: true, tbf: true }, command: `gossiplab run scenarios/synthetic.yaml --seed ${o.seed ?? 7} --nodes ${n}` });
    write({ t: 1, type: 'phase', name: 'setup' });
    ids.forEach((id, i) => write({ t: 100 + i, type: 'node', node: id, event: 'started' }));
    for (const a of ids) for (const b of ids) member(600 + rnd() * 400, a, b, 'alive');
    later({ t: 10_000, type: 'phase', name: 'nemesis' });

    let k = 0;
    let t = 0;
    let nextFault = 12_000;
    const quiesceAt = (): boolean => events + pendingCount(pending) >= o.events - 2 * n;
    for (; ; t += SLOT) {
      const stopping = quiesceAt();
      if (!stopping && t >= nextFault) { fault(nextFault, k++); nextFault += CYCLE; }
      for (const id of ids) {
        const c = (counters.get(id) ?? 0) + 5 + Math.floor(rnd() * 10);
        counters.set(id, c);
        const ctr = (m: number): { msgs: number; bytes: number } => ({ msgs: Math.round(c * m), bytes: Math.round(c * m) * 24 });
        later({ t: t + Math.round(rnd() * 100_000) / 1000, type: 'obs', node: id, obs: 'stats', sent: { alive: ctr(3), ping: ctr(1), ack: ctr(1), digest: ctr(0.2) },
          recv: { alive: ctr(3), ping: ctr(1), ack: ctr(1), state: ctr(0.5) }, dropped: {}, packets: { sent: ctr(4), recv: ctr(4) } } as HistoryEvent);
        later({ t: t + 100 + Math.round(rnd() * 100_000) / 1000, type: 'obs', node: id, obs: 'detector', awareness: rnd() < 0.02 ? 1 : 0,
          suspicion: rnd() < 0.05 ? { [ids[Math.floor(rnd() * n)]!]: 24_000 } : {} });
      }
      const slot = Math.floor(t / SLOT);
      const due = pending.get(slot);
      pending.delete(slot);
      if (due) for (const e of due.sort((a, b) => a.t - b.t)) write(e);
      if (stopping && pending.size === 0) break;
    }
    write({ t: t + SLOT, type: 'phase', name: 'heal' });
    write({ t: t + SLOT, type: 'phase', name: 'quiesce' });
    write({ t: t + 2 * SLOT, type: 'phase', name: 'teardown' });
    write({ t: t + 3 * SLOT, type: 'phase', name: 'done' });
    flush();
    closeSync(fd);
    closed = true;
    // Its index, as the lab's own writers leave one (src/history/index-file.ts).
    index.write(path);
    return { events, bytes, durationMs: t + 3 * SLOT };
  } finally {
    if (!closed) closeSync(fd);
  }

  function fault(at: number, k: number): void {
    const x = ids[Math.floor(rnd() * n)]!;
    const others = ids.filter((id) => id !== x);
    switch (k % 5) {
      case 0: {
        later({ t: at, type: 'fault', phase: 'start', id: `f${k}-crash`, kind: 'crash', targets: [x], params: { nodes: [x], restart: true } });
        later({ t: at + 50, type: 'node', node: x, event: 'killed' });
        inc.set(x, (inc.get(x) ?? 0) + 1);
        for (const a of others) { member(at + 1000 + rnd() * 3000, a, x, 'suspect'); member(at + 6000 + rnd() * 2000, a, x, 'dead'); }
        later({ t: at + 10_000, type: 'node', node: x, event: 'restarted' });
        for (const a of others) member(at + 11_000 + rnd() * 2000, a, x, 'alive');
        for (const m of ids) member(at + 10_500 + rnd() * 500, x, m, 'alive');
        break;
      }
      case 1: {
        const start = Math.floor(rnd() * (n - 3));
        const a = ids.slice(start, start + 3), b = ids.filter((id) => !a.includes(id));
        const links: [string, string][] = [];
        for (const p of a) for (const q of b) links.push([p, q], [q, p]);
        const f = { type: 'fault' as const, id: `f${k}-partition`, kind: 'partition', targets: ids, params: { sides: [a, b] }, links };
        later({ t: at, phase: 'start', ...f });
        later({ t: at + 9000, phase: 'stop', ...f });
        accuse(at, a, b, at + 9000);
        accuse(at, b, a, at + 9000);
        break;
      }
      case 2: {
        const f = { type: 'fault' as const, id: `f${k}-pause`, kind: 'pause', targets: [x], params: { nodes: [x] } };
        later({ t: at, phase: 'start', ...f });
        later({ t: at + 1, type: 'node', node: x, event: 'paused' });
        later({ t: at + 4000, type: 'node', node: x, event: 'resumed' });
        later({ t: at + 4001, phase: 'stop', ...f });
        for (const a of others) if (rnd() < 0.5) { member(at + 2000 + rnd() * 1500, a, x, 'suspect'); member(at + 4500 + rnd() * 1000, a, x, 'alive'); }
        break;
      }
      case 3: {
        const links = others.flatMap((o2) => [[x, o2], [o2, x]] as [string, string][]);
        const f = { type: 'fault' as const, id: `f${k}-loss`, kind: 'loss', targets: [x], params: { p: 0.3 }, links, loss: 0.3 };
        later({ t: at, phase: 'start', ...f });
        later({ t: at + 8000, phase: 'stop', ...f });
        break;
      }
      default: {
        const version = k;
        later({ t: at, type: 'update', node: x, key: 'role', version });
        for (const a of ids) later({ t: Math.round((at + 50 + rnd() * 2000) * 1000) / 1000, type: 'obs', node: a, obs: 'update', member: x, key: 'role', version });
      }
    }
  }
}

function pendingCount(pending: Map<number, HistoryEvent[]>): number {
  let c = 0;
  for (const l of pending.values()) c += l.length;
  return c;
}

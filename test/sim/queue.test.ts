// The agenda: items come out in time order, and items due at the same time in
// the order they were pushed, however the heap had to grow; a node has one
// wake-up at a time, and moving it keeps the order with the rest of the agenda.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../nodes/core/index.js';
import { EventQueue } from '../../src/sim/queue.js';
import { WakeQueue } from '../../src/sim/wake-queue.js';

describe('EventQueue', () => {
  it('pops by time, then by insertion order, across growth', () => {
    const q = new EventQueue<number>();
    const rng = new Rng(3);
    const pushed: { at: number; i: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const at = rng.int(200);
      q.push(at, i);
      pushed.push({ at, i });
    }
    const want = [...pushed].sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.i);
    const got: number[] = [];
    while (q.size > 0) got.push(q.pop()!);
    expect(got).toEqual(want);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBe(Infinity);
  });
});

describe('WakeQueue', () => {
  it('keeps one wake-up per node, moved in place, ordered with the agenda by its tickets', () => {
    const q = new EventQueue<string>();
    const w = new WakeQueue();
    const rng = new Rng(5);
    const want = new Map<number, { at: number; seq: number }>();
    for (let i = 0; i < 20_000; i++) {
      const idx = rng.int(3000);
      const at = rng.int(500);
      const seq = q.ticket();
      w.set(idx, at, seq);
      want.set(idx, { at, seq });
    }
    q.push(250, 'agenda item');
    expect(w.size).toBe(want.size);
    const order = [...want].sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq);
    const got: number[] = [];
    let agendaAfter = -1;
    while (w.size > 0) {
      if (q.size > 0 && (q.peekTime() < w.peekTime() || (q.peekTime() === w.peekTime() && q.peekSeq() < w.peekSeq()))) {
        q.pop();
        agendaAfter = got.length;
        continue;
      }
      got.push(w.pop());
    }
    expect(got).toEqual(order.map(([idx]) => idx));
    // pushed last, so after every wake-up planned for the same time
    expect(agendaAfter).toBe(order.filter(([, v]) => v.at <= 250).length);
    expect(w.peekTime()).toBe(Infinity);
  });
});

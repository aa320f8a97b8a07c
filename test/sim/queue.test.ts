// The agenda: items come out in time order, and items due at the same time in
// the order they were pushed, however the heap had to grow.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../nodes/core/index.js';
import { EventQueue } from '../../src/sim/queue.js';

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

// A Runtime that only records the verbs faults call, and a FaultContext around
// it, for testing apply/heal logic without containers. The real verbs are
// exercised by the Docker integration tests.

import type { FaultContext } from '../../faults/types.js';
import type { NodeSpec, Runtime } from '../../src/runtime/types.js';
import type { LifecycleEvent } from '../../src/history/types.js';
import type { ScheduledFault } from '../../src/config/types.js';
import { createRng } from '../../src/seed.js';

export interface Call { t: number; verb: string; args: unknown[] }

export function fakeLab(ids = ['n1', 'n2', 'n3', 'n4', 'n5']) {
  const calls: Call[] = [];
  const events: { t: number; node: string; event: LifecycleEvent }[] = [];
  const notes: string[] = [];
  const known = [...ids];
  const t0 = Date.now();
  const now = (): number => Date.now() - t0;
  const rec = (verb: string) => async (...args: unknown[]): Promise<never> => {
    calls.push({ t: now(), verb, args });
    return undefined as never;
  };
  const rt = new Proxy({} as Runtime, {
    get: (_, verb: string) => {
      if (verb === 'capabilities') return { netem: true, tbf: true, clock: true, cpu: true, leave: true };
      if (verb === 'name') return 'sim';
      return rec(verb);
    },
  });
  const abort = new AbortController();
  const ctx: FaultContext = {
    rt,
    lifecycle: (node, event) => { events.push({ t: now(), node, event }); },
    note: (_level, message) => { notes.push(message); },
    rng: createRng(5),
    nodes: () => [...known],
    newNode: (): NodeSpec => {
      const id = `n${known.length + 1}`;
      known.push(id);
      return { id, config: {}, seeds: ['n1'], rngSeed: 1 };
    },
    signal: abort.signal,
  };
  /** The verbs called so far, as "verb arg0" strings (arg0 is the node, or the fault id). */
  const verbs = (): string[] => calls.map((c) => `${c.verb} ${String(c.args[0])}`);
  return { rt, ctx, calls, events, notes, verbs, abort };
}

export function scheduled(kind: ScheduledFault['kind'], params: Record<string, unknown>, duration = 10_000, id = `f1-${kind}`): ScheduledFault {
  return { id, kind, at: 0, duration, params };
}

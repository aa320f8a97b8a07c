// Faults that keep acting over their window (slow, clock strobe, churn, restart)
// run a background loop: started by `apply`, which returns at once so the
// nemesis keeps its timetable, and ended by `heal`, which waits for it. Loops are
// keyed by fault id (unique in a run), stop on heal or on run abort, and never
// throw: a failure becomes a note in the history.

import type { FaultContext } from './types.js';

interface Loop { stop: AbortController; done: Promise<void>; state: unknown }

const running = new Map<string, Loop>();

/** Start `body` for fault `id` unless it already runs (apply is idempotent). */
export function startLoop<S>(ctx: FaultContext, id: string, state: S, body: (signal: AbortSignal, state: S) => Promise<void>): void {
  if (running.has(id)) return;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, ctx.signal]);
  const done = body(signal, state).catch((e: Error) => ctx.note('error', `${id}: ${e.message}`));
  running.set(id, { stop, done, state });
}

/** Stop the loop of fault `id` and wait until it has returned; gives back its state. */
export async function stopLoop<S>(id: string): Promise<S | undefined> {
  const loop = running.get(id);
  if (!loop) return undefined;
  loop.stop.abort();
  await loop.done;
  running.delete(id);
  return loop.state as S;
}

export function looping(id: string): boolean {
  return running.has(id);
}

/** Wait `ms`, or less if the signal aborts; true when the whole time passed. */
export function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (full: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(full);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

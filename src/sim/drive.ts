// Runs controller code (the run's phases, the nemesis, fault loops) as coroutines
// over virtual time: the agenda runs until a controller wait comes due, that
// coroutine runs on until it waits again, and so on. Only promise callbacks may
// run between two agenda items, so the interleaving is the same on every run.

import type { SimCluster } from './cluster.js';

/** Run `script` (an async function that waits only through `cluster.sleep`) to completion in virtual time. */
export async function drive<T>(cluster: SimCluster, script: () => Promise<T>): Promise<T> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  let failed = false;
  script().then((v) => { done = true; value = v; }, (e: unknown) => { done = true; failed = true; error = e; });
  await settle();
  while (!done) {
    const waker = cluster.runUntil(Infinity);
    if (!waker) throw new Error('the simulation stalled: the controller waits for something that never happens');
    waker.resolve();
    await settle();
  }
  if (failed) throw error;
  return value as T;
}

/** Let every pending promise callback run (the microtask queue drains before setImmediate fires). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

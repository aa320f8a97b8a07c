// Removing a run's containers fast without upsetting the engine. Every process
// is killed first, all at once (a signal costs the engine little), so the nodes
// stop gossiping and the engine releases their network endpoints as each exits;
// only then are the stopped containers removed, a bounded number at a time.

import type Docker from 'dockerode';
import { docker } from './engine.js';

/**
 * Kills in flight at once. Each exit releases the container's network endpoint,
 * and dockerd 20.10 can miscount endpoints when many are released at once
 * (see removeLabNetwork), so this stays moderate: 64 at once miscounted in one
 * of three 50-node teardowns, one at a time took 13.6 s for 50.
 */
const KILL_CONCURRENCY = 16;
/** Removals of stopped containers at once (no network work left: the overlay layer and the container's files). */
const REMOVE_CONCURRENCY = 16;

/** Removes the listed containers (killing the running ones first); returns how many are gone. */
export async function removeContainers(found: Docker.ContainerInfo[], log: (m: string) => void = () => {}): Promise<number> {
  const t0 = performance.now();
  const running = found.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting');
  await mapLimit(running, KILL_CONCURRENCY, async (c) => {
    const ct = docker().getContainer(c.Id);
    if (c.State === 'paused') await ct.unpause().catch(() => {});
    await ct.kill({ signal: 'SIGKILL' }).catch(() => {});
  });
  const t1 = performance.now();
  let removed = 0;
  await mapLimit(found, REMOVE_CONCURRENCY, async (c) => {
    const err = await docker().getContainer(c.Id).remove({ force: true, v: true }).then(() => undefined, (e: Error) => e);
    if (!err || /no such container|not found/i.test(err.message)) removed++;
  });
  log(`killed ${running.length} in ${Math.round(t1 - t0)} ms, removed ${removed} in ${Math.round(performance.now() - t1)} ms`);
  return removed;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

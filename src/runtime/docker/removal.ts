// Removing a run's containers fast without upsetting the engine. Every process
// is killed first, all at once (a signal costs the engine little), so the nodes
// stop gossiping and the engine releases their network endpoints as each exits;
// only then are the stopped containers removed, a bounded number at a time.

import type Docker from 'dockerode';
import { docker } from './engine.js';

/** Kill requests in flight at once: cheap for the engine, and the nodes stop together. */
const KILL_CONCURRENCY = 64;
/** Removals at once: 200 at once once left a network with a stale endpoint (dockerd 20.10). */
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

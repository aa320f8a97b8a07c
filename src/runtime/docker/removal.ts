// Removing a run's containers fast without upsetting the engine. Every process
// of the run is first stopped (SIGSTOP, from the host, all at once), so no node
// burns CPU or gossips while the others are taken down: at 200 nodes the running
// nodes alone keep two cores busy. Then every container is detached from its
// network one endpoint at a time, and removed by force a bounded number at a time.

import type Docker from 'dockerode';
import { docker } from './engine.js';
import { pidsOfContainer } from './container-pids.js';

/**
 * Forced removals (kill, release of the network endpoint, removal) at once.
 * dockerd 20.10 can miscount a network's endpoints when many change at once (see
 * removeLabNetwork). Killing everything first and removing after made that
 * more frequent here (3 of about 15 teardowns of 50-200 nodes, killing 64 or 16
 * at once) than forced removals 32 at once, which this lab used before (one
 * miscount seen, at 200 nodes); one at a time took 13.6 s for 50 nodes.
 */
const REMOVE_CONCURRENCY = 32;

/** Removes the listed containers (stopping every node process first); returns how many are gone. */
export async function removeContainers(found: Docker.ContainerInfo[], log: (m: string) => void = () => {}): Promise<number> {
  const t0 = performance.now();
  const stopped = stopProcesses(found.filter((c) => c.State === 'running'));
  const detached = await detachAll(found);
  let removed = 0;
  await mapLimit(found, REMOVE_CONCURRENCY, async (c) => {
    const ct = docker().getContainer(c.Id);
    if (c.State === 'paused') await ct.unpause().catch(() => {});
    const err = await ct.remove({ force: true, v: true }).then(() => undefined, (e: Error) => e);
    if (!err || /no such container|not found/i.test(err.message)) removed++;
  });
  log(`stopped ${stopped} processes at once, detached ${detached} endpoints one at a time, removed ${removed} containers in ${Math.round(performance.now() - t0)} ms`);
  return removed;
}

/**
 * Disconnects every container from its networks, one endpoint at a time, before
 * any removal. The engine's endpoint count of a network is what miscounts when
 * many endpoints go at once (removeLabNetwork); released one by one, each
 * decrement lands before the next begins, and the removals that follow have no
 * endpoint left to release.
 */
async function detachAll(found: Docker.ContainerInfo[]): Promise<number> {
  let detached = 0;
  for (const c of found) {
    for (const net of Object.values(c.NetworkSettings?.Networks ?? {})) {
      if (!net.NetworkID) continue;
      const ok = await docker().getNetwork(net.NetworkID).disconnect({ Container: c.Id, Force: true }).then(() => true, () => false);
      if (ok) detached++;
    }
  }
  return detached;
}

/**
 * SIGSTOP every process of these containers, found through their cgroup (v1
 * `pids` or v2, cgroupfs or systemd layout); a container whose cgroup cannot be
 * found is removed by force like the others. Returns how many were stopped.
 */
function stopProcesses(containers: Docker.ContainerInfo[]): number {
  let stopped = 0;
  for (const c of containers) {
    for (const pid of pidsOfContainer(c.Id)) {
      try {
        process.kill(pid, 'SIGSTOP');
        stopped++;
      } catch { /* it ended meanwhile */ }
    }
  }
  return stopped;
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

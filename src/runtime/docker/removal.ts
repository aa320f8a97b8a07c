// Removing a run's containers fast without upsetting the engine. Every process
// of the run is first stopped (SIGSTOP, from the host, all at once), so no node
// burns CPU or gossips while the others are taken down: at 200 nodes the running
// nodes alone keep two cores busy. Then every container is removed by force, a
// bounded number at a time (they have no engine network endpoint: network.ts).

import type Docker from 'dockerode';
import { docker } from './engine.js';
import { pidsOfContainer } from './container-pids.js';
import { mapLimit } from '../../map-limit.js';

/**
 * Forced removals at once. (With engine networks, dockerd 20.10 miscounted a
 * network's endpoints when many went at once; lab containers have none now.)
 */
const REMOVE_CONCURRENCY = 32;

/** Removes the listed containers (stopping every node process first); returns how many are gone. */
export async function removeContainers(found: Docker.ContainerInfo[], log: (m: string) => void = () => {}): Promise<number> {
  const t0 = performance.now();
  const stopped = stopProcesses(found.filter((c) => c.State === 'running'));
  let removed = 0;
  await mapLimit(found, REMOVE_CONCURRENCY, async (c) => {
    const ct = docker().getContainer(c.Id);
    if (c.State === 'paused') await ct.unpause().catch(() => {});
    const err = await ct.remove({ force: true, v: true }).then(() => undefined, (e: Error) => e);
    if (!err || /no such container|not found/i.test(err.message)) removed++;
  });
  log(`stopped ${stopped} processes at once, removed ${removed} containers in ${Math.round(performance.now() - t0)} ms`);
  return removed;
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

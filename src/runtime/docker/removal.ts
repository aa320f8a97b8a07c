// Removing a run's containers fast without upsetting the engine. Every process
// of the run is first stopped (SIGSTOP, from the host, all at once), so no node
// burns CPU or gossips while the others are taken down: at 200 nodes the running
// nodes alone keep two cores busy. Then the containers are killed a bounded
// number at a time (each exit releases a network endpoint in the engine), and
// only then removed.

import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { docker } from './engine.js';

/**
 * Kills in flight at once. Each exit releases the container's network endpoint
 * in the engine, and dockerd 20.10 can miscount endpoints when many change at
 * once (see removeLabNetwork), so this stays moderate. It does not prevent the
 * miscount (seen after 64 at once and after 16 at once, each in one 50-node
 * teardown of a dozen); one at a time took 13.6 s for 50 nodes.
 */
const KILL_CONCURRENCY = 16;
/** Removals of stopped containers at once (no network work left: the overlay layer and the container's files). */
const REMOVE_CONCURRENCY = 16;

/** Removes the listed containers (killing the running ones first); returns how many are gone. */
export async function removeContainers(found: Docker.ContainerInfo[], log: (m: string) => void = () => {}): Promise<number> {
  const t0 = performance.now();
  const running = found.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting');
  const stopped = stopProcesses(running.filter((c) => c.State === 'running'));
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
  log(`stopped ${stopped} processes at once, killed ${running.length} containers in ${Math.round(t1 - t0)} ms, removed ${removed} in ${Math.round(performance.now() - t1)} ms`);
  return removed;
}

/**
 * SIGSTOP every process of these containers, found through their cgroup (v1
 * `pids` or v2, cgroupfs or systemd layout); a container whose cgroup cannot be
 * found is simply killed later with the others. Returns how many were stopped.
 */
function stopProcesses(containers: Docker.ContainerInfo[]): number {
  let stopped = 0;
  for (const c of containers) {
    for (const pid of cgroupProcs(c.Id)) {
      try {
        process.kill(pid, 'SIGSTOP');
        stopped++;
      } catch { /* it ended meanwhile */ }
    }
  }
  return stopped;
}

function cgroupProcs(id: string): number[] {
  for (const dir of [`pids/docker/${id}`, `docker/${id}`, `pids/system.slice/docker-${id}.scope`, `system.slice/docker-${id}.scope`]) {
    try {
      return readFileSync(`/sys/fs/cgroup/${dir}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch { /* not this layout */ }
  }
  return [];
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

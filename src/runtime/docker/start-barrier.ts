// Holds the nodes of a cluster's first start until the last of them has started.
// Starting a container is CPU-bound on a small host (the engine, runc, the node's
// own start-up), so nodes that already run are starved while the rest start: at
// 200 nodes on two cores their probes time out, healthy members are suspected
// and declared dead, and the suspicions and refutations cost more CPU than the
// cluster has, so it never settles. A held node is stopped (SIGSTOP, from the
// host, on every process of its container's cgroup) as soon as its container has
// started, and every held node is continued (SIGCONT) at once when the last one
// has started: the cluster forms with all its members running and none starved
// by the start-up of the others. Teardown needs nothing of this: it stops every
// node and removes the containers, held or not.

import { pidsOfContainer } from './container-pids.js';

export class StartBarrier {
  /** Container ids of the nodes held, by node. */
  private readonly held = new Map<string, string>();

  /** Stop the processes of a started container; false when its cgroup cannot be found (the node then runs on). */
  hold(node: string, containerId: string): boolean {
    const pids = pidsOfContainer(containerId);
    if (pids.length === 0) return false;
    for (const p of pids) signal(p, 'SIGSTOP');
    this.held.set(node, containerId);
    return true;
  }

  get size(): number {
    return this.held.size;
  }

  /** Continue every held node (the processes its container holds now), and forget them. */
  releaseAll(): number {
    const n = this.held.size;
    for (const id of this.held.values()) for (const p of pidsOfContainer(id)) signal(p, 'SIGCONT');
    this.held.clear();
    return n;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch { /* the process ended meanwhile */ }
}

// Holds the nodes of a cluster's first start until the last of them has started.
// Starting a container is CPU-bound on a small host (the engine, runc, the node's
// own start-up), so nodes that already run are starved while the rest start: at
// 200 nodes on two cores their probes time out, healthy members are suspected
// and declared dead, and the suspicions and refutations cost more CPU than the
// cluster has, so it never settles. A node is held (SIGSTOP, from the host, on
// every process of its container's cgroup) once it says `ready`; by then it has
// sent its join, which waits in its seeds' socket buffers. When the last container
// has started, the seeds are continued first, alone, until they have read every
// join waiting for them (their sockets' receive queues are empty), so each joiner
// finds the seeds' full state waiting when it is continued in turn. Released all
// at once, 200 nodes shared two cores evenly and the three seeds, each owed ~200
// joins, got a 1/200th share: their buffers overflowed and joins were dropped
// faster than they were answered. Teardown needs nothing of this: it stops every
// node and removes the containers, held or not.

import { readFileSync } from 'node:fs';
import { pidsOfContainer } from './container-pids.js';

/** How long the seeds alone get to read the joins waiting for them. */
const SEEDS_ALONE_MAX_MS = 10_000;
/** Their receive queues must stay empty this long. */
const QUIET_MS = 300;

export interface Released { held: number; seeds: number; seedsAloneMs: number; seedsDrained: boolean }

export class StartBarrier {
  /** The host pids of each held node's container (a stopped process cannot start another, so these are all). */
  private readonly held = new Map<string, number[]>();

  /** Stop the processes of a started container; false when its cgroup cannot be found (the node then runs on). */
  hold(node: string, containerId: string): boolean {
    const pids = pidsOfContainer(containerId);
    if (pids.length === 0) return false;
    for (const p of pids) signal(p, 'SIGSTOP');
    this.held.set(node, pids);
    return true;
  }

  /** Continue the held seeds, wait until they have read what waits in their sockets, then continue every other held node. */
  async release(seeds: ReadonlySet<string>): Promise<Released> {
    const first = [...this.held].filter(([node]) => seeds.has(node));
    for (const [node] of first) this.cont(node);
    const t0 = performance.now();
    let drained = first.length === 0;
    let quietSince: number | undefined;
    while (!drained && performance.now() - t0 < SEEDS_ALONE_MAX_MS) {
      await new Promise((r) => setTimeout(r, 50));
      const waiting = first.reduce((sum, [, pids]) => sum + receiveQueued(pids[0]), 0);
      if (waiting > 0) {
        quietSince = undefined;
      } else {
        quietSince ??= performance.now();
        drained = performance.now() - quietSince >= QUIET_MS;
      }
    }
    const seedsAloneMs = Math.round(performance.now() - t0);
    const held = this.held.size;
    for (const node of [...this.held.keys()]) this.cont(node);
    return { held, seeds: first.length, seedsAloneMs, seedsDrained: drained };
  }

  /** Continue every held node at once (an interrupted start). */
  releaseAll(): void {
    for (const node of [...this.held.keys()]) this.cont(node);
  }

  /** No file is read between two nodes' signals: once some run, a busy cluster can starve this process (cpu-weight.ts). */
  private cont(node: string): void {
    for (const p of this.held.get(node) ?? []) signal(p, 'SIGCONT');
    this.held.delete(node);
  }
}

/** Bytes waiting in the UDP sockets of the network namespace `pid` lives in (0 when it cannot be read). */
function receiveQueued(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/udp`, 'utf8');
  } catch {
    return 0;
  }
  let sum = 0;
  for (const line of text.split('\n').slice(1)) {
    const queues = line.trim().split(/\s+/)[4]; // tx_queue:rx_queue, hex
    if (queues) sum += parseInt(queues.split(':')[1] ?? '0', 16) || 0;
  }
  return sum;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch { /* the process ended meanwhile */ }
}

// Will a cluster of this size fit on this host? Checked before anything starts,
// so a run that cannot hold its nodes fails at once with the limit it would hit,
// the figure it needs and the figure available, instead of half-way through start-up.
// The per-node figures are measured ones (bench/docker-soak.mjs), rounded up.

import type { ResolvedScenario } from '../../config/types.js';
import { SUBNET_PREFIX } from './network.js';

/**
 * Memory a node costs the host (MiB): its process (about 9 MiB anonymous in its
 * cgroup at 30 nodes), its containerd shim (about 13 MiB resident, partly
 * shared) and its namespaces, rounded up.
 */
export const MIB_PER_NODE = 32;
/** Memory kept for the controller, the engine and the rest of the machine (MiB). */
export const MIB_RESERVED = 1024;
/** Descriptors the controller holds per node: the output stream, the line pipe, the node's log file, an admin request. */
export const FDS_PER_NODE = 4;
export const FDS_RESERVED = 128;
/** Tasks (threads) per node: the node process and its containerd shim (23 measured at 30 nodes), rounded up. */
export const TASKS_PER_NODE = 24;
/** Addresses of the lab subnet a run cannot give to nodes: network, gateway, broadcast. */
const SUBNET_RESERVED = 3;

export interface HostFigures {
  /** MemAvailable, bytes. */
  memAvailable: number;
  /** The controller's soft limit on open files (ulimit -n). */
  openFiles: number;
  /** The most tasks the kernel allows at once (min of pid_max and threads-max), and how many exist now. */
  tasksMax: number;
  tasksNow: number;
}

export interface LimitHit { limit: string; required: number; available: number; unit: string; how: string; fix: string }

/** Nodes a scenario may have at once: its cluster plus every node churn may add. */
export function peakNodes(s: Pick<ResolvedScenario, 'cluster' | 'schedule' | 'duration'>): number {
  let added = 0;
  for (const f of s.schedule) {
    if (f.kind !== 'churn') continue;
    const rate = Number(f.params.rate ?? 0);
    if (rate > 0) added += Math.ceil(((f.duration || s.duration) * rate) / 60_000 / 2) + 1;
  }
  return s.cluster.nodes + added;
}

/** Every limit `nodes` would exceed on a host with these figures; empty when it fits. */
export function limitsHit(nodes: number, host: HostFigures): LimitHit[] {
  const hits: LimitHit[] = [];
  const addresses = 2 ** (32 - SUBNET_PREFIX) - SUBNET_RESERVED;
  if (nodes > addresses) {
    hits.push({ limit: 'addresses in the lab subnet', required: nodes, available: addresses, unit: 'addresses',
      how: `one per node; each run has a /${SUBNET_PREFIX}`, fix: `run at most ${addresses} nodes per run` });
  }
  const mib = nodes * MIB_PER_NODE + MIB_RESERVED;
  const availMib = Math.floor(host.memAvailable / 2 ** 20);
  if (mib > availMib) {
    hits.push({ limit: 'memory', required: mib, available: availMib, unit: 'MiB',
      how: `${MIB_PER_NODE} MiB per node + ${MIB_RESERVED} MiB for the controller and engine`, fix: `at most ${Math.max(0, Math.floor((availMib - MIB_RESERVED) / MIB_PER_NODE))} nodes fit in the memory available now` });
  }
  const fds = nodes * FDS_PER_NODE + FDS_RESERVED;
  if (fds > host.openFiles) {
    hits.push({ limit: 'open files', required: fds, available: host.openFiles, unit: 'descriptors',
      how: `${FDS_PER_NODE} per node + ${FDS_RESERVED}`, fix: `raise it with \`ulimit -n ${nextPow2(fds)}\` before gossiplab run` });
  }
  const tasks = nodes * TASKS_PER_NODE;
  const freeTasks = host.tasksMax - host.tasksNow;
  if (tasks > freeTasks) {
    hits.push({ limit: 'tasks (kernel.pid_max, kernel.threads-max)', required: tasks, available: freeTasks, unit: 'tasks',
      how: `${TASKS_PER_NODE} per node for the node process and its containerd shim; ${host.tasksNow} in use of ${host.tasksMax}`,
      fix: `raise it with \`sysctl -w kernel.pid_max=${nextPow2(tasks + host.tasksNow)}\`` });
  }
  return hits;
}

/** One message naming every limit hit: the limit, the figure required and the figure available. */
export function limitMessage(nodes: number, hits: LimitHit[]): string {
  const parts = hits.map((h) => `${h.limit}: ${h.required} ${h.unit} required (${h.how}), ${h.available} available; ${h.fix}`);
  return `${nodes} nodes will not fit on this host. ${parts.join('. ')}. Nothing was started.`;
}

function nextPow2(x: number): number {
  return 2 ** Math.ceil(Math.log2(x));
}

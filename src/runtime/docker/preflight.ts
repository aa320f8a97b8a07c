// The size check before a Docker run starts anything: the host's figures, read
// from /proc (memory available now, this process's open-file limit, the kernel's
// task limits and usage), against what the scenario's peak cluster needs.

import { readFileSync } from 'node:fs';
import { LabError } from '../../errors.js';
import type { ResolvedScenario } from '../../config/types.js';
import { limitMessage, limitsHit, peakNodes, type HostFigures } from './limits.js';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function readHostFigures(): HostFigures {
  const mem = /^MemAvailable:\s+(\d+) kB$/m.exec(read('/proc/meminfo'));
  const files = /^Max open files\s+(\d+|unlimited)/m.exec(read('/proc/self/limits'));
  const pidMax = Number(read('/proc/sys/kernel/pid_max').trim()) || Infinity;
  const threadsMax = Number(read('/proc/sys/kernel/threads-max').trim()) || Infinity;
  const tasksNow = Number(read('/proc/loadavg').split(' ')[3]?.split('/')[1]) || 0;
  return {
    memAvailable: mem ? Number(mem[1]) * 1024 : Infinity,
    openFiles: !files || files[1] === 'unlimited' ? Infinity : Number(files[1]),
    tasksMax: Math.min(pidMax, threadsMax),
    tasksNow,
  };
}

/** Throws GOSSIPLAB_LIMIT (exit 2) naming every limit the scenario's cluster would exceed. */
export function assertClusterFits(s: Pick<ResolvedScenario, 'cluster' | 'schedule' | 'duration'>, host: HostFigures = readHostFigures()): void {
  const nodes = peakNodes(s);
  const hits = limitsHit(nodes, host);
  if (hits.length) throw new LabError('GOSSIPLAB_LIMIT', limitMessage(nodes, hits));
}

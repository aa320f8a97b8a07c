// Host-side readings of a running lab, for the benchmarks: a container's memory
// from its cgroup (v1 or v2), its interface counters from its network namespace,
// and a process's CPU time. Read-only files under /proc and /sys, nothing more.

import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_S = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The memory cgroup directory of a process, v1 (`memory` controller) or v2 (unified). */
export function memoryCgroup(pid: number): string | undefined {
  const text = read(`/proc/${pid}/cgroup`);
  if (!text) return undefined;
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('memory')) return `/sys/fs/cgroup/memory${path}`;
  }
  const v2 = text.split('\n').find((l) => l.startsWith('0::'));
  return v2 ? `/sys/fs/cgroup${v2.slice(3)}` : undefined;
}

export interface CgroupMemory { usage: number; anon: number }

/** Charged memory (`usage`, page cache included) and anonymous memory (`anon`: the process's own heap and stacks), bytes. */
export function cgroupMemory(dir: string): CgroupMemory | undefined {
  const stat = read(`${dir}/memory.stat`);
  const usage = read(`${dir}/memory.current`) ?? read(`${dir}/memory.usage_in_bytes`);
  if (!stat || !usage) return undefined;
  const field = (k: string): number | undefined => {
    const m = new RegExp(`^${k} (\\d+)$`, 'm').exec(stat);
    return m ? Number(m[1]) : undefined;
  };
  return { usage: Number(usage.trim()), anon: field('anon') ?? field('total_rss') ?? field('rss') ?? 0 };
}

export interface NetCounters { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }

/** Interface counters of the network namespace a process lives in, summed over every interface but `lo`. */
export function netCounters(pid: number): NetCounters | undefined {
  const text = read(`/proc/${pid}/net/dev`);
  if (!text) return undefined;
  const sum: NetCounters = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
  for (const line of text.split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (!rest || name!.trim() === 'lo') continue;
    const f = rest.trim().split(/\s+/).map(Number);
    sum.rxBytes += f[0]!; sum.rxPackets += f[1]!; sum.txBytes += f[8]!; sum.txPackets += f[9]!;
  }
  return sum;
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_S;
}

/** Resident memory of a process, bytes. */
export function rssBytes(pid: number): number | undefined {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Pids whose command name is `comm` (e.g. dockerd). */
export function pidsNamed(comm: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && read(`/proc/${d}/comm`)?.trim() === comm).map(Number);
}

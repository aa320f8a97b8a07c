// Every process of a lab container, as host pids: an adapter's child (serf,
// redis-server) or a process started by `docker exec` shares the container's
// cgroup, so a pause must reach all of them, not only PID 1. The container's
// cgroup.procs is read where the cgroup can be found (v2, or v1's `pids` or
// `freezer` hierarchy); otherwise the host's processes are matched by pid namespace.

import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CGROUP_PREFIX } from './cpu-weight.js';

const CGROUP_ROOT = '/sys/fs/cgroup';

/** Host pids of every process in the same container as `pid` (`pid` included, first). */
export function containerPids(pid: number): number[] {
  const pids = fromCgroup(pid) ?? fromPidNamespace(pid);
  return [pid, ...pids.filter((p) => p !== pid)];
}

/**
 * Host pids of every process of the container with this id, read from its
 * cgroup by the engine's own paths (v1 `pids` or v2, cgroupfs or systemd
 * layout, or a run's own parent), without asking the engine; empty when no such cgroup is found.
 */
export function pidsOfContainer(id: string): number[] {
  const dirs = [`pids/docker/${id}`, `docker/${id}`, `pids/system.slice/docker-${id}.scope`, `system.slice/docker-${id}.scope`];
  // A lab run's own parent (cpu-weight.ts): /gossiplab-<run>/<id>
  for (const root of ['pids', '']) {
    try {
      for (const p of readdirSync(join(CGROUP_ROOT, root))) if (p.startsWith(CGROUP_PREFIX)) dirs.push(join(root, p, id));
    } catch { /* no such hierarchy */ }
  }
  for (const dir of dirs) {
    try {
      return readFileSync(join(CGROUP_ROOT, dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch { /* not this layout */ }
  }
  return [];
}

function fromCgroup(pid: number): number[] | undefined {
  let lines: string[];
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  } catch {
    return undefined;
  }
  const candidates: string[] = [];
  for (const line of lines) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (path === undefined || path === '/') continue;
    if (controllers === '') candidates.push(join(CGROUP_ROOT, path), join(CGROUP_ROOT, 'unified', path));
    for (const c of (controllers ?? '').split(',')) if (c === 'pids' || c === 'freezer') candidates.push(join(CGROUP_ROOT, c, path));
  }
  for (const dir of candidates) {
    const file = join(dir, 'cgroup.procs');
    if (!existsSync(file)) continue;
    const pids = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
    if (pids.includes(pid)) return pids;
  }
  return undefined;
}

function fromPidNamespace(pid: number): number[] {
  const ns = readlinkSync(`/proc/${pid}/ns/pid`);
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/pid`) === ns) out.push(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  return out;
}

/** The state letter of a host process (R, S, T, Z, …), from /proc. */
export function processState(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return undefined;
  }
}

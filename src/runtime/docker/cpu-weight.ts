// A run's containers under a cgroup of their own, weighted as many processes as
// it has nodes. With cgroup v1 and the cgroupfs driver every container sits under
// the engine's `docker` cgroup, whose CPU weight (1024 shares) is that of one
// process: 200 nodes shared what one busy host process gets. On two cores with
// other work running, all containers together got 0.59 of a core while the machine
// used 1.97; their probes timed out and a 200-node cluster never settled. Here the
// run's cgroup (`/gossiplab-<run>`, in every v1 hierarchy the runtime creates it
// in) has 1024 shares per node, the weight the nodes would have as host processes,
// up to MAX_WEIGHT processes' worth.
// The controller, which records every line the nodes print, goes for the run into
// a cgroup of its own, `/gossiplab-<run>-controller`, of the same weight. As a
// process of the root cgroup it weighed one process (with the kernel's autogroups,
// its session's one, whatever its nice value) against the nodes' 16: while a
// 200-node cluster settled it got 3 % of a core, its event loop waited seconds and
// lines reached the history up to 30 s late. It only takes what it needs.
// Both are removed at teardown, after the containers (the controller moved back
// first), and by `gossiplab clean`.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';
const CPU = join(ROOT, 'cpu');
/**
 * The run's weight, in host processes: one per node up to this many. At one per
 * node, 200 nodes starved the controller and the engine (one process each) whenever
 * they were busy: lines from the nodes waited seconds to be read.
 */
export const MAX_WEIGHT = 16;
export const CGROUP_PREFIX = 'gossiplab-';

export class CpuWeight {
  readonly parent: string;
  /** The controller's cgroup for the run, and the one it came from. */
  readonly controller: string;
  private controllerFrom: string | undefined;
  private made = false;

  constructor(runId: string) {
    this.parent = `/${CGROUP_PREFIX}${runId}`;
    this.controller = `${this.parent}-controller`;
  }

  /** Whether this host can weight the run's cgroup: cgroup v1 `cpu` hierarchy and the engine's cgroupfs driver. */
  static applies(cgroupDriver: string | undefined): boolean {
    return cgroupDriver === 'cgroupfs' && existsSync(join(CPU, 'cpu.shares'));
  }

  /** Create the run's cpu cgroup with the weight of `nodes` processes, and the controller's of the same weight, with this process in it; returns the shares set. */
  weigh(nodes: number): number {
    const shares = 1024 * Math.max(1, Math.min(MAX_WEIGHT, nodes));
    for (const g of [this.parent, this.controller]) {
      mkdirSync(join(CPU, g), { recursive: true });
      this.made = true;
      writeFileSync(join(CPU, g, 'cpu.shares'), String(shares));
    }
    this.controllerFrom ??= cpuCgroupOf(process.pid);
    writeFileSync(join(CPU, this.controller, 'cgroup.procs'), String(process.pid));
    return shares;
  }

  /** Move the controller back to the cgroup it came from (the root if that is gone); nothing if it is elsewhere already. */
  restoreController(): void {
    if (cpuCgroupOf(process.pid) !== this.controller) return;
    for (const back of [this.controllerFrom ?? '/', '/']) {
      try {
        writeFileSync(join(CPU, back, 'cgroup.procs'), String(process.pid));
        return;
      } catch { /* gone meanwhile: the root then */ }
    }
  }

  /** Move the controller back, then remove the run's (empty) cgroups from every hierarchy (removeCgroupsPatiently); what could not be removed, with why. */
  async remove(): Promise<string[]> {
    if (!this.made) return [];
    this.restoreController();
    const mine = new Set([this.parent.slice(1), this.controller.slice(1)]);
    return (await removeCgroupsPatiently((name) => mine.has(name))).left;
  }
}

/** The process's cgroup in the v1 `cpu` hierarchy (`/` for the root). */
function cpuCgroupOf(pid: number): string {
  for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (path !== undefined && (controllers ?? '').split(',').includes('cpu')) return path;
  }
  return '/';
}

/**
 * removeCgroups, tried again every 100 ms for up to 2 s while some are not empty
 * yet: the runtime removes the containers' own cgroups a moment after the containers.
 */
export async function removeCgroupsPatiently(match?: (name: string) => boolean): Promise<{ removed: string[]; left: string[] }> {
  let r = removeCgroups(match);
  const removed = [...r.removed];
  for (let i = 0; i < 20 && r.left.length > 0; i++) {
    await new Promise((done) => setTimeout(done, 100));
    r = removeCgroups(match);
    removed.push(...r.removed);
  }
  return { removed, left: r.left };
}

/** Remove the lab's empty cgroups that `match` selects (default: every `gossiplab-*` at the top of each hierarchy). */
export function removeCgroups(match: (name: string) => boolean = (n) => n.startsWith(CGROUP_PREFIX)): { removed: string[]; left: string[] } {
  const removed: string[] = [];
  const left: string[] = [];
  let hierarchies: string[];
  try {
    hierarchies = readdirSync(ROOT);
  } catch {
    return { removed, left };
  }
  for (const h of hierarchies) {
    let names: string[];
    try {
      names = readdirSync(join(ROOT, h)).filter(match);
    } catch {
      continue;
    }
    for (const n of names) {
      try {
        rmdirSync(join(ROOT, h, n));
        removed.push(`${h}/${n}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') left.push(`cgroup ${h}/${n}: ${(e as Error).message}`);
      }
    }
  }
  return { removed, left };
}

// A run's containers under a cgroup of their own, weighted as many processes as
// it has nodes. With cgroup v1 and the cgroupfs driver every container sits under
// the engine's `docker` cgroup, whose CPU weight (1024 shares) is that of one
// process: 200 nodes shared what one busy host process gets. On two cores with
// other work running, all containers together got 0.59 of a core while the machine
// used 1.97; their probes timed out and a 200-node cluster never settled. Here the
// run's cgroup (`/gossiplab-<run>`, in every v1 hierarchy the runtime creates it
// in) has 1024 shares per node, the weight the nodes would have as host processes,
// up to MAX_WEIGHT processes' worth.
// It is removed at teardown, after the containers, and by `gossiplab clean`.

import { existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
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
  private made = false;

  constructor(runId: string) {
    this.parent = `/${CGROUP_PREFIX}${runId}`;
  }

  /** Whether this host can weight the run's cgroup: cgroup v1 `cpu` hierarchy and the engine's cgroupfs driver. */
  static applies(cgroupDriver: string | undefined): boolean {
    return cgroupDriver === 'cgroupfs' && existsSync(join(CPU, 'cpu.shares'));
  }

  /** Create the run's cpu cgroup with the weight of `nodes` processes; returns the shares set. */
  weigh(nodes: number): number {
    const shares = 1024 * Math.max(1, Math.min(MAX_WEIGHT, nodes));
    const dir = join(CPU, this.parent);
    mkdirSync(dir, { recursive: true });
    this.made = true;
    writeFileSync(join(dir, 'cpu.shares'), String(shares));
    return shares;
  }

  /** Remove the run's (empty) cgroups from every hierarchy (removeCgroupsPatiently); what could not be removed, with why. */
  async remove(): Promise<string[]> {
    if (!this.made) return [];
    return (await removeCgroupsPatiently((name) => name === this.parent.slice(1))).left;
  }
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

// The host's neighbour (ARP) table is one table for every network namespace, and
// a lab of N nodes that all gossip with each other holds about N·(N+1) entries in
// it (each container's entry for every other, and the host's for each container):
// 50 nodes already need 2,550 against the kernel's default hard limit of 1,024.
// So a large run raises net.ipv4.neigh.default.gc_thresh1/2/3 by what it needs,
// and the last lab run to end puts back the values it found. Every raise is
// recorded in a ledger (one file per run, named by the run id, plus the values
// found), so runs that overlap add up, a run that died without tearing down is
// recognised by its dead controller process, and `gossiplab clean` can restore.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from './ledger-lock.js';

export const NEIGH_LEDGER = '/run/gossiplab-neigh';
const PROC = '/proc/sys/net/ipv4/neigh/default';
const KEYS = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;
const FOUND = 'found.json';

export type Thresholds = readonly [number, number, number];

interface Found { found: Thresholds; set: Thresholds }
interface RunRecord { label: string; run: string; pid: number; nodes: number; entries: number }

export interface NeighbourLimitsOptions {
  /** Where the sysctls live (a directory holding gc_thresh1..3). */
  proc?: string;
  ledger?: string;
  /** Is the controller process that wrote a record still running? */
  alive?: (pid: number) => boolean;
}

/** Neighbour entries a cluster of `nodes` can hold: every node's entry for each other, and the host's for each node. */
export function entriesFor(nodes: number): number {
  return nodes * (nodes + 1);
}

export class NeighbourLimits {
  private readonly proc: string;
  private readonly ledger: string;
  private readonly alive: (pid: number) => boolean;

  constructor(opts: NeighbourLimitsOptions = {}) {
    this.proc = opts.proc ?? PROC;
    this.ledger = opts.ledger ?? NEIGH_LEDGER;
    this.alive = opts.alive ?? pidAlive;
  }

  /**
   * Make room for a run of `nodes` nodes. Small runs (a quarter of the hard limit
   * found, or less) change nothing. Returns a sentence for the run's notes when
   * the thresholds were changed, undefined otherwise.
   */
  raise(run: string, nodes: number): string | undefined {
    return withLock(this.ledger, () => {
      this.pruneDead();
      if (this.records().length === 0) this.restore();
      const found = this.readFound()?.found ?? this.readKernel();
      const entries = entriesFor(nodes);
      const mine = this.records().find((r) => r.run === run);
      if (!mine && entries <= found[2] / 4) return undefined;
      if (mine && mine.entries >= entries) return undefined;
      this.writeJson(`${run}.json`, { label: `gossiplab.run=${run}`, run, pid: process.pid, nodes, entries } satisfies RunRecord);
      if (!this.readFound()) this.writeJson(FOUND, { found, set: found } satisfies Found);
      const set = this.apply();
      return `raised net.ipv4.neigh.default.gc_thresh1/2/3 from ${found.join('/')} to ${set.join('/')} `
        + `(room for ${entries} neighbour entries of ${nodes} nodes, beside the other lab runs); they are put back when the last lab run ends`;
    });
  }

  /** This run has ended: the thresholds shrink to what the other runs need, or go back to the values found. */
  release(run: string): string | undefined {
    return withLock(this.ledger, () => {
      const had = existsSync(join(this.ledger, `${run}.json`));
      rmSync(join(this.ledger, `${run}.json`), { force: true });
      this.pruneDead();
      if (!had) return undefined;
      if (this.records().length > 0) {
        const set = this.apply();
        return `net.ipv4.neigh.default.gc_thresh1/2/3 lowered to ${set.join('/')} (other lab runs still hold containers)`;
      }
      return this.restore();
    });
  }

  /** `gossiplab clean`: forget every run's record and put back the values found. */
  clean(): string[] {
    return withLock(this.ledger, () => {
      const removed = this.records().map((r) => join(this.ledger, `${r.run}.json`));
      for (const f of removed) rmSync(f, { force: true });
      const restored = this.restore();
      return restored ? [restored, ...removed] : removed;
    });
  }

  /** The values of the three thresholds now. */
  readKernel(): Thresholds {
    return KEYS.map((k) => Number(readFileSync(join(this.proc, k), 'utf8').trim())) as unknown as Thresholds;
  }

  /** Records whose controller process is gone belong to runs that ended without teardown. */
  private pruneDead(): void {
    for (const r of this.records()) if (!this.alive(r.pid)) rmSync(join(this.ledger, `${r.run}.json`), { force: true });
  }

  /** The values found, each raised by the entries every recorded run needs. */
  private apply(): Thresholds {
    const f = this.readFound()!;
    const need = this.records().reduce((s, r) => s + r.entries, 0);
    const set = f.found.map((v) => v + need) as unknown as Thresholds;
    this.writeKernel(set);
    this.writeJson(FOUND, { found: f.found, set } satisfies Found);
    return set;
  }

  /** Put back the values found, unless someone else changed them since the lab set them. */
  private restore(): string | undefined {
    const f = this.readFound();
    if (!f) return undefined;
    const now = this.readKernel();
    rmSync(join(this.ledger, FOUND), { force: true });
    if (now.some((v, i) => v !== f.set[i])) {
      return `net.ipv4.neigh.default.gc_thresh1/2/3 are ${now.join('/')}, not the ${f.set.join('/')} the lab set: changed by someone else, so left as they are`;
    }
    this.writeKernel(f.found);
    return `net.ipv4.neigh.default.gc_thresh1/2/3 put back to ${f.found.join('/')}`;
  }

  /** Written so that gc_thresh1 <= gc_thresh2 <= gc_thresh3 holds after every single write. */
  private writeKernel(t: Thresholds): void {
    const now = this.readKernel();
    const order = t[2] >= now[2] ? [2, 1, 0] : [0, 1, 2];
    for (const i of order) writeFileSync(join(this.proc, KEYS[i]!), `${t[i]}\n`);
  }

  private records(): RunRecord[] {
    if (!existsSync(this.ledger)) return [];
    return readdirSync(this.ledger).filter((f) => f.endsWith('.json') && f !== FOUND)
      .map((f) => JSON.parse(readFileSync(join(this.ledger, f), 'utf8')) as RunRecord);
  }

  private readFound(): Found | undefined {
    const p = join(this.ledger, FOUND);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Found) : undefined;
  }

  private writeJson(name: string, value: unknown): void {
    mkdirSync(this.ledger, { recursive: true });
    writeFileSync(join(this.ledger, name), JSON.stringify(value) + '\n');
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

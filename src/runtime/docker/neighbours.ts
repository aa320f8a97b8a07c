// The host's neighbour (ARP) table is one table for every network namespace on
// the machine. When it is full (net.ipv4.neigh.default.gc_thresh3, 1024 by
// default, is reached, e.g. while other labs hold hundreds of containers), the
// kernel drops packets between containers that no fault asked for. The lab
// counts the kernel's `table_fulls` over a run, so such a run says so.

import { readFileSync } from 'node:fs';
import { NeighbourLimits } from './neighbour-limits.js';

const STAT = '/proc/net/stat/arp_cache';

/** The kernel's count of neighbour-table overflows (summed over CPUs), or undefined where it cannot be read. */
export function tableFulls(stat = STAT): number | undefined {
  try {
    return parseTableFulls(readFileSync(stat, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `table_fulls` from /proc/net/stat/arp_cache: a header line, then one line of hex counters per CPU. */
export function parseTableFulls(text: string): number | undefined {
  const [header, ...rows] = text.trim().split('\n');
  const col = header?.trim().split(/\s+/).indexOf('table_fulls') ?? -1;
  if (col < 0 || rows.length === 0) return undefined;
  return rows.reduce((sum, r) => sum + (parseInt(r.trim().split(/\s+/)[col] ?? '0', 16) || 0), 0);
}

/** A sentence for the run's notes when the table overflowed between two readings, else undefined. */
export function overflowNote(before: number | undefined, after: number | undefined, thresh = readThresh()): string | undefined {
  if (before === undefined || after === undefined || after <= before) return undefined;
  return `the host's neighbour (ARP) table overflowed ${after - before} time(s) during this run (gc_thresh3 ${thresh ?? '?'}, shared by every `
    + 'container on this machine): the kernel dropped packets between nodes that no fault asked for, so suspicions and failures '
    + 'in this run may come from the host. Raise net.ipv4.neigh.default.gc_thresh3 (and gc_thresh1/2), or run fewer containers at once.';
}

function readThresh(): number | undefined {
  try {
    return new NeighbourLimits().readKernel()[2];
  } catch {
    return undefined;
  }
}

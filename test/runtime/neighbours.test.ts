import { describe, expect, it } from 'vitest';
import { overflowNote, parseTableFulls, tableFulls } from '../../src/runtime/docker/neighbours.js';

// /proc/net/stat/arp_cache as this kind of host prints it: a header, then one line of hex counters per CPU.
const STAT = `entries  allocs   destroys hash_grows lookups  hits     res_failed rcv_probes_mcast rcv_probes_ucast periodic_gc_runs forced_gc_runs unresolved_discards table_fulls
00000433 00005f8a 000060d5 00000002   00130ad7 0003eea8 00000b6c   00000000         00000000         00000422         000388f8       00000000            00037921
00000433 00006503 00005f85 00000006   001359ad 00041a9b 00000c3f   00000000         00000000         00000000         0003c0ad       00000000            0003afb0
`;

describe('the host\'s neighbour table', () => {
  it('reads the kernel\'s overflow count, summed over CPUs', () => {
    expect(parseTableFulls(STAT)).toBe(0x37921 + 0x3afb0);
    expect(parseTableFulls('entries allocs\n00000001 00000002\n')).toBeUndefined();
    expect(tableFulls('/nonexistent/arp_cache')).toBeUndefined();
  });

  it('a run during which the table overflowed says so, with what to do; one without overflow says nothing', () => {
    const note = overflowNote(100, 130, 1024);
    expect(note).toMatch(/overflowed 30 time\(s\) during this run \(gc_thresh3 1024/);
    expect(note).toMatch(/dropped packets between nodes that no fault asked for/);
    expect(note).toMatch(/Raise net\.ipv4\.neigh\.default\.gc_thresh3/);
    expect(overflowNote(100, 100, 1024)).toBeUndefined();
    expect(overflowNote(undefined, 130, 1024)).toBeUndefined();
  });
});

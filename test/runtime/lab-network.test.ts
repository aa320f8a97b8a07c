import { describe, expect, it } from 'vitest';
import { hostsOf, overlaps } from '../../src/runtime/docker/network.js';
import { networkName } from '../../src/labels.js';
import { missingCommands } from '../../src/host.js';

describe('the lab network', () => {
  it('names a run\'s bridge within the kernel\'s 15 characters, distinct per run', () => {
    expect(networkName('mb3x4k2pq')).toBe('gl-mb3x4k2pq');
    const long = [networkName('a-very-long-run-id-1'), networkName('a-very-long-run-id-2')];
    for (const n of long) expect(n.length).toBeLessThanOrEqual(15);
    expect(long[0]).not.toBe(long[1]);
  });

  it('tells overlapping address blocks from disjoint ones', () => {
    expect(overlaps('10.210.4.0/22', '10.210.6.0/24')).toBe(true);
    expect(overlaps('10.0.0.0/8', '10.210.4.0/22')).toBe(true);
    expect(overlaps('10.210.4.0/22', '10.210.8.0/22')).toBe(false);
    expect(overlaps('10.210.7.255', '10.210.4.0/22')).toBe(true);
  });

  it('gives nodes the addresses after the gateway', () => {
    expect(hostsOf('10.210.4.0/22', 3)).toEqual(['10.210.4.2', '10.210.4.3', '10.210.4.4']);
    expect(hostsOf('10.210.4.0/22', 5000)).toHaveLength(1021);
  });

  it('names each host command a Docker run needs and lacks, with the package that has it', () => {
    expect(missingCommands({ iptables: true, nsenter: true, ip: true })).toEqual([]);
    expect(missingCommands({ iptables: true, nsenter: false, ip: false })).toEqual(['nsenter (apt-get install util-linux)', 'ip (apt-get install iproute2)']);
  });
});

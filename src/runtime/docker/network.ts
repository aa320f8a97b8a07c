// The lab network: an `internal` bridge (no route out) with a subnet of its own,
// so nodes get fixed addresses and a restarted node keeps its address. Subnets
// are /22 blocks of 10.210.0.0/16, tried from a run-dependent start until one
// does not overlap an existing network.

import { docker } from './engine.js';
import { LABEL, LABEL_RUN, networkName } from '../../labels.js';
import { LabError } from '../../errors.js';

const SUBNET_BLOCKS = 64;
/** Each run has a subnet of this prefix length: 2^(32-22) - 3 = 1021 addresses for nodes. */
export const SUBNET_PREFIX = 22;

export async function createLabNetwork(runId: string): Promise<string> {
  const name = networkName(runId);
  const used = new Set((await docker().listNetworks()).flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet)));
  let start = 0;
  for (const ch of runId) start = (start * 31 + ch.charCodeAt(0)) % SUBNET_BLOCKS;
  let lastError: Error | undefined;
  for (let i = 0; i < SUBNET_BLOCKS; i++) {
    const block = (start + i) % SUBNET_BLOCKS;
    const subnet = `10.210.${block * 4}.0/${SUBNET_PREFIX}`;
    if (used.has(subnet)) continue;
    try {
      await docker().createNetwork({
        Name: name, Driver: 'bridge', Internal: true, CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: `10.210.${block * 4}.1` }] },
        Labels: { [LABEL]: '1', [LABEL_RUN]: runId },
      });
      return subnet;
    } catch (e) {
      lastError = e as Error;
      if (!/overlap/i.test(lastError.message)) throw e;
    }
  }
  throw new LabError('GOSSIPLAB_NETWORK', `no free /22 subnet in 10.210.0.0/16 for the lab network: ${lastError?.message ?? 'all in use'}`);
}

/** The first `count` usable host addresses of an IPv4 subnet, skipping the gateway (.1). */
export function hostsOf(subnet: string, count: number): string[] {
  const [base, bits] = subnet.split('/');
  const parts = base!.split('.').map(Number);
  const start = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const size = 2 ** (32 - Number(bits));
  const usable = Math.min(count, size - 3);
  const out: string[] = [];
  for (let i = 0; i < usable; i++) {
    const v = start + 2 + i;
    out.push([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
  }
  return out;
}

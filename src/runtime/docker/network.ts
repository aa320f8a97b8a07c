// The lab network: an `internal` bridge (no route out) with a subnet of its own,
// so nodes get fixed addresses and a restarted node keeps its address. Subnets
// are /22 blocks of 10.210.0.0/16, tried from a run-dependent start until one
// does not overlap an existing network. Removal waits out the engine's release
// of endpoints and clears the stale ones it sometimes keeps, so no run leaves its
// network behind.

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

/** How long removal keeps trying while the engine still lists endpoints on the network. */
const REMOVE_DEADLINE_MS = 30_000;
/** How long a refusal with no endpoint listed at all is given before it is taken for the engine's miscount. */
const MISCOUNT_MS = 5_000;

/**
 * Remove a lab network once its containers are gone. The engine may still be
 * releasing their endpoints ("has active endpoints"), and an endpoint whose
 * container is gone is cleared by a forced disconnect by name; so each attempt
 * force-disconnects whatever the network still lists, then tries again.
 * dockerd 20.10 also keeps a count of endpoints per network that concurrent
 * container starts and stops can leave too high (moby/moby#42119, #43286): it
 * then refuses with no endpoint listed at all, and only a restart of the engine,
 * which recounts, lets the network go. Returns undefined when the network is
 * gone, else why not.
 */
export async function removeLabNetwork(id: string, deadlineMs = REMOVE_DEADLINE_MS): Promise<string | undefined> {
  const net = docker().getNetwork(id);
  const until = Date.now() + deadlineMs;
  let emptySince: number | undefined;
  for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
    const err = await net.remove().then(() => undefined, (e: Error) => e);
    if (!err || /not found|no such network/i.test(err.message)) return undefined;
    const info = await net.inspect().catch(() => undefined) as { Name?: string; Containers?: Record<string, { Name?: string }> } | undefined;
    const listed = Object.entries(info?.Containers ?? {});
    emptySince = listed.length ? undefined : (emptySince ?? Date.now());
    if (emptySince !== undefined && Date.now() - emptySince > MISCOUNT_MS && /active endpoints/i.test(err.message)) {
      return `${err.message.replace(/^.*?error while removing network: /, '')}, though none is attached: the engine's endpoint count for it `
        + 'is wrong (a known fault of dockerd 20.10 under many container starts and stops at once, moby/moby#43286); '
        + 'restarting the engine while no run is active clears it, then `gossiplab clean` removes it';
    }
    if (Date.now() > until) return err.message;
    // A stale endpoint is found by its container's name, not its (gone) container id.
    for (const [key, ep] of listed) await net.disconnect({ Container: ep.Name || key, Force: true }).catch(() => {});
    await new Promise((r) => setTimeout(r, wait));
  }
}

// A lab may give a node its network only after the process has started (the
// docker runtime wires each container's namespace right after its start), so an
// implementation waits until its bind address is on an interface that is up
// before it binds, for a bounded time, then fails naming the address.

import { networkInterfaces } from 'node:os';

/** How long a node waits for its bind address before it gives up (exit 1). */
export const BIND_WAIT_MS = 10_000;
const POLL_MS = 10;

function wildcardOrLoopback(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '::1' || host.startsWith('127.');
}

/** Whether `host` is an address of an interface that is up (Node lists only those). */
export function hasAddress(host: string): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === host));
}

export async function awaitBindAddress(host: string, timeoutMs = BIND_WAIT_MS): Promise<void> {
  if (wildcardOrLoopback(host) || hasAddress(host)) return;
  const until = Date.now() + timeoutMs;
  while (!hasAddress(host)) {
    if (Date.now() >= until) {
      const have = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address));
      throw new Error(`GOSSIP_BIND: the address ${host} did not appear on any interface within ${timeoutMs / 1000} s (addresses here: ${have.join(', ') || 'none'})`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

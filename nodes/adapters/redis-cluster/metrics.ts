// GET /metrics for the Redis Cluster adapter: what the adapter sees, in the
// node contract's metric names. Redis exposes no per-message counters, so only
// the member gauges and the (always 0) incarnation are served.

import type { Member } from './cluster-nodes.js';

export function renderRedisMetrics(self: string, members: Member[]): string {
  const out = ['# HELP gossip_members Members in this node\'s view, by state.', '# TYPE gossip_members gauge'];
  for (const s of ['alive', 'suspect', 'dead', 'left']) {
    out.push(`gossip_members{node="${self}",state="${s}"} ${members.filter((m) => m.state === s).length}`);
  }
  out.push('# HELP gossip_incarnation This node\'s incarnation number (Redis Cluster has none).', '# TYPE gossip_incarnation gauge',
    `gossip_incarnation{node="${self}"} 0`);
  return `${out.join('\n')}\n`;
}

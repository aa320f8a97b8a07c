// Reads Redis's `CLUSTER NODES` text and turns it into the lab's member view.
// A Redis node is named by a random 40-hex id; the lab's id travels as its
// cluster-announce-hostname (gossiped in every ping since Redis 7.0), so the
// view keys on that. A node whose hostname has not arrived yet (in handshake, or
// known only from a third party's gossip) is not reported: it is not a member yet.

import type { MemberState } from '../../../src/history/types.js';

export interface RedisNode {
  redisId: string;
  /** ip:port of its client port, '' when Redis has no address for it (noaddr). */
  addr: string;
  hostname: string;
  flags: string[];
  /** The master's Redis id for a replica, '-' for a master. */
  master: string;
  slots: string[];
}

export interface Member { id: string; redisId: string; addr: string; state: MemberState; role: 'master' | 'replica' }

export function parseClusterNodes(text: string): RedisNode[] {
  const out: RedisNode[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8 || !f[0]) continue;
    const [address = '', ...names] = (f[1] ?? '').split(',');
    const at = address.indexOf('@');
    const hostPort = at >= 0 ? address.slice(0, at) : address;
    const flags = (f[2] ?? '').split(',');
    out.push({
      redisId: f[0],
      addr: flags.includes('noaddr') || hostPort.startsWith(':') ? '' : hostPort,
      hostname: names.join(','),
      flags,
      master: f[3] ?? '-',
      slots: f.slice(8),
    });
  }
  return out;
}

/** pfail (`fail?`) is a local suspicion; `fail` is the majority's verdict. */
export function stateOf(flags: string[]): MemberState {
  if (flags.includes('fail')) return 'dead';
  if (flags.includes('fail?')) return 'suspect';
  return 'alive';
}

const RANK: Record<MemberState, number> = { alive: 3, suspect: 2, dead: 1, left: 0 };

export interface LabView {
  members: Map<string, Member>;
  /** Redis ids that announce a lab id another, livelier Redis id also announces (a node that came back with a new identity). */
  stale: RedisNode[];
}

/**
 * The lab's view from one `CLUSTER NODES` answer. `names` remembers each Redis
 * id's lab id once seen, so a node that loses its address (noaddr) keeps its name.
 */
export function labView(nodes: RedisNode[], selfId: string, names: Map<string, string>): LabView {
  const members = new Map<string, Member>();
  const stale: RedisNode[] = [];
  for (const n of nodes) {
    if (n.flags.includes('handshake')) continue;
    const id = n.flags.includes('myself') ? selfId : n.hostname || names.get(n.redisId);
    if (!id) continue;
    names.set(n.redisId, id);
    const m: Member = {
      id, redisId: n.redisId, addr: n.addr, state: stateOf(n.flags), role: n.flags.includes('slave') ? 'replica' : 'master',
    };
    const prev = members.get(id);
    if (prev && RANK[prev.state] >= RANK[m.state]) {
      stale.push(n);
      continue;
    }
    if (prev) stale.push(nodes.find((x) => x.redisId === prev.redisId)!);
    members.set(id, m);
  }
  return { members, stale };
}

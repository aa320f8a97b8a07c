// Cluster formation, driven by the adapter's poll so it never races it: a fresh
// master claims its share of the slots (and a config epoch equal to its ordinal,
// as redis-cli --cluster create does, so epochs never collide); every node MEETs
// its seeds until it knows one other member, after which Redis's own gossip
// finds the rest; a fresh replica waits until its master is known, then
// REPLICATEs it. A node that restarts with its nodes.conf is not fresh: Redis
// restores its role (which a failover may have changed) and its peers by itself.

import type { Redis } from 'ioredis';
import type { Seed } from '../../core/context.js';
import type { LabView } from './cluster-nodes.js';
import type { Role } from './roles.js';
import { BUS_OFFSET } from './server.js';

/** Seeds are asked again at most this often while no other member is known. */
const RETRY_MS = 1000;

export class Formation {
  private claimed = false;
  private replicated = false;
  private lastMeet = -Infinity;
  private lastReplicate = -Infinity;
  private waitingSaid = false;

  constructor(
    private readonly redis: Redis,
    private readonly role: Role,
    private readonly seeds: Seed[],
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Called once, before the first poll. A node is fresh when it started without a
   * nodes.conf (others may already have MET it, so its table alone cannot tell).
   */
  async begin(fresh: boolean): Promise<void> {
    if (!fresh) {
      this.claimed = this.replicated = true;
      this.log('restarted with its cluster state (nodes.conf): its peers and role come from Redis itself');
      return;
    }
    if (this.role.kind === 'master') {
      await this.redis.call('CLUSTER', 'SET-CONFIG-EPOCH', String(this.role.ordinal)).catch(() => undefined);
      await this.redis.call('CLUSTER', 'ADDSLOTSRANGE', String(this.role.slots[0]), String(this.role.slots[1]));
      this.log(`master: slots ${this.role.slots[0]}-${this.role.slots[1]}`);
    }
    this.claimed = true;
  }

  /** One step after each poll; cheap when there is nothing left to do. */
  async step(view: LabView, selfId: string, now: number): Promise<void> {
    if (!this.claimed) return;
    const others = [...view.members.values()].filter((m) => m.id !== selfId);
    if (others.length === 0 && now - this.lastMeet >= RETRY_MS) {
      this.lastMeet = now;
      await Promise.all(this.seeds.map((s) => {
        const i = s.addr.lastIndexOf(':');
        const port = Number(s.addr.slice(i + 1));
        return this.redis.call('CLUSTER', 'MEET', s.addr.slice(0, i), String(port), String(port + BUS_OFFSET)).catch(() => undefined);
      }));
    }
    if (this.role.kind !== 'replica' || this.replicated) return;
    const master = view.members.get(this.role.master);
    const self = view.members.get(selfId);
    if (self?.role === 'replica') {
      this.replicated = true;
      this.log(`replica of ${this.role.master}`);
      return;
    }
    if (!master || master.role !== 'master' || master.state !== 'alive') {
      if (!this.waitingSaid) this.log(`replica: waiting for its master ${this.role.master} to be known`);
      this.waitingSaid = true;
      return;
    }
    if (now - this.lastReplicate < RETRY_MS) return;
    this.lastReplicate = now;
    await this.redis.call('CLUSTER', 'REPLICATE', master.redisId).catch((e: Error) => this.log(`CLUSTER REPLICATE ${master.redisId}: ${e.message}`));
  }
}

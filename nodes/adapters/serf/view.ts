// This node's view as the contract states it, built from Serf's own reports:
// state changes from Serf's log (and memberlist's, for this node's suspicions),
// addresses and tags from the agent's member list. A line is printed only on a
// change, and only for a state Serf revealed: Serf exposes no incarnation (0
// everywhere). Metadata versions travel in a tag `v:<key>` beside the key.

import type { SerfMember } from './rpc.js';
import { memberAddr } from './rpc.js';

export type State = 'alive' | 'suspect' | 'dead' | 'left';

interface Entry { state: State; addr: string; since: number }

export const VERSION_TAG = 'v:';

export class SerfView {
  private readonly members = new Map<string, Entry>();
  /** Last metadata version seen per member and key. */
  private readonly versions = new Map<string, number>();

  constructor(readonly self: string, private readonly out: (line: Record<string, unknown>) => void) {}

  state(member: string): State | undefined {
    return this.members.get(member)?.state;
  }

  /** Members currently suspected by this node, with when the suspicion began (ms, monotonic). */
  suspects(): [string, number][] {
    return [...this.members].filter(([, e]) => e.state === 'suspect').map(([id, e]) => [id, e.since]);
  }

  set(member: string, state: State, addr?: string): void {
    const e = this.members.get(member);
    if (e && e.state === state) {
      if (addr) e.addr = addr;
      return;
    }
    this.members.set(member, { state, addr: addr ?? e?.addr ?? '', since: performance.now() });
    this.out({ type: 'member', member, state, incarnation: 0 });
  }

  remove(member: string): void {
    if (!this.members.delete(member)) return;
    this.out({ type: 'removed', member });
  }

  /**
   * Merge the agent's member list: addresses, members not yet seen (Serf
   * reported them before this view existed), and metadata versions.
   */
  merge(list: SerfMember[]): void {
    for (const m of list) {
      const addr = memberAddr(m);
      const known = this.members.get(m.Name);
      if (known) known.addr = addr;
      else if (m.Status === 'alive' || m.Status === 'leaving') this.set(m.Name, 'alive', addr);
      else if (m.Status === 'failed') this.set(m.Name, 'dead', addr);
      else if (m.Status === 'left') this.set(m.Name, 'left', addr);
      this.versionsFrom(m.Name, m.Tags ?? {});
    }
  }

  /** Record our own update (already printed by the caller's contract line). */
  ownUpdate(key: string, version: number): void {
    this.versions.set(`${this.self}\0${key}`, version);
    this.out({ type: 'update', member: this.self, key, version });
  }

  private versionsFrom(member: string, tags: Record<string, string>): void {
    for (const [tag, value] of Object.entries(tags)) {
      if (!tag.startsWith(VERSION_TAG)) continue;
      const key = tag.slice(VERSION_TAG.length);
      const version = Number(value);
      const id = `${member}\0${key}`;
      if (!Number.isSafeInteger(version) || version <= (this.versions.get(id) ?? 0)) continue;
      this.versions.set(id, version);
      this.out({ type: 'update', member, key, version });
    }
  }

  snapshot(): { self: string; members: { id: string; addr: string; state: State; incarnation: number }[] } {
    const members = [...this.members].map(([id, e]) => ({ id, addr: e.addr, state: e.state, incarnation: 0 }));
    return { self: this.self, members: members.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  counts(): Record<State, number> {
    const c: Record<State, number> = { alive: 0, suspect: 0, dead: 0, left: 0 };
    for (const e of this.members.values()) c[e.state]++;
    return c;
  }
}

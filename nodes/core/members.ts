// The member list: records by id plus the randomized round-robin probe order.
// Invariants: self is in the map but never in the probe order; the order holds
// every other member exactly once; it is reshuffled on wrap-around and a new
// member is inserted at a random position (SWIM §4.3), so each live member is
// probed once per round.

import type { DigestEntry, MemberState } from './messages.js';
import type { Rng } from './rng.js';
import { Summary, fineBucket, fineOf, fold, idHash, recordHash } from './summary.js';

export interface MetaEntry { value: string; version: number }

/** The fields of a record that anti-entropy compares; change them only through `update`. */
export type RecordFields = Partial<Pick<Member, 'state' | 'incarnation' | 'metaVersion'>>;

/** Set the fields given (an absent or undefined field is left as it is). */
export function applyFields(m: Pick<Member, 'state' | 'incarnation' | 'metaVersion'>, fields: RecordFields): void {
  if (fields.state !== undefined) m.state = fields.state;
  if (fields.incarnation !== undefined) m.incarnation = fields.incarnation;
  if (fields.metaVersion !== undefined) m.metaVersion = fields.metaVersion;
}

export interface Member {
  id: string;
  addr: string;
  state: MemberState;
  incarnation: number;
  /** Local time of the last state change (drives gossip-to-the-dead and reaping). */
  stateChange: number;
  meta: Map<string, MetaEntry>;
  /** Highest metadata version seen for this member (0 = none). */
  metaVersion: number;
}

export class Members {
  private byId = new Map<string, Member>();
  private order: string[] = [];
  private index = 0;
  private readonly sum = new Summary();
  /** Ids by fine summary bucket (only the buckets that have members). */
  private readonly buckets = new Map<number, Set<string>>();

  constructor(readonly selfId: string, private readonly rng: Rng) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Member | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<Member> {
    return this.byId.values();
  }

  /** Does this node hold exactly the entry's record (incarnation, state and metadata version)? */
  matches(e: DigestEntry): boolean {
    const m = this.byId.get(e.id);
    return m !== undefined && m.incarnation === e.inc && m.state === e.state && m.metaVersion === e.metaVersion;
  }

  /** Every record (self included) as an anti-entropy digest entry, in all() order. */
  digest(): DigestEntry[] {
    const out: DigestEntry[] = [];
    for (const m of this.byId.values()) out.push(digestEntry(m));
    return out;
  }

  /** The summary folded to `b` buckets (summary.ts). */
  summary(b: number): Uint32Array {
    return fold(this.sum.fine, b);
  }

  /** Digest entries of the members in these buckets (at `b` buckets). */
  digestOf(b: number, buckets: readonly number[]): DigestEntry[] {
    const out: DigestEntry[] = [];
    for (const bucket of buckets) {
      for (const f of fineOf(bucket, b)) for (const id of this.buckets.get(f) ?? []) out.push(digestEntry(this.byId.get(id)!));
    }
    return out;
  }

  /** Change a record's compared fields, keeping the summary current. */
  update(m: Member, fields: RecordFields): void {
    const held = this.byId.get(m.id) === m;
    if (held) this.toggle(m);
    applyFields(m, fields);
    if (held) this.toggle(m);
  }

  add(m: Member): void {
    if (this.byId.has(m.id)) throw new Error(`member ${m.id} already present`);
    this.byId.set(m.id, m);
    const h = idHash(m.id);
    this.toggle(m, h);
    const f = fineBucket(h);
    let ids = this.buckets.get(f);
    if (!ids) this.buckets.set(f, ids = new Set());
    ids.add(m.id);
    if (m.id === this.selfId) return;
    const pos = this.rng.int(this.order.length + 1);
    this.order.splice(pos, 0, m.id);
    if (pos < this.index) this.index++;
  }

  remove(id: string): void {
    const m = this.byId.get(id);
    if (!m) return;
    const h = idHash(id);
    this.toggle(m, h);
    this.buckets.get(fineBucket(h))?.delete(id);
    this.byId.delete(id);
    const pos = this.order.indexOf(id);
    if (pos < 0) return;
    this.order.splice(pos, 1);
    if (pos < this.index) this.index--;
  }

  /** Next member to probe in round-robin order, skipping dead and left members. */
  nextProbeTarget(): Member | undefined {
    for (let checked = 0; checked <= this.order.length; checked++) {
      if (this.index >= this.order.length) {
        this.rng.shuffle(this.order);
        this.index = 0;
      }
      const m = this.byId.get(this.order[this.index++] as string);
      if (m && (m.state === 'alive' || m.state === 'suspect')) return m;
    }
    return undefined;
  }

  /** Up to k distinct random members other than self that pass `accept`. */
  random(k: number, accept: (m: Member) => boolean): Member[] {
    const pool: Member[] = [];
    for (const m of this.byId.values()) if (m.id !== this.selfId && accept(m)) pool.push(m);
    if (pool.length <= k) return this.rng.shuffle(pool);
    for (let i = 0; i < k; i++) {
      const j = i + this.rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, k);
  }

  private toggle(m: Member, h = idHash(m.id)): void {
    this.sum.toggle(h, recordHash(h, m.incarnation, m.state, m.metaVersion));
  }

  /** Members that are alive or suspect, self excluded. */
  liveOthers(): number {
    let n = 0;
    for (const m of this.byId.values()) if (m.id !== this.selfId && (m.state === 'alive' || m.state === 'suspect')) n++;
    return n;
  }
}

export function digestEntry(m: Member): DigestEntry {
  return { id: m.id, inc: m.incarnation, state: m.state, metaVersion: m.metaVersion };
}

// A drop-in for the core's member list (nodes/core/members.ts) for warm-started
// clusters too large for N full lists of N records: every node shares one base
// ("all registered members alive at incarnation 0") and keeps only the records it
// changed (an overlay). Contract kept: randomized round-robin (a fresh keyed
// permutation per pass), uniform random k distinct accepted members, Map-like
// insertion order for all(). Differences: a member added mid-pass is first probed
// next pass, and RNG draws differ from the exact list. Only the simulator uses it.

import { applyFields, digestEntry, type Member, type MetaEntry, type RecordFields } from '../../nodes/core/members.js';
import type { DigestEntry } from '../../nodes/core/messages.js';
import type { Rng } from '../../nodes/core/rng.js';
import { FINE, fineBucket, fineOf, fold, idHash, recordHash } from '../../nodes/core/summary.js';
import { Permutation } from './permutation.js';

/** Ids and addresses by index, shared by every node of one simulation. */
export class MemberRegistry {
  readonly ids: string[] = [];
  readonly addrs: string[] = [];
  /** idHash of each id, by index. */
  readonly hashes: number[] = [];
  readonly index = new Map<string, number>();

  register(id: string, addr: string): number {
    const known = this.index.get(id);
    if (known !== undefined) return known;
    this.ids.push(id);
    this.addrs.push(addr);
    this.hashes.push(idHash(id));
    this.index.set(id, this.ids.length - 1);
    return this.ids.length - 1;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Digest entries of the base records [0, n) (alive, incarnation 0, no metadata),
   * made once and shared by every node's digests; frozen, since receivers share them.
   */
  baseEntries(n: number): readonly DigestEntry[] {
    for (let i = this.entries.length; i < n; i++) this.entries.push(Object.freeze(new BaseEntry(this, this.ids[i]!, i)) as BaseEntry);
    return this.entries;
  }

  /**
   * The anti-entropy summary of the base records [0, n) and their indices by fine
   * bucket, made once and shared: a node's summary is this plus its own changes.
   */
  baseSummary(n: number): BaseSummary {
    let s = this.summaries.get(n);
    if (!s) {
      const fine = new Uint32Array(FINE);
      const members: number[][] = Array.from({ length: FINE }, () => []);
      for (let i = 0; i < n; i++) {
        const f = fineBucket(this.hashes[i]!);
        fine[f]! ^= recordHash(this.hashes[i]!, 0, 'alive', 0);
        members[f]!.push(i);
      }
      s = { fine, members, folds: new Map() };
      this.summaries.set(n, s);
    }
    return s;
  }

  private readonly entries: DigestEntry[] = [];
  private readonly summaries = new Map<number, BaseSummary>();
}

interface BaseSummary { fine: Uint32Array; members: number[][]; folds: Map<number, Uint32Array> }

/**
 * A base record's digest entry. It knows (privately: it still looks like any other
 * entry) its registry index, so a receiver can match it without a look-up by id.
 */
class BaseEntry implements DigestEntry {
  readonly inc = 0;
  readonly state = 'alive';
  readonly metaVersion = 0;
  readonly #registry: MemberRegistry;
  readonly #idx: number;

  constructor(registry: MemberRegistry, readonly id: string, idx: number) {
    this.#registry = registry;
    this.#idx = idx;
  }

  /** The index of `e` in `reg` when `e` is one of its base entries. */
  static indexIn(e: DigestEntry, reg: MemberRegistry): number | undefined {
    return #idx in e && e.#registry === reg ? e.#idx : undefined;
  }
}

export class CompactMembers {
  private readonly overlay = new Map<number, Member>();
  private readonly removedBase = new Set<number>();
  private readonly extras = new Set<number>();
  private readonly selfIdx: number;
  private count: number;
  private pass: Permutation | undefined;
  private pos = 0;
  /** Bumped whenever the overlay changes, so a base record's view knows when to look again. */
  changes = 0;
  /** This node's summary minus the base summary, by fine bucket (zeros left out). */
  private readonly delta = new Map<number, number>();

  /** `baseCount`: registry indices [0, baseCount) start alive at incarnation 0, changed at `baseTime`. */
  constructor(readonly selfId: string, private readonly rng: Rng, private readonly reg: MemberRegistry,
    private readonly baseCount: number, private readonly baseTime: number) {
    const self = reg.index.get(selfId);
    if (self === undefined) throw new Error(`${selfId} is not registered`);
    this.selfIdx = self;
    this.count = baseCount - (self < baseCount ? 1 : 0);
    if (self < baseCount) this.flip(self, 0, 'alive', 0); // our base record is not in our list: our own record is
  }

  get size(): number {
    return this.count;
  }

  get(id: string): Member | undefined {
    const idx = this.reg.index.get(id);
    return idx === undefined ? undefined : this.at(idx);
  }

  *all(): IterableIterator<Member> {
    for (let i = 0; i < this.baseCount; i++) {
      if (i === this.selfIdx || this.removedBase.has(i)) continue;
      yield this.overlay.get(i) ?? new BaseMember(this, i);
    }
    for (const i of this.extras) yield this.overlay.get(i)!;
  }

  matches(e: DigestEntry): boolean {
    const i = BaseEntry.indexIn(e, this.reg);
    // the sender's base record, and it is unchanged here too
    if (i !== undefined && i < this.baseCount && i !== this.selfIdx && !this.overlay.has(i) && !this.removedBase.has(i)) return true;
    const m = this.get(e.id);
    return m !== undefined && m.incarnation === e.inc && m.state === e.state && m.metaVersion === e.metaVersion;
  }

  /** all() as digest entries: the shared base entries, with this node's own records in their places. */
  digest(): DigestEntry[] {
    if (this.removedBase.size > 0) return Array.from(this.all(), digestEntry);
    const out = this.reg.baseEntries(this.baseCount).slice(0, this.baseCount);
    for (const [i, m] of this.overlay) if (i < this.baseCount && i !== this.selfIdx) out[i] = digestEntry(m);
    if (this.selfIdx < this.baseCount) out.splice(this.selfIdx, 1);
    for (const i of this.extras) out.push(digestEntry(this.overlay.get(i)!));
    return out;
  }

  /** The summary folded to `b` buckets: the shared base folded once, then this node's changes. */
  summary(b: number): Uint32Array {
    const base = this.reg.baseSummary(this.baseCount);
    let folded = base.folds.get(b);
    if (!folded) base.folds.set(b, folded = fold(base.fine, b));
    const out = folded.slice();
    for (const [f, v] of this.delta) out[f & (b - 1)]! ^= v;
    return out;
  }

  /** Digest entries of the members in these buckets (at `b` buckets); unchanged base records as the shared entries. */
  digestOf(b: number, buckets: readonly number[]): DigestEntry[] {
    const base = this.reg.baseSummary(this.baseCount);
    const shared = this.reg.baseEntries(this.baseCount);
    const out: DigestEntry[] = [];
    for (const bucket of buckets) {
      for (const f of fineOf(bucket, b)) {
        for (const i of base.members[f]!) {
          if (i === this.selfIdx || this.removedBase.has(i)) continue;
          const own = this.overlay.get(i);
          out.push(own ? digestEntry(own) : shared[i]!);
        }
      }
    }
    if (this.extras.size > 0) {
      const wanted = new Set(buckets);
      for (const i of this.extras) if (wanted.has(fineBucket(this.reg.hashes[i]!) & (b - 1))) out.push(digestEntry(this.overlay.get(i)!));
    }
    return out;
  }

  /** Change a record's compared fields, keeping the summary current. */
  update(m: Member, fields: RecordFields): void {
    const idx = this.reg.index.get(m.id);
    const cur = idx === undefined ? undefined : this.at(idx);
    if (idx === undefined || !cur) {
      applyFields(m, fields);
      return;
    }
    this.flip(idx, cur.incarnation, cur.state, cur.metaVersion);
    const rec = this.own(idx);
    applyFields(rec, fields);
    this.flip(idx, rec.incarnation, rec.state, rec.metaVersion);
  }

  add(m: Member): void {
    const idx = this.reg.register(m.id, m.addr);
    if (this.present(idx)) throw new Error(`member ${m.id} already present`);
    this.extras.add(idx);
    this.overlay.set(idx, m);
    this.flip(idx, m.incarnation, m.state, m.metaVersion);
    this.changes++;
    this.count++;
  }

  remove(id: string): void {
    const idx = this.reg.index.get(id);
    if (idx === undefined || !this.present(idx)) return;
    const m = this.at(idx)!;
    this.flip(idx, m.incarnation, m.state, m.metaVersion);
    if (this.extras.has(idx)) this.extras.delete(idx);
    else this.removedBase.add(idx);
    this.overlay.delete(idx);
    this.changes++;
    this.count--;
  }

  /** Next member to probe in round-robin order, skipping dead and left members. */
  nextProbeTarget(): Member | undefined {
    for (let checked = 0; checked <= this.reg.size + 1; checked++) {
      if (!this.pass || this.pos >= this.pass.n) {
        this.pass = new Permutation(this.reg.size, this.rng.u32());
        this.pos = 0;
      }
      const m = this.at(this.pass.at(this.pos++));
      if (m && m.id !== this.selfId && (m.state === 'alive' || m.state === 'suspect')) return m;
    }
    return undefined;
  }

  /** Up to k distinct random members other than self that pass `accept`: rejection sampling, then a scan. */
  random(k: number, accept: (m: Member) => boolean): Member[] {
    const out: Member[] = [];
    const n = this.reg.size;
    for (let tries = 0; out.length < k && tries < 8 * k + 32; tries++) {
      const idx = this.rng.int(n);
      if (idx === this.selfIdx) continue;
      const m = this.at(idx);
      if (!m || out.some((o) => o.id === m.id) || !accept(m)) continue;
      out.push(m);
    }
    if (out.length === k) return out;
    const pool: Member[] = [];
    for (const m of this.all()) if (m.id !== this.selfId && accept(m)) pool.push(m);
    if (pool.length <= k) return this.rng.shuffle(pool);
    for (let i = 0; i < k; i++) {
      const j = i + this.rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, k);
  }

  liveOthers(): number {
    let n = 0;
    for (const m of this.all()) if (m.id !== this.selfId && (m.state === 'alive' || m.state === 'suspect')) n++;
    return n;
  }

  /** Records this node holds beyond the shared base (for memory figures). */
  get overlaySize(): number {
    return this.overlay.size;
  }

  // ---- base records --------------------------------------------------------

  baseAddr(idx: number): string {
    return this.reg.addrs[idx]!;
  }

  baseId(idx: number): string {
    return this.reg.ids[idx]!;
  }

  record(idx: number): Member | undefined {
    return this.overlay.get(idx);
  }

  /** The node's own copy of a base record, made on its first change. */
  own(idx: number): Member {
    let m = this.overlay.get(idx);
    if (!m) {
      m = { id: this.reg.ids[idx]!, addr: this.reg.addrs[idx]!, state: 'alive', incarnation: 0, stateChange: this.baseTime, meta: new Map(), metaVersion: 0 };
      this.overlay.set(idx, m);
      this.changes++;
    }
    return m;
  }

  get base(): number {
    return this.baseTime;
  }

  /** XOR one record's hash into (or out of) the summary. */
  private flip(idx: number, inc: number, state: Member['state'], metaVersion: number): void {
    const h = this.reg.hashes[idx]!;
    const f = fineBucket(h);
    const v = (this.delta.get(f) ?? 0) ^ recordHash(h, inc, state, metaVersion);
    if (v === 0) this.delta.delete(f);
    else this.delta.set(f, v);
  }

  private present(idx: number): boolean {
    if (this.overlay.has(idx)) return true;
    return idx < this.baseCount && idx !== this.selfIdx && !this.removedBase.has(idx);
  }

  private at(idx: number): Member | undefined {
    const m = this.overlay.get(idx);
    if (m) return m;
    return idx < this.baseCount && idx !== this.selfIdx && !this.removedBase.has(idx) ? new BaseMember(this, idx) : undefined;
  }
}

/**
 * A shared base record seen through one node: reads come from the node's own copy
 * once it exists, else from the base; any write makes the node's own copy first.
 * Made only while the node has no copy, so until the overlay changes it reads the
 * base without looking.
 */
class BaseMember implements Member {
  private readonly seen: number;

  constructor(private readonly store: CompactMembers, private readonly idx: number) {
    this.seen = store.changes;
  }

  private rec(): Member | undefined {
    return this.store.changes === this.seen ? undefined : this.store.record(this.idx);
  }

  get id(): string { return this.store.baseId(this.idx); }
  get addr(): string { return this.rec()?.addr ?? this.store.baseAddr(this.idx); }
  set addr(v: string) { this.store.own(this.idx).addr = v; }
  get state(): Member['state'] { return this.rec()?.state ?? 'alive'; }
  set state(v: Member['state']) { this.store.own(this.idx).state = v; }
  get incarnation(): number { return this.rec()?.incarnation ?? 0; }
  set incarnation(v: number) { this.store.own(this.idx).incarnation = v; }
  get stateChange(): number { return this.rec()?.stateChange ?? this.store.base; }
  set stateChange(v: number) { this.store.own(this.idx).stateChange = v; }
  get metaVersion(): number { return this.rec()?.metaVersion ?? 0; }
  set metaVersion(v: number) { this.store.own(this.idx).metaVersion = v; }
  get meta(): Map<string, MetaEntry> { return this.rec()?.meta ?? new CopyOnWriteMeta(this.store, this.idx); }
  set meta(v: Map<string, MetaEntry>) { this.store.own(this.idx).meta = v; }
}

/** An empty metadata map whose first `set` lands in the node's own copy of the record. */
class CopyOnWriteMeta extends Map<string, MetaEntry> {
  constructor(private readonly store: CompactMembers, private readonly idx: number) {
    super();
  }

  override set(key: string, value: MetaEntry): this {
    this.store.own(this.idx).meta.set(key, value);
    return this;
  }
}

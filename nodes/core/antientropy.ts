// Anti-entropy and join (memberlist push-pull, over UDP datagrams). The initiator
// sends its bucketed summary (summary.ts); the peer answers with its digest entries
// (id, incarnation, state, metadata version) of the buckets that differ and asks
// for the initiator's entries of those buckets; each side then sends the full
// records the other lacks and pulls those it lacks. Nodes that agree exchange only
// the summary. Small lists (one bucket) exchange whole digests, as memberlist does.
// A join asks the seed for its full state at once. Everything is chunked to the
// packet budget.

import type { Ctx, Seed } from './context.js';
import { digestEntry, type Member } from './members.js';
import type { Membership } from './membership.js';
import { stateRank, type DigestEntry, type DigestKind, type Message, type MessageOf } from './messages.js';
import { LIST_OVERHEAD, diffSize, digestEntrySize, digestSize, pullSize, sumSize, uintSize, wantSize } from './codec.js';
import { newer } from './precedence.js';
import { bucketCount } from './summary.js';

/** memberlist pushPullScale: the interval grows with log2(N) beyond 32 members. */
export function pushPullScale(interval: number, n: number): number {
  if (n <= 32) return interval;
  return interval * (Math.ceil(Math.log2(n) - Math.log2(32)) + 1);
}

export class AntiEntropy {
  constructor(private readonly ctx: Ctx, private readonly membership: Membership) {}

  /** Contact the seeds: our alive record plus a join digest, which asks for full state. */
  join(seeds: readonly Seed[]): void {
    const me = this.membership.self;
    const alive: Message = { t: 'alive', id: me.id, addr: me.addr, inc: me.incarnation };
    for (const s of seeds) this.ctx.send(s.addr, [alive, { t: 'digest', kind: 'join', entries: [digestEntry(me)] }]);
  }

  /** The 'pushpull' timer: exchange digests with one random alive member. */
  periodic(now: number): void {
    const { ctx } = this;
    if (ctx.leaving || ctx.params.pushPullInterval <= 0) return;
    ctx.timers.set('pushpull', now + pushPullScale(ctx.params.pushPullInterval, ctx.members.size));
    const [peer] = ctx.members.random(1, (m) => m.state === 'alive');
    if (!peer) return;
    const b = bucketCount(ctx.members.size);
    if (b === 1) this.sendDigest(peer.addr, 'push');
    else this.sendSummary(peer.addr, b);
  }

  /** The peer's summary: answer with our entries of the buckets that differ, and ask for theirs. */
  onSummary(m: MessageOf<'sum'>, from: string): void {
    const mine = this.ctx.members.summary(m.buckets);
    const differ: number[] = [];
    for (let i = 0; i < m.values.length; i++) if (mine[m.first + i] !== m.values[i]) differ.push(m.first + i);
    if (differ.length === 0) return;
    const out = this.digestOf(m.buckets, differ);
    const asks = chunk(differ, uintSize, this.ctx.bodyBudget);
    for (const c of asks) {
      out.msgs.push({ t: 'diff', buckets: m.buckets, list: c.items });
      out.sizes.push(diffSize(m.buckets, c.items.length, c.bytes));
    }
    this.ctx.sendBulk(from, out.msgs, out.sizes);
  }

  /** The peer found these buckets differ: send our entries of them. */
  onDiff(m: MessageOf<'diff'>, from: string): void {
    const out = this.digestOf(m.buckets, m.list);
    if (out.msgs.length) this.ctx.sendBulk(from, out.msgs, out.sizes);
  }

  onDigest(m: MessageOf<'digest'>, from: string, now: number): void {
    const { ctx } = this;
    const records: Message[] = [];
    const wants: MessageOf<'pull'>['wants'] = [];
    for (const e of m.entries) {
      if (ctx.members.matches(e)) continue; // the same record on both sides: nothing to say (most entries)
      const mine = ctx.members.get(e.id);
      if (e.id === ctx.selfId && mine) {
        // A newer record of us out there (an accusation, or our own pre-restart
        // incarnation): membership refutes it. An older one: send ours.
        if (newer(e.inc, e.state, mine, stateRank)) this.membership.onState({ t: 'state', id: e.id, addr: mine.addr, inc: e.inc, state: e.state }, now);
        else if (newer(mine.incarnation, mine.state, toKnown(e), stateRank)) records.push(...this.recordOf(mine, e.metaVersion));
        continue;
      }
      if (newer(e.inc, e.state, mine, stateRank)) {
        if (mine || e.state === 'alive' || e.state === 'suspect') wants.push({ id: e.id, metaVersion: mine?.metaVersion ?? 0 });
      } else if (mine && newer(mine.incarnation, mine.state, toKnown(e), stateRank)) {
        records.push(...this.recordOf(mine, e.metaVersion));
      } else if (mine && e.metaVersion > mine.metaVersion) {
        wants.push({ id: e.id, metaVersion: mine.metaVersion });
      } else if (mine && mine.metaVersion > e.metaVersion) {
        records.push(...this.metaOf(mine, e.metaVersion));
      }
    }
    if (m.kind === 'join') {
      for (const mm of ctx.members.all()) records.push(...this.recordOf(mm, 0));
    }
    if (records.length) ctx.sendBulk(from, records);
    if (wants.length) {
      const chunks = chunk(wants, wantSize, ctx.bodyBudget);
      ctx.sendBulk(from, chunks.map((c): Message => ({ t: 'pull', wants: c.items })), chunks.map((c) => pullSize(c.items.length, c.bytes)));
    }
    if (m.kind === 'push') this.sendDigest(from, 'reply');
  }

  onPull(m: MessageOf<'pull'>, from: string): void {
    const records: Message[] = [];
    for (const w of m.wants) {
      const mine = this.ctx.members.get(w.id);
      if (mine) records.push(...this.recordOf(mine, w.metaVersion));
    }
    if (records.length) this.ctx.sendBulk(from, records);
  }

  /**
   * A digest takes one packet per ~70 members. Of a push, only the first chunk says
   * 'push' (the rest say 'reply', which asks for nothing back), so the peer answers
   * each exchange with one digest, not one per chunk (chunks² packets).
   */
  private sendDigest(to: string, kind: DigestKind): void {
    const chunks = chunk(this.ctx.members.digest(), digestEntrySize, this.ctx.bodyBudget);
    const msgs = chunks.map((c, i): Message => ({ t: 'digest', kind: kind === 'push' && i > 0 ? 'reply' : kind, entries: c.items }));
    this.ctx.sendBulk(to, msgs, chunks.map((c) => digestSize(c.items.length, c.bytes)));
  }

  /** Our summary at `b` buckets, in as many messages as the budget needs (3 bytes kept for the bucket fields). */
  private sendSummary(to: string, b: number): void {
    const chunks = chunk(Array.from(this.ctx.members.summary(b)), uintSize, this.ctx.bodyBudget - 3);
    let first = 0;
    const msgs: Message[] = [];
    const sizes: number[] = [];
    for (const c of chunks) {
      msgs.push({ t: 'sum', buckets: b, first, values: c.items });
      sizes.push(sumSize(b, first, c.items.length, c.bytes));
      first += c.items.length;
    }
    this.ctx.sendBulk(to, msgs, sizes);
  }

  /** Digest messages ('reply': they ask for nothing back) of our entries in these buckets. */
  private digestOf(b: number, buckets: readonly number[]): { msgs: Message[]; sizes: number[] } {
    const chunks = chunk(this.ctx.members.digestOf(b, buckets), digestEntrySize, this.ctx.bodyBudget);
    return {
      msgs: chunks.map((c): Message => ({ t: 'digest', kind: 'reply', entries: c.items })),
      sizes: chunks.map((c) => digestSize(c.items.length, c.bytes)),
    };
  }

  private recordOf(m: Member, sinceMeta: number): Message[] {
    return [{ t: 'state', id: m.id, addr: m.addr, inc: m.incarnation, state: m.state }, ...this.metaOf(m, sinceMeta)];
  }

  private metaOf(m: Member, since: number): Message[] {
    const out: Message[] = [];
    for (const [key, e] of m.meta) if (e.version > since) out.push({ t: 'meta', id: m.id, key, value: e.value, version: e.version });
    return out;
  }
}

function toKnown(e: DigestEntry): { state: DigestEntry['state']; incarnation: number } {
  return { state: e.state, incarnation: e.inc };
}

/** Split a list into pieces whose list message fits in `budget` bytes; `bytes`: a piece's items together. */
function chunk<T>(list: readonly T[], sizeOf: (x: T) => number, budget: number): { items: T[]; bytes: number }[] {
  const out: { items: T[]; bytes: number }[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < list.length; i++) {
    const n = sizeOf(list[i]!);
    if (i > start && LIST_OVERHEAD + used + n > budget) {
      out.push({ items: list.slice(start, i), bytes: used });
      start = i;
      used = 0;
    }
    used += n;
  }
  if (list.length > start) out.push({ items: list.slice(start), bytes: used });
  return out;
}

// Every change to a member record goes through here (h11 style: the state
// transitions live in one file). It applies the precedence rules, refutes
// suspicions of self, runs suspicion and reap timers, and versioned metadata.
// Known-bad modes (bugNeverRefute, bugNeverEvict, bugSkipSuspicion) act only here.

import { MAX_U32 } from './codec.js';
import type { Ctx } from './context.js';
import type { Member } from './members.js';
import type { MemberState, MessageOf } from './messages.js';
import { aliveWins, deadWins, suspectEffect } from './precedence.js';
import { Suspicion } from './suspicion.js';

const metaKey = (id: string, key: string): string => `m:${id}\u0000${key}`;

export class Membership {
  readonly suspicions = new Map<string, Suspicion>();
  /** Set once another member is first learned (join succeeded). */
  joined = false;

  constructor(private readonly ctx: Ctx) {}

  get self(): Member {
    return this.ctx.members.get(this.ctx.selfId) as Member;
  }

  addSelf(addr: string, now: number): void {
    this.ctx.members.add({ id: this.ctx.selfId, addr, state: 'alive', incarnation: 0, stateChange: now, meta: new Map(), metaVersion: 0 });
    this.emitMember(this.self);
  }

  onAlive(m: Omit<MessageOf<'alive'>, 't'>, now: number): void {
    const { members, selfId } = this.ctx;
    if (m.id === selfId) {
      const me = this.self;
      if (m.inc > me.incarnation || (m.inc === me.incarnation && m.addr !== me.addr)) this.refute(m.inc);
      return;
    }
    const cur = members.get(m.id);
    if (!aliveWins(cur, m.inc)) return;
    if (!cur) {
      const fresh: Member = { id: m.id, addr: m.addr, state: 'alive', incarnation: m.inc, stateChange: now, meta: new Map(), metaVersion: 0 };
      members.add(fresh);
      this.joined = true;
      this.emitMember(fresh);
    } else {
      cur.addr = m.addr;
      this.setState(cur, 'alive', m.inc, now);
    }
    this.ctx.broadcast(m.id, { t: 'alive', ...m });
  }

  onSuspect(m: Omit<MessageOf<'suspect'>, 't'>, now: number): void {
    const { members, selfId, params } = this.ctx;
    if (m.id === selfId) {
      if (m.inc >= this.self.incarnation) this.refute(m.inc);
      return;
    }
    const cur = members.get(m.id);
    switch (suspectEffect(cur, m.inc)) {
      case 'ignore': return;
      case 'confirm': {
        const c = cur as Member;
        if (m.inc > c.incarnation) this.setState(c, 'suspect', m.inc, now);
        const s = this.suspicions.get(m.id);
        if (s?.confirm(m.from)) {
          this.armSuspicion(m.id, s);
          this.ctx.broadcast(m.id, { t: 'suspect', ...m });
        }
        return;
      }
      case 'suspect': {
        const c = cur as Member;
        this.setState(c, 'suspect', m.inc, now);
        const s = new Suspicion(params, members.size, now, m.from);
        this.suspicions.set(m.id, s);
        this.armSuspicion(m.id, s);
        this.ctx.broadcast(m.id, { t: 'suspect', ...m });
        return;
      }
    }
  }

  onDead(m: Omit<MessageOf<'dead'>, 't'>, now: number): void {
    const { members, selfId, params } = this.ctx;
    if (m.id === selfId) {
      if (m.inc >= this.self.incarnation) this.refute(m.inc);
      return;
    }
    const cur = members.get(m.id);
    if (!deadWins(cur, m.inc)) return;
    const left = m.from === m.id;
    if (params.bugNeverEvict && !left) return;
    this.setState(cur as Member, left ? 'left' : 'dead', m.inc, now);
    this.ctx.broadcast(m.id, { t: 'dead', ...m });
  }

  /** Anti-entropy record (memberlist mergeState): a remote "dead" only makes us suspect, as ourselves. */
  onState(m: MessageOf<'state'>, now: number): void {
    switch (m.state) {
      case 'alive': return this.onAlive({ id: m.id, addr: m.addr, inc: m.inc }, now);
      case 'left': return this.onDead({ id: m.id, inc: m.inc, from: m.id }, now);
      case 'suspect':
      case 'dead': return this.onSuspect({ id: m.id, inc: m.inc, from: this.ctx.selfId }, now);
    }
  }

  onMeta(m: MessageOf<'meta'>): void {
    const cur = this.ctx.members.get(m.id);
    if (!cur) return;
    if (m.id === this.ctx.selfId) {
      // Only this node writes its metadata; a higher version out there (from before a
      // restart) just moves our counter past it so our next update wins.
      this.ctx.members.update(cur, { metaVersion: Math.max(cur.metaVersion, m.version) });
      return;
    }
    const old = cur.meta.get(m.key);
    if (old && old.version >= m.version) return;
    this.storeMeta(cur, m.key, m.value, m.version);
  }

  setMeta(key: string, value: string): number {
    const me = this.self;
    const version = me.metaVersion + 1;
    if (version > MAX_U32) throw new RangeError(`metadata version of ${me.id} is exhausted (u32)`);
    this.storeMeta(me, key, value, version);
    return version;
  }

  /** A probe (or the phi detector) found the target unresponsive. */
  probeFailed(id: string, inc: number, now: number): void {
    const cur = this.ctx.members.get(id);
    if (this.ctx.params.bugSkipSuspicion) {
      if (cur && suspectEffect(cur, inc) !== 'ignore') this.declareDead(cur, now);
      return;
    }
    this.onSuspect({ id, inc, from: this.ctx.selfId }, now);
  }

  suspicionExpired(id: string, now: number): void {
    const cur = this.ctx.members.get(id);
    if (cur?.state === 'suspect') this.declareDead(cur, now);
  }

  reap(id: string): void {
    const cur = this.ctx.members.get(id);
    if (!cur || (cur.state !== 'dead' && cur.state !== 'left')) return;
    this.ctx.members.remove(id);
    this.ctx.emit({ type: 'removed', member: id });
  }

  leave(now: number): void {
    const me = this.self;
    this.setState(me, 'left', me.incarnation, now);
    this.ctx.broadcast(me.id, { t: 'dead', id: me.id, inc: me.incarnation, from: me.id });
  }

  private declareDead(m: Member, now: number): void {
    if (this.ctx.params.bugNeverEvict) return;
    this.setState(m, 'dead', m.incarnation, now);
    this.ctx.broadcast(m.id, { t: 'dead', id: m.id, inc: m.incarnation, from: this.ctx.selfId });
  }

  /** Raise our incarnation above the accusation and tell everyone we are alive. */
  private refute(accused: number): void {
    const { params, leaving } = this.ctx;
    if (leaving || params.bugNeverRefute) return;
    const me = this.self;
    // Incarnations are u32 on the wire: an accusation at the ceiling cannot be outbid.
    this.ctx.members.update(me, { incarnation: Math.min(MAX_U32, Math.max(me.incarnation + 1, accused + 1)) });
    this.ctx.awareness.apply(1);
    this.emitMember(me);
    this.ctx.broadcast(me.id, { t: 'alive', id: me.id, addr: me.addr, inc: me.incarnation });
  }

  private armSuspicion(id: string, s: Suspicion): void {
    if (this.ctx.params.bugNeverEvict) return;
    this.ctx.timers.set(`suspect:${id}`, s.deadline());
  }

  private storeMeta(m: Member, key: string, value: string, version: number): void {
    m.meta.set(key, { value, version });
    this.ctx.members.update(m, { metaVersion: Math.max(m.metaVersion, version) });
    this.ctx.emit({ type: 'update', member: m.id, key, version });
    this.ctx.broadcast(metaKey(m.id, key), { t: 'meta', id: m.id, key, value, version });
  }

  private setState(m: Member, state: MemberState, inc: number, now: number): void {
    const changed = m.state !== state || m.incarnation !== inc;
    if (m.state !== state) m.stateChange = now;
    this.ctx.members.update(m, { state, incarnation: inc });
    const { timers, params } = this.ctx;
    if (state !== 'suspect') {
      this.suspicions.delete(m.id);
      timers.clear(`suspect:${m.id}`);
    }
    const gone = state === 'dead' || state === 'left';
    if (!gone) timers.clear(`reap:${m.id}`);
    else if (changed && !params.bugNeverEvict && m.id !== this.ctx.selfId) timers.set(`reap:${m.id}`, now + params.reapTime);
    if (changed) this.emitMember(m);
  }

  private emitMember(m: Member): void {
    this.ctx.emit({ type: 'member', member: m.id, state: m.state, incarnation: m.incarnation });
  }
}

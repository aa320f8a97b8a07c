// SWIM failure detection by probing (memberlist probeNode), with Lifeguard nacks,
// buddy and awareness. One probe round per (awareness-scaled) probe interval: ping,
// after the probe timeout ping-req through k members, and declare failure only at
// the end of the round. Also relays ping-reqs for others (with a nack at 80%).

import type { Ctx } from './context.js';
import type { Membership } from './membership.js';
import type { Message } from './messages.js';

interface Round { target: string; inc: number; seq: number; acked: boolean; expectedNacks: number; nacks: number }

interface Relay { requester: string; seq: number; wantNack: boolean; expires: number }

export class Prober {
  private round: Round | undefined;
  private relays = new Map<number, Relay>();

  constructor(private readonly ctx: Ctx, private readonly membership: Membership) {}

  /** The 'probe' timer: close the previous round (failure if unacked) and start the next. */
  startRound(now: number): void {
    this.finishRound(now);
    const { ctx } = this;
    if (ctx.leaving) return;
    const { params, members, awareness, timers } = ctx;
    timers.set('probe', now + awareness.scale(params.probeInterval));
    const target = members.nextProbeTarget();
    if (!target) return;
    const seq = ctx.nextSeq();
    const msgs: Message[] = [];
    if (target.state === 'suspect' && params.lifeguardBuddy) {
      msgs.push({ t: 'suspect', id: target.id, inc: target.incarnation, from: ctx.selfId });
    }
    msgs.push({ t: 'ping', seq, target: target.id });
    this.round = { target: target.id, inc: target.incarnation, seq, acked: false, expectedNacks: 0, nacks: 0 };
    ctx.send(target.addr, msgs);
    timers.set('probe.timeout', now + awareness.scale(params.probeTimeout));
  }

  /** The 'probe.timeout' timer: no direct ack yet, so ask k others to probe for us. */
  indirect(): void {
    const r = this.round;
    if (!r || r.acked) return;
    const { ctx } = this;
    const target = ctx.members.get(r.target);
    if (!target) return;
    const nack = ctx.params.lifeguardNacks;
    const peers = ctx.members.random(ctx.params.indirectChecks, (m) => m.state === 'alive' && m.id !== r.target);
    for (const p of peers) ctx.send(p.addr, [{ t: 'pingReq', seq: r.seq, target: r.target, addr: target.addr, nack }]);
    r.expectedNacks = nack ? peers.length : 0;
  }

  /** An ack for our round, or for a ping we relay. */
  onAck(seq: number): void {
    const r = this.round;
    if (r && r.seq === seq && !r.acked) {
      r.acked = true;
      this.ctx.awareness.apply(-1);
      this.ctx.timers.clear('probe.timeout');
      return;
    }
    const relay = this.relays.get(seq);
    if (relay) {
      this.ctx.send(relay.requester, [{ t: 'ack', seq: relay.seq }]);
      this.relays.delete(seq);
      this.ctx.timers.clear(`relay:${seq}`);
    }
  }

  onNack(seq: number): void {
    const r = this.round;
    if (r && r.seq === seq && !r.acked) r.nacks++;
  }

  onPingReq(m: Extract<Message, { t: 'pingReq' }>, from: string, now: number): void {
    const { ctx } = this;
    const seq = ctx.nextSeq();
    const expires = now + ctx.params.probeInterval;
    this.relays.set(seq, { requester: from, seq: m.seq, wantNack: m.nack, expires });
    ctx.send(m.addr, [{ t: 'ping', seq, target: m.target }]);
    ctx.timers.set(`relay:${seq}`, m.nack ? now + ctx.params.probeTimeout * 0.8 : expires);
  }

  /** The 'relay:<seq>' timer: send the nack if one was asked for, else forget the relay. */
  relayTimer(seq: number, now: number): void {
    const relay = this.relays.get(seq);
    if (!relay) return;
    if (relay.wantNack) {
      relay.wantNack = false;
      this.ctx.send(relay.requester, [{ t: 'nack', seq: relay.seq }]);
      if (relay.expires > now) return this.ctx.timers.set(`relay:${seq}`, relay.expires);
    }
    this.relays.delete(seq);
  }

  private finishRound(now: number): void {
    const r = this.round;
    this.round = undefined;
    this.ctx.timers.clear('probe.timeout');
    if (!r || r.acked) return;
    // Lifeguard LHM: missing nacks point at our own slowness; no nacks expected counts 1.
    const delta = r.expectedNacks > 0 ? Math.max(0, r.expectedNacks - r.nacks) : 1;
    this.ctx.awareness.apply(delta);
    this.membership.probeFailed(r.target, r.inc, now);
  }
}

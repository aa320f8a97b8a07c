// SwimNode: the sans-I/O gossip node. Drivers feed it packets (`handle`) and time
// (`tick`), then drain its outbox and observations and sleep until `nextDeadline()`.
// No clock, timer, randomness or socket lives here; the UDP process and the
// virtual-time simulator are two thin drivers of this same class.

import { AntiEntropy } from './antientropy.js';
import { Awareness } from './awareness.js';
import { BroadcastQueue } from './broadcast.js';
import { MAX_U32, decodePacket, messageSize, RemoteProtocolError } from './codec.js';
import type { Cipher, Ctx, DropReason, Frame, Observation, Outgoing, Seed } from './context.js';
import { HeartbeatDetector } from './heartbeat.js';
import { Members } from './members.js';
import { PacketOutbox } from './outbox.js';
import { Membership } from './membership.js';
import { assertNever, type MemberState, type Message } from './messages.js';
import { joinRetryDelay, retransmitLimit, type ProtocolParams } from './params.js';
import { Prober } from './probe.js';
import type { Rng } from './rng.js';
import { Stats, type StatsSnapshot } from './stats.js';
import { Timers } from './timers.js';

export interface SwimNodeOptions {
  id: string;
  /** The `ip:port` other members reach this node at. */
  addr: string;
  params: Readonly<ProtocolParams>;
  rng: Rng;
  seeds?: readonly Seed[];
  cipher?: Cipher;
}

export interface ViewMember { id: string; addr: string; state: MemberState; incarnation: number }

export interface DetectorSnapshot { awareness: number; phi?: Record<string, number>; suspicion: Record<string, number> }

/** What a drain returns when there is nothing (drivers drain after every event). */
const NONE: readonly never[] = Object.freeze([]);

export class SwimNode implements Ctx {
  readonly params: Readonly<ProtocolParams>;
  readonly selfId: string;
  readonly rng: Rng;
  readonly members: Members;
  readonly timers = new Timers();
  readonly awareness: Awareness;
  readonly bodyBudget: number;
  private left = false;

  private readonly membership: Membership;
  private readonly prober: Prober;
  private readonly heartbeats: HeartbeatDetector;
  private readonly antiEntropy: AntiEntropy;
  private readonly queue = new BroadcastQueue();
  private readonly stats = new Stats();
  private readonly seeds: readonly Seed[];
  private readonly outbox: PacketOutbox;
  /** Observations not yet drained; undefined when none (every event drains, most find none). */
  private events: Observation[] | undefined;
  private seq = 0;
  /** Join attempts made so far (the retry delay doubles with each). */
  private joinAttempts = 0;
  private started = false;
  /** The `now` of the latest call from the driver (every entry point passes through start). */
  private lastNow = -Infinity;
  /**
   * When the gossip timer last fired with nothing to send; while set, the timer is not
   * re-armed (an idle node does not wake every gossipInterval for nothing), and the
   * next broadcast arms it at the next tick of the same schedule (see broadcast).
   */
  private gossipIdle: number | undefined;
  private limitFor = -1;
  private limit = 0;

  constructor(private readonly opts: SwimNodeOptions) {
    this.params = opts.params;
    this.selfId = opts.id;
    this.rng = opts.rng;
    this.members = new Members(opts.id, opts.rng);
    this.awareness = new Awareness(opts.params.awarenessMaxMultiplier, opts.params.lifeguardLhm);
    this.bodyBudget = opts.params.packetBudget - 1 - (opts.cipher?.overhead ?? 0);
    this.outbox = new PacketOutbox(this.bodyBudget, this.queue, this.stats, opts.cipher, (r) => this.drop(r));
    this.seeds = (opts.seeds ?? []).filter((s) => s.id !== opts.id && s.addr !== opts.addr);
    this.membership = new Membership(this);
    this.prober = new Prober(this, this.membership);
    this.heartbeats = new HeartbeatDetector(this, this.membership);
    this.antiEntropy = new AntiEntropy(this, this.membership);
  }

  /** Start at `now`: announce self, contact the seeds, and stagger the periodic loops. */
  start(now: number): void {
    this.lastNow = now;
    if (this.started) return;
    this.started = true;
    const p = this.params;
    this.membership.addSelf(this.opts.addr, now);
    if (this.seeds.length > 0) this.fire('join', now);
    this.timers.set('probe', now + this.rng.next() * p.probeInterval);
    this.timers.set('gossip', now + this.rng.next() * p.gossipInterval);
    if (p.pushPullInterval > 0) this.timers.set('pushpull', now + this.rng.next() * p.pushPullInterval);
  }

  /** One datagram from `from` (ip:port). Anything malformed is counted and dropped. */
  handle(packet: Uint8Array, from: string, now: number): void {
    this.start(now);
    this.stats.packet('recv', packet.length);
    let plain: Uint8Array | undefined = packet;
    if (this.opts.cipher) {
      plain = this.opts.cipher.open(packet);
      if (!plain) return this.drop('decrypt');
    }
    let msgs: Message[];
    try {
      msgs = decodePacket(plain);
    } catch (e) {
      if (e instanceof RemoteProtocolError) return this.drop('malformed');
      throw e;
    }
    for (const m of msgs) {
      this.stats.message('recv', m.t, messageSize(m));
      this.dispatch(m, from, now);
    }
  }

  /**
   * One datagram carried as a frame (see drainFrames): its messages, already typed,
   * and its size on the wire. The same handling as `handle` after decoding.
   */
  handleFrame(f: Pick<Frame, 'msgs' | 'sizes' | 'bytes'>, from: string, now: number): void {
    this.start(now);
    this.stats.packet('recv', f.bytes);
    for (let i = 0; i < f.msgs.length; i++) {
      const m = f.msgs[i]!;
      this.stats.message('recv', m.t, f.sizes[i]!);
      this.dispatch(m, from, now);
    }
  }

  /** Run every timer due at or before `now`. */
  tick(now: number): void {
    this.start(now);
    for (let key = this.timers.popDue(now); key !== undefined; key = this.timers.popDue(now)) this.fire(key, now);
  }

  /** When `tick` must next be called; -Infinity before start (call tick now). */
  nextDeadline(): number {
    return this.started ? this.timers.next() : -Infinity;
  }

  drainOutbox(): Outgoing[] {
    return this.outbox.drain();
  }

  /** The outgoing datagrams unencoded, for a driver that delivers them to `handleFrame`. */
  drainFrames(): readonly Frame[] {
    return this.outbox.drainFrames();
  }

  drainEvents(): readonly Observation[] {
    const out = this.events;
    if (out === undefined) return NONE;
    this.events = undefined;
    return out;
  }

  view(): { self: string; members: ViewMember[] } {
    const members = [...this.members.all()]
      .map((m) => ({ id: m.id, addr: m.addr, state: m.state, incarnation: m.incarnation }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { self: this.selfId, members };
  }

  /** Leave gracefully: broadcast our departure, stop probing, anti-entropy and refuting. */
  leave(now: number): void {
    this.start(now);
    if (this.leaving) return;
    this.membership.leave(now);
    this.left = true;
    for (const k of ['probe', 'probe.timeout', 'pushpull', 'join']) this.timers.clear(k);
  }

  /** Set a metadata key of this node; returns the new version (also seen as an `update`). */
  setMeta(key: string, value: string, now: number): number {
    this.start(now);
    const probe = messageSize({ t: 'meta', id: this.selfId, key, value, version: MAX_U32 });
    if (key.length === 0 || probe > this.bodyBudget / 2) {
      throw new RangeError(`metadata key must be non-empty and key+value must encode to at most ${Math.floor(this.bodyBudget / 2)} bytes`);
    }
    return this.membership.setMeta(key, value);
  }

  /** Metadata of a member as this node knows it. */
  meta(id: string): Record<string, { value: string; version: number }> {
    return Object.fromEntries(this.members.get(id)?.meta ?? []);
  }

  statsSnapshot(): StatsSnapshot {
    return this.stats.snapshot();
  }

  detectorSnapshot(now: number): DetectorSnapshot {
    const suspicion: Record<string, number> = {};
    for (const [id, s] of this.membership.suspicions) suspicion[id] = s.timeout();
    const snap: DetectorSnapshot = { awareness: this.awareness.value, suspicion };
    if (this.params.detector === 'phi') snap.phi = this.heartbeats.snapshot(now);
    return snap;
  }

  // ---- Ctx, used by the parts -------------------------------------------------

  get leaving(): boolean {
    return this.left;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    return this.seq;
  }

  send(to: string, msgs: Message[]): void {
    this.outbox.send(to, msgs, this.retransmits());
  }

  sendBulk(to: string, msgs: Message[], sizes?: readonly number[]): void {
    this.outbox.sendBulk(to, msgs, sizes);
  }

  broadcast(key: string, msg: Message): void {
    this.queue.enqueue(key, msg, messageSize(msg));
    const idle = this.gossipIdle;
    if (idle === undefined) return;
    this.gossipIdle = undefined;
    const g = this.params.gossipInterval;
    this.timers.set('gossip', idle + Math.max(1, Math.ceil((this.lastNow - idle) / g)) * g);
  }

  emit(o: Observation): void {
    (this.events ??= []).push(o);
  }

  drop(reason: DropReason): void {
    this.stats.drop(reason);
  }

  // ---- internals --------------------------------------------------------------

  /** retransmitLimit for the current member count, computed again only when the count changes. */
  private retransmits(): number {
    const n = this.members.size;
    if (n !== this.limitFor) {
      this.limitFor = n;
      this.limit = retransmitLimit(this.params, n);
    }
    return this.limit;
  }

  private gossip(now: number): void {
    const p = this.params;
    if (this.queue.size === 0) { this.gossipIdle = now; return; }
    this.timers.set('gossip', now + p.gossipInterval);
    const targets = this.members.random(p.gossipNodes, (m) =>
      m.state === 'alive' || m.state === 'suspect' || (m.state === 'dead' && now - m.stateChange < p.gossipToTheDeadTime));
    const limit = this.retransmits();
    for (const t of targets) if (!this.outbox.gossip(t.addr, limit)) return;
  }

  private fire(key: string, now: number): void {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const arg = colon < 0 ? '' : key.slice(colon + 1);
    switch (kind) {
      case 'probe':
        return this.params.detector === 'phi' ? this.heartbeats.round(now) : this.prober.startRound(now);
      case 'probe.timeout': return this.prober.indirect();
      case 'gossip': return this.gossip(now);
      case 'pushpull': return this.antiEntropy.periodic(now);
      case 'join':
        if (this.membership.joined || this.leaving) return;
        this.antiEntropy.join(this.seeds);
        return this.timers.set('join', now + joinRetryDelay(this.params.probeInterval, this.joinAttempts++, this.selfId));
      case 'suspect': return this.membership.suspicionExpired(arg, now);
      case 'reap': this.heartbeats.forget(arg); return this.membership.reap(arg);
      case 'relay': return this.prober.relayTimer(Number(arg), now);
      case 'phi': return this.heartbeats.expired(arg, now);
      default: throw new Error(`unknown timer ${key}`);
    }
  }

  private dispatch(m: Message, from: string, now: number): void {
    switch (m.t) {
      case 'ping':
        if (m.target !== this.selfId) return this.drop('wrongTarget');
        return this.send(from, [{ t: 'ack', seq: m.seq }]);
      case 'ack':
        if (this.params.detector === 'phi' && this.heartbeats.onAck(m.seq, now)) return;
        return this.prober.onAck(m.seq);
      case 'nack': return this.prober.onNack(m.seq);
      case 'pingReq': return this.prober.onPingReq(m, from, now);
      case 'alive': return this.membership.onAlive(m, now);
      case 'suspect': return this.membership.onSuspect(m, now);
      case 'dead': return this.membership.onDead(m, now);
      case 'meta': return this.membership.onMeta(m);
      case 'state': return this.membership.onState(m, now);
      case 'digest': return this.antiEntropy.onDigest(m, from, now);
      case 'pull': return this.antiEntropy.onPull(m, from);
      case 'sum': return this.antiEntropy.onSummary(m, from);
      case 'diff': return this.antiEntropy.onDiff(m, from);
      default: return assertNever(m);
    }
  }
}

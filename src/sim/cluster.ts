// The discrete-event engine: one agenda of datagrams in flight and controller
// callbacks, and one of node wake-ups (at most one per node), interleaved in the
// order they were planned, with virtual time jumping to the next item. It drives the
// unmodified SwimNode of every node (handleFrame/tick/drainFrames/drainEvents/
// nextDeadline): datagrams travel as the core's frames, message objects with their
// exact encoded size, so nothing is encoded or decoded. Invariants: every random
// draw of the network comes from one rng derived from the run seed, each node's
// core from its own; no wall clock is read.

import { Rng, type Observation, type ProtocolParams } from '../../nodes/core/index.js';
import type { Frame } from '../../nodes/core/context.js';
import type { Message } from '../../nodes/core/messages.js';
import { EventQueue } from './queue.js';
import { WakeQueue } from './wake-queue.js';
import { LinkTable } from './links.js';
import { plain, plainArrival, resolveNetwork, route, type NetworkParams } from './network.js';
import { Packet, SimNode, simIp, type StartMode } from './node-slot.js';

/** A datagram that passed the network but waited for its CPU-starved receiver to run. */
class Admitted {
  constructor(readonly packet: Packet) {}
}

/** A controller coroutine waiting for virtual time to reach this item. */
export class Waker {
  constructor(readonly resolve: () => void) {}
}

/** How much later than a deferred timer a deferred datagram is read (ms): timers first. */
const TIMERS_FIRST = 1e-6;

type Item = Packet | Admitted | Waker | (() => void);

export type DropReason = 'cut' | 'loss' | 'down' | 'qdisc' | 'rcvbuf' | 'unroutable';

export interface EngineCounters {
  events: number;
  wakes: number;
  packetsSent: number;
  packetsDelivered: number;
  dropped: Record<DropReason, number>;
}

export interface ClusterOptions {
  seed: number;
  params: Readonly<ProtocolParams>;
  network?: Partial<NetworkParams>;
  onObservation?: (node: SimNode, o: Observation, t: number) => void;
}

export class SimCluster {
  now = 0;
  readonly nodes: SimNode[] = [];
  readonly byId = new Map<string, SimNode>();
  readonly net: Readonly<NetworkParams>;
  readonly links = new LinkTable();
  readonly counters: EngineCounters = {
    events: 0, wakes: 0, packetsSent: 0, packetsDelivered: 0,
    dropped: { cut: 0, loss: 0, down: 0, qdisc: 0, rcvbuf: 0, unroutable: 0 },
  };
  onObservation: ((node: SimNode, o: Observation, t: number) => void) | undefined;
  /** Optional tap on every datagram a process reads, with when it was sent (tests, experiments). */
  onDeliver: ((from: SimNode, to: SimNode, msgs: readonly Message[], sent: number, bytes: number) => void) | undefined;
  private readonly queue = new EventQueue<Item>();
  /** Node wake-ups, one per node, moved in place (see WakeQueue); ordered with `queue` by its sequence numbers. */
  private readonly wakes = new WakeQueue();
  private readonly byAddr = new Map<string, SimNode>();
  private readonly rng: Rng;
  private readonly uplinkBytesPerMs: number;
  private readonly arrives: number[] = [];

  constructor(readonly opts: ClusterOptions) {
    this.net = resolveNetwork(opts.network);
    this.rng = new Rng(opts.seed);
    this.uplinkBytesPerMs = (this.net.uplinkMbit * 1000) / 8;
    this.onObservation = opts.onObservation;
  }

  /** A node slot with a stable address; its process is started with `boot`. */
  slot(id: string, rngSeed: number): SimNode {
    const known = this.byId.get(id);
    if (known) return known;
    const idx = this.nodes.length;
    const n = new SimNode(idx, id, `${simIp(idx)}:7946`, rngSeed, this.now);
    this.nodes.push(n);
    this.byId.set(id, n);
    this.byAddr.set(n.addr, n);
    return n;
  }

  node(id: string): SimNode {
    const n = this.byId.get(id);
    if (!n) throw new Error(`the simulation has no node ${id}`);
    return n;
  }

  boot(n: SimNode, mode: StartMode, params: Readonly<ProtocolParams> = this.opts.params): void {
    n.boot(params, mode, this.now);
    this.pump(n);
  }

  /** Run `fn` against a running (not stopped) node's core now, then flush what it produced. */
  act<T>(n: SimNode, fn: (core: NonNullable<SimNode['core']>, now: number) => T): T {
    if (!n.core || n.state !== 'up') {
      throw new Error(`${n.id} is ${n.state === 'paused' ? 'stopped (SIGSTOP): it cannot answer' : 'not running'}`);
    }
    const r = fn(n.core, n.now(this.now));
    this.pump(n);
    return r;
  }

  /** A stopped process runs again: due timers fire first, then the datagrams its socket buffered. */
  resume(n: SimNode): void {
    if (n.state !== 'paused' || !n.core) return;
    n.state = 'up';
    const held = n.held;
    n.held = [];
    n.wakeAt = Infinity;
    this.act(n, (core, now) => core.tick(now));
    for (const p of held) if (n.core && n.state === 'up') this.consume(n, p);
  }

  /** Call `fn` when virtual time reaches t (synchronously, inside the event loop). */
  at(t: number, fn: () => void): void {
    this.queue.push(Math.max(t, this.now), fn);
  }

  /** A controller wait: resolves when virtual time reaches now + ms (see drive). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.queue.push(this.now + Math.max(0, ms), new Waker(resolve)));
  }

  /** Re-plan a node's wake-up after its clock or CPU share changed. */
  reschedule(n: SimNode): void {
    n.wakeAt = Infinity;
    this.schedule(n);
  }

  /** Process every item due at or before `until`; returns a controller waker if one came due first. */
  runUntil(until: number): Waker | undefined {
    const q = this.queue;
    const w = this.wakes;
    for (;;) {
      const qa = q.peekTime();
      const wa = w.peekTime();
      // The earlier of the two agendas; equal times in the order they were planned.
      if (wa < qa || (wa === qa && wa !== Infinity && w.peekSeq() < q.peekSeq())) {
        if (wa > until) break;
        if (wa > this.now) this.now = wa;
        this.counters.events++;
        this.wake(this.nodes[w.pop()]!, wa);
        continue;
      }
      if (qa > until || qa === Infinity) break;
      const item = q.pop() as Item;
      if (qa > this.now) this.now = qa;
      this.counters.events++;
      if (item instanceof Packet) this.deliver(item, false);
      else if (item instanceof Admitted) this.deliver(item.packet, true);
      else if (item instanceof Waker) return item;
      else item();
    }
    if (until !== Infinity && until > this.now) this.now = until;
    return undefined;
  }

  private wake(n: SimNode, at: number): void {
    if (at !== n.wakeAt || !n.core) return;
    if (n.state !== 'up') { n.wakeAt = Infinity; return; }
    if (n.cpu) {
      const ok = n.cpu.admit(at);
      if (ok > at) { n.wakeAt = ok; this.wakes.set(n.idx, ok, this.queue.ticket()); return; }
      n.cpu.charge(at);
    }
    this.counters.wakes++;
    n.wakeAt = Infinity;
    const now = Math.max(n.now(at), n.wakeFor);
    n.lastNow = now;
    n.core.tick(now);
    this.pump(n);
  }

  /** A datagram arrives; `passed`: it already got past the network and the receiver's rules (it waited for CPU). */
  private deliver(p: Packet, passed: boolean): void {
    const n = this.nodes[p.to]!;
    const d = this.counters.dropped;
    if (!n.core || !n.running) { d.down++; return; }
    if (!passed) {
      if (this.links.active) {
        const v = this.links.verdict(p.from, p.to, this.rng);
        if (v !== 'pass') { d[v]++; return; }
      }
      if (this.net.loss > 0 && this.rng.next() < this.net.loss) { d.loss++; return; }
    }
    if (n.state === 'paused') {
      if (n.held.length >= this.net.rcvbufPackets) d.rcvbuf++;
      else n.held.push(p);
      return;
    }
    if (n.backlogMean > 0 && !passed) {
      const ready = Math.max(this.now - n.backlogMean * Math.log(1 - this.rng.next()), n.backlogFree);
      n.backlogFree = ready;
      this.queue.push(ready, new Admitted(p));
      return;
    }
    if (n.cpu) {
      // Throttled until its next CFS window: there, as in libuv, due timers run before the socket is read.
      const ok = n.cpu.admit(this.now);
      if (ok > this.now) { this.queue.push(ok + TIMERS_FIRST, new Admitted(p)); return; }
      n.cpu.charge(this.now);
    }
    this.consume(n, p);
  }

  /** The process reads the datagram (it passed the network and the receiver's rules). */
  private consume(n: SimNode, p: Packet): void {
    this.counters.packetsDelivered++;
    const from = this.nodes[p.from]!;
    this.onDeliver?.(from, n, p.frame.msgs, p.sent, p.frame.bytes);
    n.core!.handleFrame(p.frame, from.addr, n.now(this.now));
    this.pump(n);
  }

  /** Flush a node's observations and datagrams, then plan its next wake-up. */
  private pump(n: SimNode): void {
    const core = n.core;
    if (!core) return;
    const obs = core.drainEvents();
    if (obs.length > 0 && this.onObservation) for (const o of obs) this.onObservation(n, o, this.now);
    const out = core.drainFrames();
    for (let i = 0; i < out.length; i++) {
      const o = out[i]!;
      const to = this.byAddr.get(o.to);
      this.counters.packetsSent++;
      if (!to) { this.counters.dropped.unroutable++; continue; }
      this.send(n, to.idx, o);
    }
    this.schedule(n);
  }

  private send(from: SimNode, to: number, f: Frame): void {
    if (plain(from.egress, this.net)) {
      // The common case, without the arrivals list: one copy, one draw.
      this.queue.push(plainArrival(from.egress, this.net, this.now, f.bytes, this.uplinkBytesPerMs, this.rng), new Packet(to, from.idx, f, this.now));
      return;
    }
    const arr = this.arrives;
    arr.length = 0;
    if (!route(from.egress, this.net, this.now, f.bytes, this.uplinkBytesPerMs, this.rng, arr)) { this.counters.dropped.qdisc++; return; }
    for (const at of arr) this.queue.push(at, new Packet(to, from.idx, f, this.now));
  }

  private schedule(n: SimNode): void {
    const core = n.core;
    if (!core || n.state !== 'up') return;
    const d = core.nextDeadline();
    if (d === Infinity) return;
    const t = Math.max(this.now, n.clock.toVirtual(d));
    // A moved deadline (the timer that was due first was cleared, e.g. an acked probe's
    // timeout) moves the node's one wake-up; a wake-up whose time no longer matches
    // wakeAt (the process stopped or was killed meanwhile) is skipped without a tick.
    if (t !== n.wakeAt) {
      n.wakeAt = t;
      n.wakeFor = d;
      this.wakes.set(n.idx, t, this.queue.ticket());
    }
  }
}


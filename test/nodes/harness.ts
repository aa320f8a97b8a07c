// Virtual-time harness: drives N SwimNode cores through an in-memory network
// (latency, loss, blocked links, crashes) with one event heap, so a test runs
// hours of protocol time in milliseconds and is reproduced exactly by its seed.

import { Rng, SwimNode, resolveParams, type Observation, type ProtocolParams, type Cipher } from '../../nodes/core/index.js';

export interface ObsRecord { t: number; node: string; obs: Observation }

interface Ev { at: number; seq: number; kind: 'wake' | 'deliver'; node: string; data?: Uint8Array; from?: string }

export interface SimOptions {
  seed: number;
  params?: Partial<ProtocolParams>;
  /** One-way latency in ms (default 1). */
  latency?: number;
  /** Uniform extra latency jitter in ms (default 0). */
  jitter?: number;
  /** Packet loss probability on every link (default 0). */
  loss?: number;
}

export class Sim {
  now = 0;
  readonly nodes = new Map<string, SwimNode>();
  readonly addrOf = new Map<string, string>();
  readonly idAt = new Map<string, string>();
  readonly down = new Set<string>();
  readonly blocked = new Set<string>();
  readonly log: ObsRecord[] = [];
  maxPacket = 0;
  packets = 0;
  loss: number;
  /** Optional tap on every datagram a node sends (before loss and blocked links). */
  onSend?: (from: string, to: string | undefined, data: Uint8Array) => void;
  /** Optional tap on every datagram that will be delivered. */
  onDeliver?: (from: string, to: string, data: Uint8Array) => void;
  readonly params: Readonly<ProtocolParams>;
  private heap: Ev[] = [];
  private seq = 0;
  private readonly rng: Rng;
  private readonly wakeAt = new Map<string, number>();

  constructor(private readonly opts: SimOptions) {
    this.rng = new Rng(opts.seed);
    this.params = resolveParams('lan', opts.params ?? {});
    this.loss = opts.loss ?? 0;
  }

  /** Start a node now; seeds are ids of nodes already added. */
  add(id: string, seeds: string[] = [], extra: { params?: Partial<ProtocolParams>; cipher?: Cipher } = {}): SwimNode {
    const addr = this.addrOf.get(id) ?? `10.0.${Math.floor(this.addrOf.size / 250)}.${(this.addrOf.size % 250) + 1}:7946`;
    this.addrOf.set(id, addr);
    this.idAt.set(addr, id);
    const params = extra.params ? { ...this.params, ...extra.params } : this.params;
    const node = new SwimNode({
      id, addr, params, rng: this.rng.fork(), cipher: extra.cipher,
      seeds: seeds.map((s) => ({ id: s, addr: this.addrOf.get(s) ?? `0.0.0.0:1` })),
    });
    this.nodes.set(id, node);
    this.down.delete(id);
    node.start(this.now);
    this.pump(id);
    return node;
  }

  node(id: string): SwimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  /** The process dies: it neither sends nor receives from now on. */
  crash(id: string): void {
    this.down.add(id);
  }

  block(from: string, to: string): void { this.blocked.add(`${from}>${to}`); }
  unblock(from: string, to: string): void { this.blocked.delete(`${from}>${to}`); }
  isolate(id: string, on = true): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      if (on) { this.block(id, other); this.block(other, id); } else { this.unblock(id, other); this.unblock(other, id); }
    }
  }

  /** Run the event loop until virtual time `until` (inclusive). */
  runUntil(until: number, stop?: () => boolean): void {
    for (;;) {
      const ev = this.heap[0];
      if (!ev || ev.at > until) break;
      this.popHeap();
      this.now = Math.max(this.now, ev.at);
      if (this.down.has(ev.node)) continue;
      const node = this.nodes.get(ev.node);
      if (!node) continue;
      if (ev.kind === 'wake') {
        if (this.wakeAt.get(ev.node) !== ev.at) continue;
        this.wakeAt.delete(ev.node);
        node.tick(this.now);
      } else {
        node.handle(ev.data as Uint8Array, ev.from as string, this.now);
      }
      this.pump(ev.node);
      if (stop?.()) return;
    }
    this.now = Math.max(this.now, until);
  }

  runFor(ms: number, stop?: () => boolean): void {
    this.runUntil(this.now + ms, stop);
  }

  /** Call `fn` in the context of a node (e.g. leave, setMeta) and flush what it produced. */
  act<T>(id: string, fn: (n: SwimNode, now: number) => T): T {
    const r = fn(this.node(id), this.now);
    this.pump(id);
    return r;
  }

  /** States of every member as `observer` sees them. */
  stateOf(observer: string): Map<string, string> {
    return new Map(this.node(observer).view().members.map((m) => [m.id, m.state]));
  }

  /** Every live node sees exactly the live set as alive. */
  converged(live: string[] = this.live()): boolean {
    return live.every((o) => {
      const v = this.node(o).view().members.filter((m) => m.state === 'alive').map((m) => m.id).sort();
      return v.length === live.length && v.every((id, i) => id === [...live].sort()[i]);
    });
  }

  live(): string[] {
    return [...this.nodes.keys()].filter((id) => !this.down.has(id));
  }

  private pump(id: string): void {
    const node = this.nodes.get(id);
    if (!node || this.down.has(id)) return;
    for (const obs of node.drainEvents()) this.log.push({ t: this.now, node: id, obs });
    for (const out of node.drainOutbox()) {
      this.packets++;
      this.maxPacket = Math.max(this.maxPacket, out.data.length);
      const to = this.idAt.get(out.to);
      this.onSend?.(id, to, out.data);
      if (!to || this.blocked.has(`${id}>${to}`)) continue;
      if (this.loss > 0 && this.rng.next() < this.loss) continue;
      const lat = (this.opts.latency ?? 1) + (this.opts.jitter ? this.rng.next() * this.opts.jitter : 0);
      this.onDeliver?.(id, to, out.data);
      this.pushHeap({ at: this.now + lat, seq: this.seq++, kind: 'deliver', node: to, data: out.data, from: this.addrOf.get(id) as string });
    }
    const d = node.nextDeadline();
    if (d !== Infinity && this.wakeAt.get(id) !== d) {
      this.wakeAt.set(id, Math.max(d, this.now));
      this.pushHeap({ at: Math.max(d, this.now), seq: this.seq++, kind: 'wake', node: id });
    }
  }

  private less(a: Ev, b: Ev): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private pushHeap(e: Ev): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private popHeap(): void {
    const h = this.heap;
    const last = h.pop();
    if (!h.length || !last) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/** Start n nodes n1..nN, each joining through n1, spread over the first second. */
export function cluster(n: number, opts: SimOptions): Sim {
  const sim = new Sim(opts);
  for (let i = 1; i <= n; i++) {
    sim.add(`n${i}`, i === 1 ? [] : ['n1']);
    sim.runFor(1000 / n);
  }
  return sim;
}

/** First time (after `since`) at which `observer` reported `member` in `state`. */
export function firstObs(sim: Sim, member: string, state: string, since = 0, observer?: string): number | undefined {
  return sim.log.find((r) => r.t >= since && r.obs.type === 'member' && r.obs.member === member && r.obs.state === state
    && (observer === undefined || r.node === observer))?.t;
}

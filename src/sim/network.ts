// The simulated network: when (and whether, and how many times) a datagram a node
// sends arrives. Path: the node's uplink (a serialization queue at `uplinkMbit`),
// its shaping qdisc if a fault set one (netem: loss, delay ± jitter with
// correlation, duplication, reordering; tbf: a token bucket that drops what would
// wait over 400 ms), then the link's one-way latency (base + uniform jitter) and
// the network-wide duplicate/reorder rates. Every draw comes from one seeded rng.

import type { NetemSpec } from '../runtime/types.js';
import type { Rng } from '../../nodes/core/rng.js';

export interface NetworkParams {
  /** One-way latency floor, ms (LAN default 0.2). */
  latency: number;
  /** Uniform extra latency in [0, jitter) ms per packet (LAN default 0.8: 0.2–1 ms). */
  jitter: number;
  /** Drop probability on every link (default 0). */
  loss: number;
  /** Probability a packet is delivered twice (default 0). */
  duplicate: number;
  /** Probability a packet is held back `reorderDelay` ms, so later ones overtake it (default 0). */
  reorder: number;
  reorderDelay: number;
  /** Each node's uplink rate, Mbit/s (default 1000). */
  uplinkMbit: number;
  /** Datagrams a stopped (paused) process's socket buffers before dropping (default 256). */
  rcvbufPackets: number;
}

export const LAN_NETWORK: Readonly<NetworkParams> = Object.freeze({
  latency: 0.2, jitter: 0.8, loss: 0, duplicate: 0, reorder: 0, reorderDelay: 5, uplinkMbit: 1000, rcvbufPackets: 256,
});

/** The docker runtime's tbf settings: burst >= 10 ms of traffic, packets waiting longer than this are dropped. */
export const TBF_LATENCY_MS = 400;

/** One node's egress: uplink queue and the shaping a fault put on it. */
export class Egress {
  txFree = -Infinity;
  shapedBy: string | undefined;
  netem: NetemSpec | undefined;
  private lastU = 0;
  private tbRate = 0;
  private tbBurst = 0;
  private tbFree = 0;
  private tbTokens = 0;

  shape(faultId: string, spec: { rateKbit: number } | { netem: NetemSpec }, t: number): void {
    this.shapedBy = faultId;
    this.netem = undefined;
    this.tbRate = 0;
    if ('netem' in spec) {
      this.netem = spec.netem;
      this.lastU = 0.5;
    } else {
      this.tbRate = spec.rateKbit / 8; // bytes per ms
      this.tbBurst = Math.max(1600, Math.ceil((spec.rateKbit * 1000) / 8 / 100));
      this.tbFree = t;
      this.tbTokens = this.tbBurst;
    }
  }

  clear(): void {
    this.shapedBy = undefined;
    this.netem = undefined;
    this.tbRate = 0;
  }

  /**
   * Departure times (after the qdisc) of a datagram handed to the uplink at t:
   * none when the qdisc drops it, two when netem duplicates it.
   */
  depart(t: number, bytes: number, uplinkBytesPerMs: number, rng: Rng, out: number[]): void {
    const a = Math.max(t, this.txFree) + bytes / uplinkBytesPerMs;
    this.txFree = a;
    const n = this.netem;
    if (n) {
      if (n.loss !== undefined && rng.next() < n.loss) return;
      out.push(a + this.netemDelay(n, rng));
      if (n.duplicate !== undefined && rng.next() < n.duplicate) out.push(a + this.netemDelay(n, rng));
      return;
    }
    if (this.tbRate > 0) {
      const s = Math.max(a, this.tbFree);
      let tokens = Math.min(this.tbBurst, this.tbTokens + (s - this.tbFree) * this.tbRate);
      let d = s;
      if (tokens >= bytes) tokens -= bytes;
      else { d = s + (bytes - tokens) / this.tbRate; tokens = 0; }
      if (d - a > TBF_LATENCY_MS) return;
      this.tbFree = d;
      this.tbTokens = tokens;
      out.push(d);
      return;
    }
    out.push(a);
  }

  private netemDelay(n: NetemSpec, rng: Rng): number {
    if (n.reorder !== undefined && rng.next() < n.reorder) return 0;
    const base = n.delay ?? 0;
    if (!n.jitter) return base;
    const c = (n.correlation ?? 0) / 100;
    const u = c * this.lastU + (1 - c) * rng.next();
    this.lastU = u;
    return Math.max(0, base + n.jitter * (2 * u - 1));
  }
}

/** Arrival times at the receiver for each departure: link latency, duplication, reordering. */
export function arrivals(p: NetworkParams, departures: readonly number[], rng: Rng, out: number[]): void {
  for (const d of departures) {
    const copies = p.duplicate > 0 && rng.next() < p.duplicate ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      let at = d + p.latency + (p.jitter > 0 ? p.jitter * rng.next() : 0);
      if (p.reorder > 0 && rng.next() < p.reorder) at += p.reorderDelay;
      out.push(at);
    }
  }
}

const departures: number[] = [];

/** No shaping on this egress, no duplication or reordering on the network: one copy, one draw (see plainArrival). */
export function plain(eg: Egress, p: NetworkParams): boolean {
  return eg.shapedBy === undefined && p.duplicate === 0 && p.reorder === 0;
}

/** The arrival time of a datagram handed to a plain (see `plain`) uplink at t: serialization, then the link's latency. */
export function plainArrival(eg: Egress, p: NetworkParams, t: number, bytes: number, uplinkBytesPerMs: number, rng: Rng): number {
  const a = Math.max(t, eg.txFree) + bytes / uplinkBytesPerMs;
  eg.txFree = a;
  return a + p.latency + (p.jitter > 0 ? p.jitter * rng.next() : 0);
}

/**
 * Arrival times of one datagram a node hands its uplink at t (into `out`); false when
 * its qdisc dropped it. The common case (no shaping, no duplication or reordering)
 * draws one number: the link jitter.
 */
export function route(eg: Egress, p: NetworkParams, t: number, bytes: number, uplinkBytesPerMs: number, rng: Rng, out: number[]): boolean {
  if (plain(eg, p)) {
    out.push(plainArrival(eg, p, t, bytes, uplinkBytesPerMs, rng));
    return true;
  }
  departures.length = 0;
  eg.depart(t, bytes, uplinkBytesPerMs, rng, departures);
  if (departures.length === 0) return false;
  arrivals(p, departures, rng, out);
  return true;
}

export function resolveNetwork(over: Partial<NetworkParams> = {}): Readonly<NetworkParams> {
  const p = { ...LAN_NETWORK, ...over };
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`sim network ${k}: expected a non-negative number, got ${String(v)}`);
  }
  for (const k of ['loss', 'duplicate', 'reorder'] as const) {
    if (p[k] > 1) throw new RangeError(`sim network ${k}: expected a probability in [0, 1], got ${p[k]}`);
  }
  if (!(p.uplinkMbit > 0)) throw new RangeError(`sim network uplinkMbit: expected a positive rate, got ${p.uplinkMbit}`);
  return Object.freeze(p);
}

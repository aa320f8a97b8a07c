// Per-node time in the simulator. A node's monotonic clock (what its core sees as
// `now`) and wall clock (its `ts`) both run at `rate` x virtual time and never
// jump: a clock fault's offset moves only the wall clock, a rate change bends
// both from where they are. The CPU gate models a cgroup quota shared with a
// busy neighbour: the node runs only in the first `quota` ms of each CFS period.

import type { ClockSetting } from '../runtime/types.js';

export class NodeClock {
  private tc: number;
  private mc: number;
  private wc: number;
  private r = 1;

  constructor(t0: number) {
    this.tc = t0;
    this.mc = t0;
    this.wc = t0;
  }

  get rate(): number {
    return this.r;
  }

  /** The node's monotonic time at virtual time t. */
  mono(t: number): number {
    return this.mc + this.r * (t - this.tc);
  }

  /** The node's wall clock at virtual time t (ms since the run began, plus any offset). */
  wall(t: number): number {
    return this.wc + this.r * (t - this.tc);
  }

  /** Virtual time at which the monotonic clock reads `d`. */
  toVirtual(d: number): number {
    return this.tc + (d - this.mc) / this.r;
  }

  /** Apply a setting at virtual time t; the monotonic clock stays continuous. */
  set(t: number, s: ClockSetting): void {
    if (!(s.rate > 0) || !Number.isFinite(s.rate)) throw new RangeError(`clock rate must be a positive number, got ${s.rate}`);
    const m = this.mono(t);
    const w = this.wall(t);
    this.tc = t;
    this.mc = m;
    this.wc = s.offset !== undefined ? t + s.offset : w;
    this.r = s.rate;
  }
}

/**
 * CPU time one handled event (a datagram or a timer) costs the node, ms: an estimate
 * for a Node.js process (callback, msgpack, a JSON stdout line). With a busy neighbour
 * a node below ~0.008 CPUs then cannot keep up with LAN traffic at all.
 */
export const EVENT_CPU_MS = 0.25;

export class CpuGate {
  readonly period: number;
  readonly quota: number;
  private busyUntil = 0;

  /** Mirrors the docker runtime: a 100 ms CFS period, stretched to 1 s below 1% of a CPU; quota at least 1 ms. */
  constructor(readonly cpus: number) {
    if (!(cpus > 0)) throw new RangeError(`cpus must be positive, got ${cpus}`);
    this.period = cpus * 100 >= 1 ? 100 : 1000;
    this.quota = Math.min(this.period, Math.max(1, cpus * this.period));
  }

  /** Earliest virtual time >= t at which the node can run its next event. */
  admit(t: number): number {
    const s = Math.max(t, this.busyUntil);
    const k = Math.floor(s / this.period);
    return s - k * this.period < this.quota ? s : (k + 1) * this.period;
  }

  /** The node ran an event at t: at half speed (the neighbour shares the CPU), spilling into the next window. */
  charge(t: number): void {
    const k = Math.floor(t / this.period);
    const end = k * this.period + this.quota;
    const done = t + 2 * EVENT_CPU_MS;
    this.busyUntil = done <= end ? done : (k + 1) * this.period + (done - end);
  }
}

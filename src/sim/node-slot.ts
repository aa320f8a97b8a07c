// One simulated node: its identity and address (kept across restarts), its process
// state, clock, CPU gate and egress, and the unmodified SwimNode core it runs.
// A process starts either cold (joins through its seeds, as in docker) or warm
// (already knowing every member alive: an exact member list, or the compact store).
// A warm node stands for one that has run in an N-member cluster for a while, so
// its first push-pull is staggered over the N-scaled interval, not the base one.

import { Rng, SwimNode, type ProtocolParams } from '../../nodes/core/index.js';
import type { Frame } from '../../nodes/core/context.js';
import type { Members } from '../../nodes/core/members.js';
import { pushPullScale } from '../../nodes/core/antientropy.js';
import { CompactMembers, type MemberRegistry } from './compact-members.js';
import { NodeClock, type CpuGate } from './clock.js';
import { Egress } from './network.js';

export type ProcessState = 'up' | 'paused' | 'crashed' | 'left' | 'down';

/**
 * A datagram in flight: the sender's frame (messages as objects, never encoded;
 * receivers do not mutate them, so every copy of a duplicated datagram shares it),
 * and the virtual time its sender handed it to the uplink.
 */
export class Packet {
  constructor(readonly to: number, readonly from: number, readonly frame: Frame, readonly sent: number) {}
}

/** How a process learns the cluster when it starts. */
export type StartMode =
  | { kind: 'cold'; seeds: { id: string; addr: string }[] }
  | { kind: 'warm-exact'; members: readonly { id: string; addr: string }[] }
  | { kind: 'warm-compact'; registry: MemberRegistry; baseCount: number };

export class SimNode {
  state: ProcessState = 'down';
  core: SwimNode | undefined;
  readonly clock: NodeClock;
  cpu: CpuGate | undefined;
  readonly egress = new Egress();
  /** Virtual time of the one wake event that counts (Infinity: none scheduled). */
  wakeAt = Infinity;
  /** The core deadline (node time) that wake is for. */
  wakeFor = -Infinity;
  /** The core has seen this `now`; time never goes back for it. */
  lastNow = -Infinity;
  /** Datagrams that arrived while the process was stopped (SIGSTOP). */
  held: Packet[] = [];
  /** Processes started in this slot (1 for the first). */
  starts = 0;
  /**
   * Message processing delay (the slow fault's `lag`): each datagram is read only after
   * an exponential backlog delay of this mean (ms), in order, while timers fire on
   * time: a process whose packet handling lags its probe timer. 0: none.
   */
  backlogMean = 0;
  /** When the backlog is next free (FIFO). */
  backlogFree = 0;

  constructor(readonly idx: number, readonly id: string, readonly addr: string, public rngSeed: number, t0: number) {
    this.clock = new NodeClock(t0);
  }

  get running(): boolean {
    return this.state === 'up' || this.state === 'paused';
  }

  /** The `now` handed to the core at virtual time t: the node's clock, never going backwards. */
  now(t: number): number {
    const n = Math.max(this.clock.mono(t), this.lastNow);
    this.lastNow = n;
    return n;
  }

  /** A fresh process: a new core with this slot's id, address and rng seed. */
  boot(params: Readonly<ProtocolParams>, mode: StartMode, t: number): SwimNode {
    const rng = new Rng(this.rngSeed);
    const seeds = mode.kind === 'cold' ? mode.seeds : [];
    const core = new SwimNode({ id: this.id, addr: this.addr, params, rng, seeds });
    const now = this.now(t);
    if (mode.kind === 'warm-exact') {
      for (const m of mode.members) {
        if (m.id === this.id) continue;
        core.members.add({ id: m.id, addr: m.addr, state: 'alive', incarnation: 0, stateChange: now, meta: new Map(), metaVersion: 0 });
      }
    } else if (mode.kind === 'warm-compact') {
      const store = new CompactMembers(this.id, rng, mode.registry, mode.baseCount, now);
      // The one place the simulator reaches into the core: the member list is swapped
      // for a behaviour-equivalent compact store before the node starts.
      (core as unknown as { members: Members }).members = store as unknown as Members;
    }
    this.core = core;
    this.state = 'up';
    this.held = [];
    this.wakeAt = Infinity;
    this.wakeFor = -Infinity;
    this.starts++;
    core.start(now);
    const p = params.pushPullInterval;
    if (mode.kind !== 'cold' && p > 0) core.timers.set('pushpull', now + rng.next() * pushPullScale(p, core.members.size));
    return core;
  }

  /** The process is gone (killed, or stopped after leaving). */
  halt(state: 'crashed' | 'left'): void {
    this.state = state;
    this.core = undefined;
    this.held = [];
    this.wakeAt = Infinity;
  }
}

/** 10.0.0.1:7946 for slot 0, and so on; the admin port is 7947. */
export function simIp(idx: number): string {
  const k = idx + 1;
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
}

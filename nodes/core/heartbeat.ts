// The phi accrual detector (detector: 'phi'): every probe interval the node pings
// each live member; acks are heartbeats. A member whose phi reaches the threshold
// is suspected exactly as after a failed SWIM probe (the suspicion timeout still
// applies). Akka's rule: an interval ending a failure is not added to the window.

import type { Ctx } from './context.js';
import type { Membership } from './membership.js';
import { HeartbeatWindow, phi, phiCrossing, type PhiModel } from './phi.js';

/** Reported phi values are capped here, so they stay finite JSON numbers. */
export const PHI_CAP = 1000;

export class HeartbeatDetector {
  private windows = new Map<string, HeartbeatWindow>();
  private inflight = new Map<number, { id: string; sent: number }>();
  private readonly model: PhiModel;

  constructor(private readonly ctx: Ctx, private readonly membership: Membership) {
    const p = ctx.params;
    this.model = { model: p.phiModel, minStdDev: p.phiMinStdDev, acceptablePause: p.phiAcceptablePause };
  }

  /** The 'probe' timer in phi mode: one heartbeat request to every live member. */
  round(now: number): void {
    const { ctx } = this;
    if (ctx.leaving) return;
    ctx.timers.set('probe', now + ctx.params.probeInterval);
    for (const [seq, f] of this.inflight) if (now - f.sent > 4 * ctx.params.probeInterval) this.inflight.delete(seq);
    for (const m of ctx.members.all()) {
      if (m.id === ctx.selfId || (m.state !== 'alive' && m.state !== 'suspect')) continue;
      const seq = ctx.nextSeq();
      this.inflight.set(seq, { id: m.id, sent: now });
      ctx.send(m.addr, [{ t: 'ping', seq, target: m.id }]);
      if (m.state === 'alive' && !ctx.timers.has(`phi:${m.id}`)) this.arm(m.id, now);
    }
  }

  /** True when the ack was a heartbeat of ours. */
  onAck(seq: number, now: number): boolean {
    const f = this.inflight.get(seq);
    if (!f) return false;
    this.inflight.delete(seq);
    let w = this.windows.get(f.id);
    if (!w) this.windows.set(f.id, (w = new HeartbeatWindow(this.ctx.params.phiWindow, this.ctx.params.probeInterval)));
    w.heartbeat(now, this.phiOf(f.id, now) < this.ctx.params.phiThreshold);
    this.arm(f.id, now);
    return true;
  }

  /** The 'phi:<id>' timer: phi has reached the threshold. */
  expired(id: string, now: number): void {
    const m = this.ctx.members.get(id);
    if (m?.state !== 'alive') return;
    if (this.phiOf(id, now) < this.ctx.params.phiThreshold) return this.arm(id, now);
    this.membership.probeFailed(id, m.incarnation, now);
  }

  phiOf(id: string, now: number): number {
    const w = this.windows.get(id);
    if (!w || w.last === undefined) return 0;
    return phi(now - w.last, w.mean, w.stdDev, this.model);
  }

  snapshot(now: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of this.windows.keys()) if (this.ctx.members.get(id)) out[id] = Math.min(PHI_CAP, Math.round(this.phiOf(id, now) * 1000) / 1000);
    return out;
  }

  forget(id: string): void {
    this.windows.delete(id);
  }

  private arm(id: string, now: number): void {
    const w = this.windows.get(id);
    if (!w || w.last === undefined) return;
    const at = w.last + phiCrossing(this.ctx.params.phiThreshold, w.mean, w.stdDev, this.model);
    this.ctx.timers.set(`phi:${id}`, Math.max(at, now));
  }
}

// What the simulator writes into the history, and for which nodes. With a sample
// S (large clusters), the history is the run projected onto S: lifecycle events,
// contract lines and views of observers in S about members in S only, fault
// targets and links restricted to S x S. Checkers then judge the sub-cluster S
// exactly; `config.cluster.nodes` still gives N for the protocol bounds.

import { FAULTS } from '../../faults/index.js';
import { linksBetween, sorted } from '../../faults/select.js';
import type { Observation } from '../../nodes/core/index.js';
import type { ScheduledFault } from '../config/types.js';
import type { LifecycleEvent, Link } from '../history/types.js';
import type { NewEvent } from '../history/recorder.js';
import { LiveView } from '../run/live-view.js';
import type { SimHistory } from './history.js';
import type { SimNode } from './node-slot.js';
import { SIDE_CUT_THRESHOLD, crossLinks } from './nemesis.js';

export class SimObserver {
  readonly live = new LiveView();

  /** `sample` undefined: every node is observed. */
  constructor(private readonly hist: SimHistory, private readonly sample: Set<string> | undefined, private readonly clock: () => number) {}

  has(id: string): boolean {
    return this.sample === undefined || this.sample.has(id);
  }

  /** A node that joins while the run goes (churn) is observed from its first line on. */
  adopt(id: string): void {
    this.sample?.add(id);
  }

  record(event: NewEvent): void {
    this.hist.record(this.clock(), event);
  }

  lifecycle(node: string, event: LifecycleEvent, addr?: string): void {
    if (event === 'killed' || event === 'left') this.live.reset(node);
    if (!this.has(node)) return;
    this.record({ type: 'node', node, event, ...(addr ? { addr } : {}) });
  }

  /** One contract line of a node's core, as the process would print it (with `ts`, its own wall clock). */
  observation(n: SimNode, o: Observation, t: number): void {
    if (!this.has(n.id)) return;
    if (o.type !== 'update' && !this.has(o.member)) return;
    const ts = Math.round(n.clock.wall(t));
    const { type, ...fields } = o;
    this.hist.record(t, { type: 'obs', node: n.id, obs: type, ...fields, ts } as NewEvent);
    this.live.observe(n.id, o);
  }

  /** A warm-started node's initial view: every observed member alive at incarnation 0. */
  warmView(n: SimNode, members: readonly string[], t: number): void {
    for (const m of members) if (m !== n.id) this.observation(n, { type: 'member', member: m, state: 'alive', incarnation: 0 }, t);
  }

  ready(n: SimNode, t: number): void {
    if (this.has(n.id)) this.hist.record(t, { type: 'obs', node: n.id, obs: 'ready', ts: Math.round(n.clock.wall(t)) } as NewEvent);
  }

  /** Periodic `stats` and `detector` lines of the observed running nodes. */
  periodic(nodes: readonly SimNode[], t: number, what: { stats: boolean; detector: boolean }): void {
    for (const n of nodes) {
      if (n.state !== 'up' || !n.core || !this.has(n.id)) continue;
      const ts = Math.round(n.clock.wall(t));
      if (what.stats) {
        const s = n.core.statsSnapshot();
        this.hist.record(t, { type: 'obs', node: n.id, obs: 'stats', sent: s.sent, recv: s.recv, dropped: s.dropped, packets: s.packets, ts } as NewEvent);
      }
      if (what.detector) this.hist.record(t, { type: 'obs', node: n.id, obs: 'detector', ...n.core.detectorSnapshot(n.now(t)), ts } as NewEvent);
    }
  }

  fault(f: ScheduledFault, phase: 'start' | 'stop'): void {
    const kind = FAULTS[f.kind];
    const sides = f.kind === 'partition' ? (f.params.sides as string[][] | undefined) : undefined;
    let links: Link[] | undefined;
    let targets: string[];
    if (sides && (this.sample !== undefined || crossLinks(sides) > SIDE_CUT_THRESHOLD)) {
      const kept = sides.map((s) => s.filter((id) => this.has(id)));
      links = linksBetween(kept);
      targets = sorted(kept.flat());
    } else {
      links = kind.links?.(f.params)?.filter(([a, b]) => this.has(a) && this.has(b));
      targets = kind.targets(f.params).filter((id) => this.has(id));
    }
    const loss = kind.loss?.(f.params);
    this.record({
      type: 'fault', phase, id: f.id, kind: f.kind, targets, params: f.params,
      ...(links ? { links } : {}), ...(loss !== undefined ? { loss } : {}),
    });
  }

  view(node: string, v: { self: string; members: { id: string; addr: string; state: 'alive' | 'suspect' | 'dead' | 'left'; incarnation: number }[] }): void {
    if (!this.has(node)) return;
    this.record({ type: 'view', node, self: v.self, members: v.members.filter((m) => this.has(m.id)) });
  }

  /** Observed nodes among these ids. */
  observed(ids: Iterable<string>): string[] {
    return [...ids].filter((id) => this.has(id));
  }
}

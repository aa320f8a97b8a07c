// Drives a resolved schedule against the simulated runtime in virtual time, as
// src/run/nemesis.ts does against docker in real time: each fault starts at its
// time through its catalogue module and heals after its duration, every start and
// stop is recorded, and healAll undoes what is still active (a crash without
// restart stays). Kinds that loop run their virtual-time loop (loops.ts).

import { FAULTS } from '../../faults/index.js';
import { num, strs } from '../../faults/params.js';
import type { FaultContext } from '../../faults/index.js';
import type { FaultKindName, ScheduledFault } from '../config/types.js';
import type { LifecycleEvent } from '../history/types.js';
import type { NodeSpec } from '../runtime/types.js';
import { LabError } from '../errors.js';
import { createRng, deriveSeed } from '../seed.js';
import { Nemesis } from '../run/nemesis.js';
import { loopFor, restartLeftovers, type LoopState, type VirtualWait } from './loops.js';
import type { SimRuntime } from './runtime.js';

/** How the simulator models each kind: through the runtime verbs, or a virtual-time loop plus verbs. */
export const SIM_KINDS: Readonly<Record<FaultKindName, string>> = {
  partition: 'directed link cuts at the receiver', loss: 'per-link drop probability', delay: 'netem delay/jitter/correlation on egress',
  duplicate: 'netem duplication on egress', reorder: 'netem reordering on egress', bandwidth: 'token bucket (tbf) on egress',
  clock: 'per-node wall offset and monotonic rate', pause: 'events held while stopped', slow: 'virtual-time pause duty cycle, or with lag a backlog of received datagrams',
  crash: 'process halted, restarted cold', leave: 'core.leave, 1 s grace, stop', cpu: 'CFS quota windows shared with a busy neighbour',
  churn: 'virtual-time joins and removals', restart: 'virtual-time mass/rolling restarts',
};

/** Above this many cut links, a side partition is kept as sides rather than a link list. */
export const SIDE_CUT_THRESHOLD = 200_000;

/** Refuse a schedule before anything starts if one of its kinds cannot be simulated. */
export function assertSimulable(schedule: readonly ScheduledFault[]): void {
  for (const f of schedule) {
    if (!Object.hasOwn(SIM_KINDS, f.kind)) {
      throw new LabError('GOSSIPLAB_SIM_UNSUPPORTED', `${f.id}: the simulator cannot model fault kind "${String(f.kind)}" `
        + `(it models ${Object.keys(SIM_KINDS).join(', ')}); run this scenario with the docker runtime`);
    }
  }
}

export interface NemesisRecorder {
  fault(f: ScheduledFault, phase: 'start' | 'stop'): void;
  lifecycle(node: string, event: LifecycleEvent): void;
  note(level: 'info' | 'warn' | 'error', message: string): void;
}

interface Running { stop: AbortController; done: Promise<void>; state: LoopState }

export class SimNemesis {
  readonly ctx: FaultContext;
  private readonly active = new Map<string, ScheduledFault>();
  private readonly loops = new Map<string, Running>();
  private readonly abort = new AbortController();

  constructor(private readonly rt: SimRuntime, private readonly rec: NemesisRecorder,
    hooks: { nodes(): string[]; newNode(): NodeSpec }, seed: number) {
    this.ctx = {
      rt,
      lifecycle: (node, event) => rec.lifecycle(node, event),
      note: (level, message) => rec.note(level, message),
      rng: createRng(deriveSeed(seed, 'nemesis:runtime')),
      nodes: () => hooks.nodes(),
      newNode: () => hooks.newNode(),
      signal: this.abort.signal,
    };
  }

  /** Run the schedule; `origin` is the virtual time at which the nemesis phase began. */
  async run(schedule: readonly ScheduledFault[], origin: number): Promise<void> {
    for (const step of Nemesis.steps(schedule)) {
      await this.rt.cluster.sleep(origin + step.t - this.rt.cluster.now);
      if (step.action === 'start') await this.start(step.fault);
      else await this.stop(step.fault);
    }
  }

  /** Heal every fault still active, newest first (a crash without restart stays: that is the scenario). */
  async healAll(): Promise<void> {
    for (const f of [...this.active.values()].reverse()) {
      if (f.kind === 'crash' && !f.params.restart) { this.active.delete(f.id); continue; }
      await this.stop(f).catch((e: Error) => this.rec.note('error', `healing ${f.id} failed: ${e.message}`));
    }
    this.abort.abort();
  }

  private async start(f: ScheduledFault): Promise<void> {
    this.rec.fault(f, 'start');
    this.active.set(f.id, f);
    if (f.kind === 'slow' && f.params.lag !== undefined) {
      for (const node of strs(f.params, 'nodes')) this.rt.setLag(node, num(f.params, 'lag'));
      return;
    }
    const loop = loopFor(f);
    if (loop) {
      const stop = new AbortController();
      const signal = AbortSignal.any([stop.signal, this.abort.signal]);
      const state: LoopState = { down: new Set(), removed: new Set() };
      const done = loop(this.ctx, f, this.wait, signal, state).catch((e: Error) => this.rec.note('error', `${f.id}: ${e.message}`));
      this.loops.set(f.id, { stop, done, state });
      return;
    }
    const sides = f.params.sides as string[][] | undefined;
    if (f.kind === 'partition' && sides && crossLinks(sides) > SIDE_CUT_THRESHOLD) {
      await this.rt.cutSides(f.id, sides);
      return;
    }
    await FAULTS[f.kind].apply(this.ctx, f);
  }

  private async stop(f: ScheduledFault): Promise<void> {
    if (!this.active.has(f.id)) return;
    try {
      const loop = this.loops.get(f.id);
      if (loop) {
        loop.stop.abort();
        await loop.done;
        this.loops.delete(f.id);
      }
      if (f.kind === 'slow' && f.params.lag !== undefined) for (const node of strs(f.params, 'nodes')) this.rt.setLag(node, 0);
      else if (f.kind === 'restart') await restartLeftovers(this.ctx, loop?.state ?? { down: new Set(), removed: new Set() });
      else await FAULTS[f.kind].heal(this.ctx, f);
    } finally {
      this.active.delete(f.id);
      this.rec.fault(f, 'stop');
    }
  }

  private readonly wait: VirtualWait = (ms, signal) => {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      void this.rt.cluster.sleep(ms).then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  };
}

export function crossLinks(sides: readonly (readonly string[])[]): number {
  const total = sides.reduce((a, s) => a + s.length, 0);
  return sides.reduce((a, s) => a + s.length * (total - s.length), 0);
}

// Drives a resolved schedule against a runtime: each fault starts at its time and
// heals after its duration, and every start and stop is recorded with what it
// did. `healAll` undoes whatever is still active; it runs on the normal path and
// on interruption alike.

import { FAULTS } from '../../faults/index.js';
import type { FaultContext } from '../../faults/index.js';
import type { ScheduledFault } from '../config/types.js';
import type { NodeSpec, Runtime } from '../runtime/types.js';
import type { LifecycleEvent } from '../history/types.js';
import { createRng, deriveSeed } from '../seed.js';
import type { Recorder } from '../history/recorder.js';
import { sleep } from './sleep.js';

interface Step { t: number; fault: ScheduledFault; action: 'start' | 'stop' }

export interface NemesisHooks {
  log(msg: string): void;
  /** Tells the pipeline who is up, as lifecycle events happen. */
  onLifecycle(node: string, event: LifecycleEvent): void;
  nodes(): string[];
  newNode(): NodeSpec;
}

export class Nemesis {
  private readonly active = new Map<string, ScheduledFault>();
  private readonly ctx: FaultContext;

  constructor(rt: Runtime, private readonly rec: Recorder, private readonly hooks: NemesisHooks, seed: number, signal: AbortSignal) {
    this.ctx = {
      rt,
      lifecycle: (node, event) => {
        rec.record({ type: 'node', node, event });
        hooks.onLifecycle(node, event);
      },
      note: (level, message) => { rec.record({ type: 'note', level, message }); },
      rng: createRng(deriveSeed(seed, 'nemesis:runtime')),
      nodes: () => hooks.nodes(),
      newNode: () => hooks.newNode(),
      signal,
    };
  }

  /** The schedule as a time-ordered list of start and stop steps. */
  static steps(schedule: readonly ScheduledFault[]): Step[] {
    const steps: Step[] = [];
    for (const f of schedule) {
      steps.push({ t: f.at, fault: f, action: 'start' });
      if (f.duration > 0) steps.push({ t: f.at + f.duration, fault: f, action: 'stop' });
    }
    return steps.sort((a, b) => a.t - b.t || (a.action === 'stop' ? -1 : 1));
  }

  async run(schedule: readonly ScheduledFault[], signal: AbortSignal): Promise<void> {
    const t0 = performance.now();
    for (const step of Nemesis.steps(schedule)) {
      // The stop of a fault that is not active (it was skipped) would only wait for its end and
      // do nothing: a run of a scenario whose last fault was skipped ended that fault's duration late.
      if (step.action === 'stop' && !this.active.has(step.fault.id)) continue;
      await sleep(step.t - (performance.now() - t0), signal);
      if (signal.aborted) return;
      if (step.action === 'start') await this.start(step.fault);
      else await this.stop(step.fault);
    }
  }

  /** The missing capability that keeps a fault from running here, if any. */
  private missing(f: ScheduledFault): string | undefined {
    const caps = this.ctx.rt.capabilities;
    const lacking = (FAULTS[f.kind].needs?.(f.params) ?? []).filter((c) => !caps[c]);
    if (!lacking.length) return undefined;
    const why = lacking.map((c) => caps.reasons?.[c]).filter(Boolean);
    return why.length ? why.join('; ') : `this host has no ${lacking.join(', ')} (see gossiplab doctor)`;
  }

  /** The `start` line goes out before the fault acts, so its lifecycle events follow it. */
  private async start(f: ScheduledFault): Promise<void> {
    const kind = FAULTS[f.kind];
    const skipped = this.missing(f);
    this.record(f, 'start', skipped);
    if (skipped) {
      this.rec.record({ type: 'note', level: 'warn', message: `${f.id} (${f.kind}) was skipped: ${skipped}` });
      this.hooks.log(`${f.id} SKIPPED: ${skipped}`);
      return;
    }
    this.active.set(f.id, f);
    await kind.apply(this.ctx, f);
    this.hooks.log(`${f.id} started on ${kind.targets(f.params).join(',')}`);
  }

  private async stop(f: ScheduledFault): Promise<void> {
    if (!this.active.has(f.id)) return;
    try {
      await FAULTS[f.kind].heal(this.ctx, f);
    } finally {
      this.active.delete(f.id);
      this.record(f, 'stop');
    }
    this.hooks.log(`${f.id} healed`);
  }

  private record(f: ScheduledFault, phase: 'start' | 'stop', skipped?: string): void {
    const kind = FAULTS[f.kind];
    const links = kind.links?.(f.params);
    const loss = kind.loss?.(f.params);
    this.rec.record({
      type: 'fault', phase, id: f.id, kind: f.kind, targets: kind.targets(f.params), params: f.params,
      ...(links ? { links } : {}), ...(loss !== undefined ? { loss } : {}), ...(skipped ? { skipped } : {}),
    });
  }

  /** Heal every fault still active, newest first (a crash without restart stays: that is the scenario). */
  async healAll(): Promise<void> {
    for (const f of [...this.active.values()].reverse()) {
      if (f.kind === 'crash' && !f.params.restart) { this.active.delete(f.id); continue; }
      await this.stop(f).catch((e: Error) => this.rec.record({ type: 'note', level: 'error', message: `healing ${f.id} failed: ${e.message}` }));
    }
  }
}

// Drives a resolved schedule against a runtime: each fault starts at its time and
// heals after its duration, and every start and stop is recorded with what it
// did. `healAll` undoes whatever is still active; it runs on the normal path and
// on interruption alike.

import { FAULTS } from '../../faults/index.js';
import type { FaultEffect } from '../../faults/index.js';
import type { ScheduledFault } from '../config/types.js';
import type { Runtime } from '../runtime/types.js';
import type { Recorder } from '../history/recorder.js';
import { sleep } from './sleep.js';

interface Step { t: number; fault: ScheduledFault; action: 'start' | 'stop' }

export class Nemesis {
  private readonly active = new Map<string, ScheduledFault>();

  constructor(
    private readonly rt: Runtime,
    private readonly rec: Recorder,
    private readonly log: (msg: string) => void,
    private readonly onLifecycle: (node: string, event: string) => void,
  ) {}

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
      await sleep(step.t - (performance.now() - t0), signal);
      if (signal.aborted) return;
      if (step.action === 'start') await this.start(step.fault);
      else await this.stop(step.fault);
    }
  }

  private async start(f: ScheduledFault): Promise<void> {
    const kind = FAULTS[f.kind];
    this.active.set(f.id, f);
    const effect = await kind.apply(this.rt, f);
    this.record(f, 'start', effect);
    this.log(`${f.id} started on ${kind.targets(f.params).join(',')}`);
  }

  private async stop(f: ScheduledFault): Promise<void> {
    if (!this.active.has(f.id)) return;
    const effect = await FAULTS[f.kind].heal(this.rt, f);
    this.active.delete(f.id);
    this.record(f, 'stop', effect);
    this.log(`${f.id} healed`);
  }

  private record(f: ScheduledFault, phase: 'start' | 'stop', effect: FaultEffect): void {
    const targets = FAULTS[f.kind].targets(f.params);
    this.rec.record({ type: 'fault', phase, id: f.id, kind: f.kind, targets, params: f.params, ...(effect.links ? { links: effect.links } : {}) });
    for (const l of effect.lifecycle ?? []) {
      this.rec.record({ type: 'node', node: l.node, event: l.event });
      this.onLifecycle(l.node, l.event);
    }
  }

  /** Heal every fault still active (a crash without restart stays: that is the scenario). */
  async healAll(): Promise<void> {
    for (const f of [...this.active.values()]) {
      if (f.kind === 'crash' && !f.params.restart) { this.active.delete(f.id); continue; }
      await this.stop(f).catch((e: Error) => this.rec.record({ type: 'note', level: 'error', message: `healing ${f.id} failed: ${e.message}` }));
    }
  }
}

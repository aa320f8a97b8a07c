// A fault kind bundles its own heal (as a Jepsen nemesis does): `resolve` turns a
// scenario entry into concrete, seeded parameters before anything starts;
// `apply` and `heal` act only through the runtime's verbs and are idempotent.

import type { Rng } from '../src/seed.js';
import type { Runtime } from '../src/runtime/types.js';
import type { Link, LifecycleEvent } from '../src/history/types.js';
import type { ScheduledFault } from '../src/config/types.js';

/** What applying or healing a fault did, for the history. */
export interface FaultEffect {
  /** Directed links cut or degraded (network faults). */
  links?: Link[];
  /** Node lifecycle events the fault caused, written as `node` events. */
  lifecycle?: { node: string; event: LifecycleEvent }[];
}

export interface FaultKind {
  kind: ScheduledFault['kind'];
  /** Turn a validated scenario entry into concrete params; random choices use `rng` only. */
  resolve(entry: Record<string, unknown>, nodes: readonly string[], rng: Rng): Record<string, unknown>;
  /** The nodes a fault with these params targets. */
  targets(params: Record<string, unknown>): string[];
  apply(rt: Runtime, fault: ScheduledFault): Promise<FaultEffect>;
  heal(rt: Runtime, fault: ScheduledFault): Promise<FaultEffect>;
}

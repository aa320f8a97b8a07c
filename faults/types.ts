// A fault kind bundles its own heal (as a Jepsen nemesis does): `resolve` turns a
// scenario entry into concrete, seeded parameters before anything starts;
// `apply` and `heal` act only through the runtime's verbs and are idempotent.
// A fault that keeps acting over its window (slow processing, a clock strobe,
// churn, a rolling restart) runs its own loop from `apply` and ends it in `heal`.

import type { Rng } from '../src/seed.js';
import type { NodeSpec, Runtime } from '../src/runtime/types.js';
import type { Link, LifecycleEvent } from '../src/history/types.js';
import type { ScheduledFault } from '../src/config/types.js';

/**
 * `leave`: the implementation has a graceful leave (POST /leave); every host can do it, not every implementation.
 * `lag`: a node's message processing can be delayed while its timers run on time (the simulator only).
 */
export type Capability = 'netem' | 'tbf' | 'clock' | 'cpu' | 'leave' | 'lag';

export interface FaultContext {
  rt: Runtime;
  /** Record a node lifecycle event the moment it happens (kill, restart, leave, join, pause, resume). */
  lifecycle(node: string, event: LifecycleEvent): void;
  note(level: 'info' | 'warn' | 'error', message: string): void;
  /** Randomness for choices made while the fault runs (churn victims); derived from the run seed. */
  rng: Rng;
  /** The nodes that currently exist (churn adds and removes). */
  nodes(): string[];
  /** Create the spec for a new node (churn): id, config, seeds. */
  newNode(): NodeSpec;
  signal: AbortSignal;
}

export interface FaultKind {
  kind: ScheduledFault['kind'];
  /**
   * Turn a validated scenario entry (durations already in ms) into concrete,
   * JSON-able params; random choices use `rng` only, and avoid the nodes in
   * `gone` (taken away for good by earlier faults of the schedule). Throws
   * FaultParamError when the entry does not fit the cluster (an unknown node).
   */
  resolve(entry: Record<string, unknown>, nodes: readonly string[], rng: Rng, gone?: ReadonlySet<string>): Record<string, unknown>;
  /** Nodes a fault with these params takes away for good (a crash without restart, a leave without rejoin). */
  removes?(params: Record<string, unknown>): string[];
  /** The window (ms) when the entry gives no `duration` (a rolling restart's natural length); no rng is drawn. */
  defaultDuration?(entry: Record<string, unknown>, nodes: readonly string[]): number;
  /** The nodes a fault with these params targets. */
  targets(params: Record<string, unknown>): string[];
  /** Directed links the fault cuts or degrades (network faults), recorded in its `fault` events. */
  links?(params: Record<string, unknown>): Link[];
  /** Per-packet loss probability on those links, when they are lossy rather than cut. */
  loss?(params: Record<string, unknown>): number;
  /** Host capabilities the fault needs; a missing one makes the run refuse it, or skip it when told to. */
  needs?(params: Record<string, unknown>): Capability[];
  apply(ctx: FaultContext, fault: ScheduledFault): Promise<void>;
  heal(ctx: FaultContext, fault: ScheduledFault): Promise<void>;
}

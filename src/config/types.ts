// The resolved scenario: what a scenario file becomes after validation and
// defaults, applied once (src/config/scenario.ts). Everything downstream reads
// this read-only shape; it is stored verbatim in the history's `run` event
// (`config`) so that offline analysis sees exactly what the run used.

import type { ProtocolParams, PresetName } from '../../nodes/core/params.js';
import type { ImplementationName, ProgramSpec, Semantics } from '../implementations/types.js';

/** Kinds a scheduled fault can have: each has a module in faults/ and an entry in FAULTS. */
export type FaultKindName =
  | 'partition' | 'loss' | 'delay' | 'duplicate' | 'reorder' | 'bandwidth' | 'clock'
  | 'pause' | 'slow' | 'crash' | 'leave' | 'cpu' | 'churn' | 'restart';

/** Kinds a scenario entry can have: the fault kinds, plus `flap`, which resolves into windows of another kind. */
export type EntryKindName = FaultKindName | 'flap';

export interface ScheduledFault {
  /** Stable id: "f1-partition" (listed), "g4-pause" (generated), "f3-flap-2-loss" (second window of a flap). */
  id: string;
  kind: FaultKindName;
  /** ms after the nemesis phase starts. */
  at: number;
  /** How long the fault lasts (ms); 0 for instant faults such as crash. */
  duration: number;
  /** Kind-specific, fully resolved (e.g. the concrete sides of a partition, the crashed node). */
  params: Record<string, unknown>;
}

export interface ResolvedScenario {
  /** Scenario name (file base name), used for the store path. */
  name: string;
  /** One line for the report. */
  description?: string;
  /** The scenario file path, or "(built-in default)". */
  file: string;
  seed: number;
  cluster: {
    nodes: number;
    implementation: ImplementationName;
    /** With implementation `program`: the user's executable, its files and arguments (absolute host paths). */
    program?: ProgramSpec;
    /** What the implementation declares it does; the checkers judge only that. */
    semantics: Semantics;
    preset: PresetName;
    params: Readonly<ProtocolParams>;
  };
  /** Settle time before faults start (ms). */
  warmup: number;
  /** Length of the nemesis phase (ms). */
  duration: number;
  /** Quiet time after the final heal in which the cluster must converge (ms). */
  quiesce: number;
  schedule: ScheduledFault[];
  /** Bound overrides by checker name, then bound name. */
  bounds: Record<string, Record<string, number>>;
}

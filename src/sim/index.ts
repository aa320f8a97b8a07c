// Public surface of the deterministic simulator, for the CLI, the claim runner and
// benches. Experiments and scale figures have their own entry points
// (./experiments.js, ./bench.js) so that a run does not load them.

export { runSimScenario, simReplayCommand, type SimRunResult, type SimRunOptions } from './run.js';
export { EXACT_MAX, FULL_HISTORY_MAX, DEFAULT_OBSERVERS, type SampleOptions, type SimPlan } from './plan.js';
export { SIM_KINDS, assertSimulable } from './nemesis.js';
export { SimCluster, type ClusterOptions, type EngineCounters } from './cluster.js';
export { SimRuntime } from './runtime.js';
export { warmCluster, runUntilDone, type WarmOptions, type WarmCluster } from './warm.js';
export { LAN_NETWORK, type NetworkParams } from './network.js';
export { drive } from './drive.js';
export { compareRuns, type CompareRow } from './compare.js';

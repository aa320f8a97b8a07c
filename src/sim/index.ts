// Public surface of the deterministic simulator, for the CLI, the claim runner and benches.

export { runSimScenario, simReplayCommand, type SimRunResult, type SimRunOptions } from './run.js';
export type { SampleOptions, SimPlan } from './plan.js';
export { SIM_KINDS, assertSimulable } from './nemesis.js';
export { SimCluster, type ClusterOptions, type EngineCounters } from './cluster.js';
export { SimRuntime } from './runtime.js';
export { LAN_NETWORK, type NetworkParams } from './network.js';
export { drive } from './drive.js';

// Public surface of the sans-I/O core, for drivers (nodes/process, the simulator) and tests.

export { SwimNode, type SwimNodeOptions, type ViewMember, type DetectorSnapshot } from './node.js';
export { Rng } from './rng.js';
export type { Observation, Seed, Outgoing, Cipher, DropReason } from './context.js';
export type { StatsSnapshot, Counter } from './stats.js';
export * from './params.js';
export { phi, phiCrossing, HeartbeatWindow, type PhiModel } from './phi.js';
export type { MemberState, Message } from './messages.js';

// Experiments only the simulator can run (README "The simulator"; claim files
// scenarios/claims/sim-*.yaml): dissemination rounds up to 100,000 nodes, the
// suspicion timeout and time to dead at 10,000, Lifeguard vs SWIM with slow
// members. Each returns plain rows; the table helpers render them as Markdown.

export {
  disseminationRounds, disseminationTrial, disseminationTable, theory, armParams,
  type DisseminationArm, type DisseminationRow, type DisseminationTrial, type DisseminationOptions,
} from './experiments/dissemination.js';
export { suspicionAtScale, type ScaleDetection, type CrashFigures, type ScaleDetectionOptions } from './experiments/detection.js';
export { lifeguardVsSwim, lifeguardTrial, lifeguardTable, ARM_PARAMS, type LifeguardRow, type LifeguardArm, type LifeguardOptions } from './experiments/lifeguard.js';

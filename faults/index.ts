// The fault catalogue, by kind name: every kind a scheduled fault can have.
// `flap` is not here: it is a schedule construct, expanded at resolve time into
// windows of its inner fault (faults/flap.ts), so it never reaches a runtime.

import type { FaultKind } from './types.js';
import type { FaultKindName } from '../src/config/types.js';
import { partition } from './partition.js';
import { loss } from './loss.js';
import { delay } from './delay.js';
import { duplicate } from './duplicate.js';
import { reorder } from './reorder.js';
import { bandwidth } from './bandwidth.js';
import { clock } from './clock.js';
import { pause } from './pause.js';
import { slow } from './slow.js';
import { crash } from './crash.js';
import { leave } from './leave.js';
import { cpu } from './cpu.js';
import { churn } from './churn.js';
import { restart } from './restart.js';

export const FAULTS: Readonly<Record<FaultKindName, FaultKind>> = {
  partition, loss, delay, duplicate, reorder, bandwidth, clock, pause, slow, crash, leave, cpu, churn, restart,
};
export type { FaultKind, FaultContext, Capability } from './types.js';
export { FaultParamError } from './params.js';

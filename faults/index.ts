// The fault catalogue, by kind name.

import type { FaultKind } from './types.js';
import type { FaultKindName } from '../src/config/types.js';
import { partition } from './partition.js';
import { crash } from './crash.js';

export const FAULTS: Readonly<Record<FaultKindName, FaultKind>> = { partition, crash };
export type { FaultKind, FaultEffect } from './types.js';

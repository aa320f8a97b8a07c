// Pause: SIGSTOP the chosen nodes, SIGCONT them at heal. A paused node is alive
// to the kernel but silent to its peers: the classic false-positive test. Each
// stop and continue is recorded as a lifecycle event (`paused`, `resumed`).

import type { FaultKind } from './types.js';
import { strs } from './params.js';
import { chooseNodes } from './select.js';
import { each } from './act.js';

export const pause: FaultKind = {
  kind: 'pause',
  resolve: (entry, nodes, rng, gone) => ({ nodes: chooseNodes(entry, nodes, rng, 'one', gone) }),
  targets: (params) => strs(params, 'nodes'),
  apply: (ctx, fault) => each(ctx, strs(fault.params, 'nodes'), 'pause', 'paused'),
  heal: (ctx, fault) => each(ctx, strs(fault.params, 'nodes'), 'resume', 'resumed'),
};

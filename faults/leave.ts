// Leave: the chosen nodes leave gracefully (POST /leave, then the process stops)
// and, with `rejoin`, start again after the fault's duration with the same
// identity and rejoin through their seeds. A graceful leave must never be taken
// for a failure: peers should mark the node `left`, not `dead`.

import type { FaultKind } from './types.js';
import { strs } from './params.js';
import { chooseNodes } from './select.js';
import { each } from './act.js';

export const leave: FaultKind = {
  kind: 'leave',
  resolve: (entry, nodes, rng, gone) => ({ nodes: chooseNodes(entry, nodes, rng, 'one', gone), rejoin: entry.rejoin === true }),
  needs: () => ['leave'],
  targets: (params) => strs(params, 'nodes'),
  removes: (params) => (params.rejoin === true ? [] : strs(params, 'nodes')),
  apply: (ctx, fault) => each(ctx, strs(fault.params, 'nodes'), 'leave', 'left'),
  async heal(ctx, fault) {
    if (fault.params.rejoin !== true) return;
    await each(ctx, strs(fault.params, 'nodes'), 'restart', 'joined');
  },
};

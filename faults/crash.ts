// Crash: kill -9 of the chosen nodes' processes; optionally restarted after the
// fault's duration with the same identity and address (the heal). A crash with no
// restart is never healed: the nodes stay down, and the checkers expect them to
// be declared dead and evicted.

import type { FaultKind } from './types.js';
import { strs } from './params.js';
import { chooseNodes } from './select.js';
import { each } from './act.js';

export const crash: FaultKind = {
  kind: 'crash',
  resolve: (entry, nodes, rng, gone) => ({ nodes: chooseNodes(entry, nodes, rng, 'one', gone), restart: entry.restart === true }),
  targets: (params) => strs(params, 'nodes'),
  removes: (params) => (params.restart === true ? [] : strs(params, 'nodes')),
  apply: (ctx, fault) => each(ctx, strs(fault.params, 'nodes'), 'kill', 'killed'),
  async heal(ctx, fault) {
    if (fault.params.restart !== true) return;
    await each(ctx, strs(fault.params, 'nodes'), 'restart', 'restarted');
  },
};

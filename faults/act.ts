// Acting on a set of nodes through one runtime verb, one node after another in
// a fixed order, and recording each node's lifecycle event the moment its verb
// has returned, so the history's order of events is the order things happened.

import type { LifecycleEvent } from '../src/history/types.js';
import type { FaultContext } from './types.js';

export type NodeVerb = 'kill' | 'restart' | 'leave' | 'pause' | 'resume';

export async function each(ctx: FaultContext, nodes: readonly string[], verb: NodeVerb, event: LifecycleEvent): Promise<void> {
  for (const node of nodes) {
    await ctx.rt[verb](node);
    ctx.lifecycle(node, event);
  }
}

// Acting on a set of nodes through one runtime verb, one node after another in
// a fixed order. An event that stops a process (killed, left, paused) is recorded
// once the verb has returned; one that starts a process (restarted, joined,
// resumed) just before, so every line of the new process follows its event.

import type { LifecycleEvent } from '../src/history/types.js';
import type { FaultContext } from './types.js';

/** Lifecycle events after which the node's process prints again. */
export const STARTS: ReadonlySet<LifecycleEvent> = new Set(['started', 'restarted', 'joined', 'resumed']);

export type NodeVerb = 'kill' | 'restart' | 'leave' | 'pause' | 'resume';

export async function each(ctx: FaultContext, nodes: readonly string[], verb: NodeVerb, event: LifecycleEvent): Promise<void> {
  for (const node of nodes) {
    if (STARTS.has(event)) ctx.lifecycle(node, event);
    await ctx.rt[verb](node);
    if (!STARTS.has(event)) ctx.lifecycle(node, event);
  }
}

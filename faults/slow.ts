// Slow processing: the chosen nodes are paused for `duty` of every `period` over
// the fault's window (SIGSTOP/SIGCONT in a loop), so they answer late rather than
// never. No lifecycle event is recorded for the micro-pauses: the node is alive
// but degraded for the whole window (the Lifeguard case), which the fault's own
// start and stop lines state; recording each pause would add thousands of lines
// and make the checkers treat a slow node as a stopped one.

import type { FaultContext, FaultKind } from './types.js';
import { num, optNum, strs } from './params.js';
import { chooseNodes } from './select.js';
import { startLoop, stopLoop, wait } from './loop.js';
import { LabError } from '../src/errors.js';

export const DEFAULT_SLOW = { period: 1000, duty: 0.5 } as const;

/** Paused already on entry: run, pause, run... until the signal aborts. */
async function cycle(ctx: FaultContext, nodes: readonly string[], period: number, duty: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    if (!(await wait(period * duty, signal))) return;
    for (const node of nodes) await ctx.rt.resume(node);
    if (!(await wait(period * (1 - duty), signal))) return;
    for (const node of nodes) await ctx.rt.pause(node);
  }
}

export const slow: FaultKind = {
  kind: 'slow',
  resolve: (entry, nodes, rng, gone) => {
    const chosen = chooseNodes(entry, nodes, rng, 'one', gone);
    const lag = optNum(entry, 'lag');
    if (lag !== undefined) return { nodes: chosen, lag };
    return { nodes: chosen, period: optNum(entry, 'period') ?? DEFAULT_SLOW.period, duty: optNum(entry, 'duty') ?? DEFAULT_SLOW.duty };
  },
  targets: (params) => strs(params, 'nodes'),
  needs: (params) => (params.lag !== undefined ? ['lag'] : []),
  async apply(ctx, fault) {
    if (fault.params.lag !== undefined) throw new LabError('GOSSIPLAB_FAULT', `${fault.id}: a slow fault with lag is modelled only by the simulator (--runtime sim)`);
    const nodes = strs(fault.params, 'nodes');
    for (const node of nodes) await ctx.rt.pause(node);
    startLoop(ctx, fault.id, null, (signal) => cycle(ctx, nodes, num(fault.params, 'period'), num(fault.params, 'duty'), signal));
  },
  async heal(ctx, fault) {
    if (fault.params.lag !== undefined) return;
    await stopLoop(fault.id);
    for (const node of strs(fault.params, 'nodes')) await ctx.rt.resume(node);
  },
};

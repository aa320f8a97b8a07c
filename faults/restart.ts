// Restarts: `mass` kills every chosen node, waits `down`, then restarts them all;
// `rolling` goes one node at a time (kill, wait `down`, restart, wait `gap`), in
// the chosen order. Runs as a loop over the window; heal ends it and restarts any
// node still down, so a restart fault never leaves a node dead.

import type { FaultContext, FaultKind } from './types.js';
import { num, optNum, str, strs } from './params.js';
import { chooseNodes, selectionSize } from './select.js';
import { each } from './act.js';
import { startLoop, stopLoop, wait } from './loop.js';

export type RestartMode = 'mass' | 'rolling';
export const DEFAULT_RESTART = { down: 1000, gap: 5000 } as const;

interface RestartState { down: Set<string> }

async function kill(ctx: FaultContext, node: string, state: RestartState): Promise<void> {
  await ctx.rt.kill(node);
  state.down.add(node);
  ctx.lifecycle(node, 'killed');
}

async function bringBack(ctx: FaultContext, node: string, state: RestartState): Promise<void> {
  ctx.lifecycle(node, 'restarted'); // before: every line of the new process follows its event
  await ctx.rt.restart(node);
  state.down.delete(node);
}

async function restartLoop(ctx: FaultContext, p: Record<string, unknown>, signal: AbortSignal, state: RestartState): Promise<void> {
  const nodes = strs(p, 'nodes');
  const mode = str<RestartMode>(p, 'mode');
  switch (mode) {
    case 'mass':
      for (const n of nodes) await kill(ctx, n, state);
      if (!(await wait(num(p, 'down'), signal))) return;
      for (const n of nodes) await bringBack(ctx, n, state);
      return;
    case 'rolling':
      for (const [i, n] of nodes.entries()) {
        if (signal.aborted) return;
        await kill(ctx, n, state);
        if (!(await wait(num(p, 'down'), signal))) return;
        await bringBack(ctx, n, state);
        if (i < nodes.length - 1 && !(await wait(num(p, 'gap'), signal))) return;
      }
      return;
    default: {
      const never: never = mode;
      throw new Error(`unknown restart mode ${String(never)}`);
    }
  }
}

/** `down` for both modes; `gap` only for rolling, where it means something. */
function timing(entry: Record<string, unknown>): { down: number; gap?: number } {
  const down = optNum(entry, 'down') ?? DEFAULT_RESTART.down;
  return entry.mode === 'rolling' ? { down, gap: optNum(entry, 'gap') ?? DEFAULT_RESTART.gap } : { down };
}

export const restart: FaultKind = {
  kind: 'restart',
  resolve: (entry, nodes, rng, gone) => ({ mode: str<RestartMode>(entry, 'mode'), nodes: chooseNodes(entry, nodes, rng, 'all', gone), ...timing(entry) }),
  defaultDuration(entry, nodes) {
    const { down, gap = 0 } = timing(entry);
    const k = selectionSize(entry, nodes, 'all');
    return entry.mode === 'rolling' ? k * down + Math.max(0, k - 1) * gap : down;
  },
  targets: (params) => strs(params, 'nodes'),
  apply: async (ctx, fault) => startLoop<RestartState>(ctx, fault.id, { down: new Set() }, (signal, state) => restartLoop(ctx, fault.params, signal, state)),
  async heal(ctx, fault) {
    const state = await stopLoop<RestartState>(fault.id);
    await each(ctx, [...(state?.down ?? [])], 'restart', 'restarted');
  },
};

// Churn: one membership change every 60/`rate` s, alternately a new node joining
// and a random node leaving (or killed); `keep` (the seeds) is never removed.
// Victims are drawn while the run goes, from the nemesis's runtime rng, because
// they depend on who exists then. Heal ends the churn but does not undo it.

import type { FaultContext, FaultKind } from './types.js';
import { FaultParamError, field, num, str, strs } from './params.js';
import { known, sorted } from './select.js';
import { startLoop, stopLoop, wait } from './loop.js';

export type ChurnRemoval = 'leave' | 'kill';

interface ChurnState { removed: Set<string> }

async function addOne(ctx: FaultContext): Promise<void> {
  const spec = ctx.newNode();
  ctx.lifecycle(spec.id, 'joined'); // before: every line of the new node follows its event
  await ctx.rt.addNode(spec);
}

async function removeOne(ctx: FaultContext, p: Record<string, unknown>, state: ChurnState): Promise<void> {
  const keep = new Set([...strs(p, 'keep'), ...strs(p, 'gone')]);
  const candidates = sorted(ctx.nodes()).filter((n) => !keep.has(n) && !state.removed.has(n));
  if (candidates.length === 0) {
    ctx.note('warn', 'churn: no node left to remove (every remaining node is kept)');
    return;
  }
  const victim = ctx.rng.pick(candidates);
  state.removed.add(victim);
  if (str<ChurnRemoval>(p, 'remove') === 'kill') {
    await ctx.rt.kill(victim);
    ctx.lifecycle(victim, 'killed');
  } else {
    await ctx.rt.leave(victim);
    ctx.lifecycle(victim, 'left');
  }
}

async function churnLoop(ctx: FaultContext, p: Record<string, unknown>, signal: AbortSignal, state: ChurnState): Promise<void> {
  const gap = 60_000 / num(p, 'rate');
  for (let i = 0; await wait(gap, signal); i++) {
    try {
      await (i % 2 === 0 ? addOne(ctx) : removeOne(ctx, p, state));
    } catch (e) {
      ctx.note('warn', `churn: ${i % 2 === 0 ? 'adding' : 'removing'} a node failed: ${(e as Error).message}`);
    }
  }
}

export const churn: FaultKind = {
  kind: 'churn',
  resolve(entry, nodes, _rng, gone) {
    const keep = (field<string[]>(entry, 'keep') ?? nodes.slice(0, 1)).map((n, i) => known(n, nodes, `keep.${i}`));
    if (keep.length >= nodes.length && nodes.length > 0) {
      throw new FaultParamError('keep', 'fewer nodes than the cluster has, so some node can be removed', keep, `all ${nodes.length}`);
    }
    // `gone`: nodes earlier faults took away for good; churn never picks them as victims.
    return { rate: num(entry, 'rate'), remove: field<ChurnRemoval>(entry, 'remove') ?? 'leave', keep: sorted(keep), gone: sorted(gone ?? []) };
  },
  needs: (params) => (params.remove === 'kill' ? [] : ['leave']),
  /** The victims and newcomers are only known while the run goes; they appear as lifecycle events. */
  targets: () => [],
  apply: async (ctx, fault) => startLoop<ChurnState>(ctx, fault.id, { removed: new Set() }, (signal, state) => churnLoop(ctx, fault.params, signal, state)),
  heal: async (_ctx, fault) => { await stopLoop(fault.id); },
};

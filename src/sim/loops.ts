// The fault kinds that keep acting over their window (slow, clock strobe, churn,
// restart) wait with real timers in faults/loop.ts, which would tie a simulation
// to the wall clock. Their `apply` is re-expressed here, step for step, over the
// simulator's virtual waits; their `heal` stays the catalogue's own (restart's
// "bring back whoever is still down" is repeated here, for the loop's own state).

import type { FaultContext } from '../../faults/types.js';
import type { ScheduledFault } from '../config/types.js';
import { num, str, strs } from '../../faults/params.js';
import { sorted } from '../../faults/select.js';
import { each } from '../../faults/act.js';

/** Wait `ms` of virtual time, or less if the signal aborts; true when the whole time passed. */
export type VirtualWait = (ms: number, signal: AbortSignal) => Promise<boolean>;

export interface LoopState { down: Set<string>; removed: Set<string> }

export type LoopBody = (ctx: FaultContext, f: ScheduledFault, wait: VirtualWait, signal: AbortSignal, state: LoopState) => Promise<void>;

/** The virtual-time loop for a fault, or undefined when the catalogue's own apply has no loop. */
export function loopFor(f: ScheduledFault): LoopBody | undefined {
  switch (f.kind) {
    case 'slow': return slow;
    case 'churn': return churn;
    case 'restart': return restart;
    case 'clock': return f.params.mode === 'strobe' ? strobe : undefined;
    default: return undefined;
  }
}

/** faults/slow.ts: paused on entry, then run for period·(1-duty), pause for period·duty, ... */
const slow: LoopBody = async (ctx, f, wait, signal) => {
  const nodes = strs(f.params, 'nodes');
  const period = num(f.params, 'period');
  const duty = num(f.params, 'duty');
  for (const node of nodes) await ctx.rt.pause(node);
  while (!signal.aborted) {
    if (!(await wait(period * duty, signal))) return;
    for (const node of nodes) await ctx.rt.resume(node);
    if (!(await wait(period * (1 - duty), signal))) return;
    for (const node of nodes) await ctx.rt.pause(node);
  }
};

/** faults/clock.ts strobe: offset a, wait a period, offset b, wait, ... */
const strobe: LoopBody = async (ctx, f, wait, signal) => {
  const nodes = strs(f.params, 'nodes');
  const offsets = [num(f.params, 'a'), num(f.params, 'b')];
  for (let i = 0; !signal.aborted; i++) {
    for (const node of nodes) await ctx.rt.setClock(node, { offset: offsets[i % 2]!, rate: 1 });
    await wait(num(f.params, 'period'), signal);
  }
};

/** faults/churn.ts: every 60/rate s, alternately a node joins and a random removable node leaves (or is killed). */
const churn: LoopBody = async (ctx, f, wait, signal, state) => {
  const gap = 60_000 / num(f.params, 'rate');
  for (let i = 0; await wait(gap, signal); i++) {
    try {
      if (i % 2 === 0) {
        const spec = ctx.newNode();
        ctx.lifecycle(spec.id, 'joined');
        await ctx.rt.addNode(spec);
      } else {
        await removeOne(ctx, f.params, state);
      }
    } catch (e) {
      ctx.note('warn', `churn: ${i % 2 === 0 ? 'adding' : 'removing'} a node failed: ${(e as Error).message}`);
    }
  }
};

async function removeOne(ctx: FaultContext, p: Record<string, unknown>, state: LoopState): Promise<void> {
  const keep = new Set([...strs(p, 'keep'), ...strs(p, 'gone')]);
  const candidates = sorted(ctx.nodes()).filter((n) => !keep.has(n) && !state.removed.has(n));
  if (candidates.length === 0) {
    ctx.note('warn', 'churn: no node left to remove (every remaining node is kept)');
    return;
  }
  const victim = ctx.rng.pick(candidates);
  state.removed.add(victim);
  if (str(p, 'remove') === 'kill') {
    await ctx.rt.kill(victim);
    ctx.lifecycle(victim, 'killed');
  } else {
    await ctx.rt.leave(victim);
    ctx.lifecycle(victim, 'left');
  }
}

/** faults/restart.ts: mass (kill all, wait `down`, restart all) or rolling (one at a time, `gap` between). */
const restart: LoopBody = async (ctx, f, wait, signal, state) => {
  const nodes = strs(f.params, 'nodes');
  const kill = async (n: string): Promise<void> => { await ctx.rt.kill(n); state.down.add(n); ctx.lifecycle(n, 'killed'); };
  const back = async (n: string): Promise<void> => { ctx.lifecycle(n, 'restarted'); await ctx.rt.restart(n); state.down.delete(n); };
  if (str(f.params, 'mode') === 'mass') {
    for (const n of nodes) await kill(n);
    if (!(await wait(num(f.params, 'down'), signal))) return;
    for (const n of nodes) await back(n);
    return;
  }
  for (const [i, n] of nodes.entries()) {
    if (signal.aborted) return;
    await kill(n);
    if (!(await wait(num(f.params, 'down'), signal))) return;
    await back(n);
    if (i < nodes.length - 1 && !(await wait(num(f.params, 'gap'), signal))) return;
  }
};

/** After a restart loop stops: whoever it left down comes back (faults/restart.ts heal). */
export async function restartLeftovers(ctx: FaultContext, state: LoopState): Promise<void> {
  await each(ctx, [...state.down], 'restart', 'restarted');
}

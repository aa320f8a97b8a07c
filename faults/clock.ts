// Clock faults through libfaketime: a node's wall clock stepped by an offset,
// strobed between two offsets every `period` (a loop), drifting at rate k from
// where it is (its timers too), or reset. Heal puts the clock back to true time,
// except after a drift, which ends at rate 1 keeping the offset it accumulated,
// so the node's timers never step backwards.
// The params state the whole behaviour, so truth can recompute any node's clock.

import type { ClockSetting } from '../src/runtime/types.js';
import type { FaultContext, FaultKind } from './types.js';
import { num, str, strs } from './params.js';
import { chooseNodes } from './select.js';
import { startLoop, stopLoop, wait } from './loop.js';

export const CLOCK_MODES = ['offset', 'strobe', 'drift', 'reset'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

const TRUE_TIME: ClockSetting = { offset: 0, rate: 1 };

function modeParams(mode: ClockMode, entry: Record<string, unknown>): Record<string, unknown> {
  switch (mode) {
    case 'offset': return { offset: num(entry, 'by') };
    case 'strobe': return { a: num(entry, 'a'), b: num(entry, 'b'), period: num(entry, 'period') };
    case 'drift': return { rate: num(entry, 'rate') };
    case 'reset': return {};
    default: {
      const never: never = mode;
      throw new Error(`unknown clock mode ${String(never)}`);
    }
  }
}

async function setAll(ctx: FaultContext, nodes: readonly string[], clock: ClockSetting): Promise<void> {
  for (const node of nodes) await ctx.rt.setClock(node, clock);
}

async function strobe(ctx: FaultContext, nodes: readonly string[], p: Record<string, unknown>, signal: AbortSignal): Promise<void> {
  const offsets = [num(p, 'a'), num(p, 'b')];
  for (let i = 0; !signal.aborted; i++) {
    await setAll(ctx, nodes, { offset: offsets[i % 2]!, rate: 1 });
    await wait(num(p, 'period'), signal);
  }
}

export const clock: FaultKind = {
  kind: 'clock',
  resolve(entry, nodes, rng, gone) {
    const mode = str<ClockMode>(entry, 'mode');
    return { mode, nodes: chooseNodes(entry, nodes, rng, 'one', gone), ...modeParams(mode, entry) };
  },
  targets: (params) => strs(params, 'nodes'),
  needs: () => ['clock'],
  async apply(ctx, fault) {
    const p = fault.params;
    const nodes = strs(p, 'nodes');
    const mode = str<ClockMode>(p, 'mode');
    switch (mode) {
      case 'offset': return setAll(ctx, nodes, { offset: num(p, 'offset'), rate: 1 });
      // Rate only: the clock runs on from where it is, without a step (and keeps any offset).
      case 'drift': return setAll(ctx, nodes, { rate: num(p, 'rate') });
      case 'reset': return setAll(ctx, nodes, TRUE_TIME);
      case 'strobe': return startLoop(ctx, fault.id, null, (signal) => strobe(ctx, nodes, p, signal));
      default: {
        const never: never = mode;
        throw new Error(`unknown clock mode ${String(never)}`);
      }
    }
  },
  async heal(ctx, fault) {
    await stopLoop(fault.id);
    // A drift ends smoothly at rate 1 (its timers would otherwise jump back by the
    // accumulated drift); the other modes put the clock back to true time.
    const back = fault.params.mode === 'drift' ? { rate: 1 } : TRUE_TIME;
    await setAll(ctx, strs(fault.params, 'nodes'), back);
  },
};

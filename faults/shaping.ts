// Shared by the faults that shape one node's outgoing traffic (netem: delay,
// duplicate, reorder; tbf: bandwidth). The runtime holds one qdisc per node and
// one node per fault id, so a fault shapes one node and two must not overlap on
// it. Its outgoing links are recorded: truth counts them degraded, never cut.

import type { NetemSpec } from '../src/runtime/types.js';
import type { Capability, FaultKind } from './types.js';
import { links, str } from './params.js';
import { chooseNodes, linksFrom } from './select.js';

type Shape = { rateKbit: number } | { netem: NetemSpec };

/**
 * A shaping fault kind. `spec` picks the kind's own settings out of the entry
 * (already in ms and fractions); they are stored as `shape` in the params.
 */
export function shapingFault(kind: FaultKind['kind'], need: Capability, spec: (entry: Record<string, unknown>) => Shape): FaultKind {
  return {
    kind,
    resolve(entry, nodes, rng, gone) {
      const chosen = chooseNodes(entry, nodes, rng, 'one', gone);
      return { node: chosen[0]!, shape: spec(entry), links: linksFrom(chosen, nodes) };
    },
    targets: (params) => [str(params, 'node')],
    links: (params) => links(params),
    needs: () => [need],
    async apply({ rt }, fault) {
      await rt.shape(fault.id, str(fault.params, 'node'), fault.params.shape as Shape);
    },
    async heal({ rt }, fault) {
      await rt.clearShape(fault.id);
    },
  };
}

/** Drop absent settings, so the stored spec shows only what the scenario set. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// Crash: kill -9 of a node's process; optionally restarted later with the same
// identity and address (the heal). A crash with no restart is never healed: the
// node stays down, and the checkers expect it to be declared dead and evicted.

import type { FaultKind } from './types.js';

export const crash: FaultKind = {
  kind: 'crash',
  resolve(entry, nodes, rng) {
    const node = entry.node === undefined || entry.node === 'random' ? rng.pick(nodes) : String(entry.node);
    return { node, restart: entry.restart === true };
  },
  targets: (params) => [params.node as string],
  async apply(rt, fault) {
    const node = fault.params.node as string;
    await rt.kill(node);
    return { lifecycle: [{ node, event: 'killed' }] };
  },
  async heal(rt, fault) {
    const node = fault.params.node as string;
    if (!fault.params.restart) return {};
    await rt.restart(node);
    return { lifecycle: [{ node, event: 'restarted' }] };
  },
};

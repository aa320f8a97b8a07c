// Packet loss: each packet on the chosen directed links is dropped with
// probability `p` (iptables statistic in the receiver's namespace). Links are
// fixed at resolve time, from a `links` list or from the nodes whose every link,
// in and out, is lossy; they and `p` go into the fault events for ground truth.

import type { Link } from '../src/history/types.js';
import type { Rng } from '../src/seed.js';
import type { FaultKind } from './types.js';
import { field, links, num } from './params.js';
import { chooseNodes, endpoints, known, linksTouching } from './select.js';

function chosenLinks(entry: Record<string, unknown>, nodes: readonly string[], rng: Rng, gone?: ReadonlySet<string>): Link[] {
  const listed = field<Link[]>(entry, 'links');
  if (listed) return listed.map(([a, b], i): Link => [known(a, nodes, `links.${i}.0`), known(b, nodes, `links.${i}.1`)]);
  return linksTouching(chooseNodes(entry, nodes, rng, 'one', gone), nodes);
}

export const loss: FaultKind = {
  kind: 'loss',
  resolve: (entry, nodes, rng, gone) => ({ p: num(entry, 'p'), links: chosenLinks(entry, nodes, rng, gone) }),
  targets: (params) => endpoints(links(params)),
  links: (params) => links(params),
  loss: (params) => num(params, 'p'),
  async apply({ rt }, fault) {
    await rt.degradeLinks(fault.id, links(fault.params), { loss: num(fault.params, 'p') });
  },
  async heal({ rt }, fault) {
    await rt.clearLinks(fault.id);
  },
};

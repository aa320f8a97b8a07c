// CPU starvation: the chosen nodes' containers are limited to `cpus` CPUs (e.g.
// 0.05) through the cgroup quota, and the limit is lifted at heal. The process
// keeps running, only slowly: timers fire late and acks miss their deadline.

import type { FaultKind } from './types.js';
import { num, strs } from './params.js';
import { chooseNodes } from './select.js';

export const cpu: FaultKind = {
  kind: 'cpu',
  resolve: (entry, nodes, rng, gone) => ({ nodes: chooseNodes(entry, nodes, rng, 'one', gone), cpus: num(entry, 'cpus') }),
  targets: (params) => strs(params, 'nodes'),
  needs: () => ['cpu'],
  async apply({ rt }, fault) {
    for (const node of strs(fault.params, 'nodes')) await rt.setCpu(node, num(fault.params, 'cpus'));
  },
  async heal({ rt }, fault) {
    for (const node of strs(fault.params, 'nodes')) await rt.setCpu(node, null);
  },
};

// Every resource a run creates carries these labels (containers) or this
// comment prefix (kernel rules, and the alias of the run's bridge), so teardown
// and `gossiplab clean` can find exactly the lab's own resources and nothing else.

import { createHash } from 'node:crypto';

export const LABEL = 'gossiplab';
export const LABEL_RUN = 'gossiplab.run';
export const LABEL_NODE = 'gossiplab.node';
export const LABEL_IMAGE_HASH = 'gossiplab.image-hash';
export const IMAGE_REPO = 'gossiplab-node';

/** Comment carried by every iptables rule: `gossiplab:<runId>:<faultId>`. */
export function ruleComment(runId: string, faultId: string): string {
  return `${LABEL}:${runId}:${faultId}`;
}

export function containerName(runId: string, nodeId: string): string {
  return `${LABEL}-${runId}-${nodeId}`;
}

/** The run's bridge: an interface name, so at most 15 characters (a long run id is shortened by hash). */
export function networkName(runId: string): string {
  if (runId.length <= 12) return `gl-${runId}`;
  return `gl-${createHash('sha256').update(runId).digest('hex').slice(0, 12)}`;
}

// Maps the lab's ProtocolParams onto the one failure-detection knob Redis Cluster
// has, cluster-node-timeout, and refuses every parameter it cannot honour. A
// parameter is refused only when it differs from its preset's value: the preset
// describes memberlist, and Redis is tested against that description.

import { ConfigError } from '../../core/config.js';
import { PRESETS, type PresetName, type ProtocolParams } from '../../core/params.js';

export interface RedisTiming {
  /** cluster-node-timeout, ms: a member that has not answered a ping for this long is PFAIL. */
  nodeTimeout: number;
  /** How the timeout was derived, for stderr. */
  source: string;
}

/**
 * Mapped onto cluster-node-timeout. probeTimeout is subsumed: Redis waits for a
 * ping's answer as long as the node timeout (and must stay ≤ probeInterval, which is mapped).
 */
const MAPPED: readonly (keyof ProtocolParams)[] = ['probeInterval', 'probeTimeout', 'suspicionMult'];
/** Output switches of the built-in node: the adapter prints no stats or detector lines whatever their value. */
const OUTPUT_ONLY: readonly (keyof ProtocolParams)[] = ['statsInterval', 'detectorInterval'];

const WHY: Partial<Record<keyof ProtocolParams, string>> = {
  detector: 'Redis Cluster has one detector (ping timeout, then a majority of masters); there is no phi accrual',
  reapTime: 'Redis Cluster never removes a failed member by itself (only CLUSTER FORGET does)',
  gossipToTheDeadTime: 'Redis Cluster keeps pinging failed members for as long as they are known',
  packetBudget: 'the Redis cluster bus is TCP; its messages have no size budget',
};

export function mapParams(preset: PresetName, p: Readonly<ProtocolParams>): RedisTiming {
  const base = PRESETS[preset];
  for (const key of Object.keys(base) as (keyof ProtocolParams)[]) {
    if (MAPPED.includes(key) || OUTPUT_ONLY.includes(key) || p[key] === base[key]) continue;
    const why = WHY[key] ?? 'Redis Cluster has no equivalent setting';
    throw new ConfigError(key, `GOSSIP_CONFIG.${key}: cannot be honoured by Redis Cluster (${why}); `
      + `expected the ${preset} preset's value ${JSON.stringify(base[key])}, got ${JSON.stringify(p[key])}`);
  }
  const nodeTimeout = Math.round(p.suspicionMult * p.probeInterval);
  if (nodeTimeout < 100) {
    throw new ConfigError('probeInterval', `GOSSIP_CONFIG.probeInterval: suspicionMult × probeInterval is cluster-node-timeout, `
      + `expected at least 100 ms, got ${nodeTimeout} ms`);
  }
  return {
    nodeTimeout,
    source: `cluster-node-timeout ${nodeTimeout} ms = suspicionMult ${p.suspicionMult} × probeInterval ${p.probeInterval} ms `
      + '(the minimum SWIM suspicion timeout below 10 members)',
  };
}

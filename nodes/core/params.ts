// Protocol parameters of the built-in node, and the presets that match
// hashicorp/memberlist's DefaultLANConfig / DefaultWANConfig / DefaultLocalConfig.
// All durations are milliseconds. Resolution happens once: callers get a full,
// read-only record, so a forgotten field is a compile error, not a runtime default.

export interface ProtocolParams {
  /** Time between failure-detector probes (memberlist ProbeInterval). */
  probeInterval: number;
  /** How long to wait for a direct ack before trying indirect probes. */
  probeTimeout: number;
  /** Members asked to ping-req a target that missed its direct ack (k). */
  indirectChecks: number;
  /** Suspicion timeout min = suspicionMult * max(1, log10(max(1, N))) * probeInterval. */
  suspicionMult: number;
  /** Suspicion timeout max = suspicionMaxTimeoutMult * min. */
  suspicionMaxTimeoutMult: number;
  /** Updates are piggybacked at most retransmitMult * ceil(log10(N+1)) times. */
  retransmitMult: number;
  /** Random members to gossip to every gossipInterval. */
  gossipNodes: number;
  gossipInterval: number;
  /** Keep gossiping to dead members for this long; also the reap delay. */
  gossipToTheDeadTime: number;
  /** Anti-entropy push-pull exchange period (0 disables). */
  pushPullInterval: number;
  /** Lifeguard local health multiplier: score is clamped to [0, awarenessMaxMultiplier-1]. */
  awarenessMaxMultiplier: number;
  /** Lifeguard parts, each switchable on its own. All off = plain SWIM. */
  lifeguardLhm: boolean;
  lifeguardNacks: boolean;
  lifeguardDynamicSuspicion: boolean;
  lifeguardBuddy: boolean;
  /** Failure detector: SWIM probing alone, or phi accrual over heartbeats (probe acks). */
  detector: 'swim' | 'phi';
  phiThreshold: number;
  phiModel: 'normal' | 'exponential';
  phiWindow: number;
  phiMinStdDev: number;
  phiAcceptablePause: number;
  /** Time a dead or left member stays in the list before it is removed (reaped). */
  reapTime: number;
  /** Maximum UDP packet size, bytes. */
  packetBudget: number;
  /** How often `stats` lines are emitted by the process (0 = never). */
  statsInterval: number;
  /** How often `detector` lines are emitted by the process (0 = never). */
  detectorInterval: number;
  /**
   * Known-bad modes, for proving the checkers catch bugs. Presets never set them.
   * neverRefute: do not raise own incarnation when suspected.
   * neverEvict: never declare anyone dead and never reap.
   * skipSuspicion: a failed probe marks the target dead at once.
   */
  bugNeverRefute: boolean;
  bugNeverEvict: boolean;
  bugSkipSuspicion: boolean;
}

export type PresetName = 'lan' | 'wan' | 'local';

const common = {
  suspicionMaxTimeoutMult: 6,
  awarenessMaxMultiplier: 8,
  lifeguardLhm: true,
  lifeguardNacks: true,
  lifeguardDynamicSuspicion: true,
  lifeguardBuddy: true,
  detector: 'swim',
  phiThreshold: 8,
  phiModel: 'normal',
  phiWindow: 1000,
  phiMinStdDev: 100,
  phiAcceptablePause: 3000,
  packetBudget: 1400,
  statsInterval: 1000,
  detectorInterval: 1000,
  bugNeverRefute: false,
  bugNeverEvict: false,
  bugSkipSuspicion: false,
} as const satisfies Partial<ProtocolParams>;

export const PRESETS: Readonly<Record<PresetName, Readonly<ProtocolParams>>> = {
  lan: {
    ...common,
    probeInterval: 1000, probeTimeout: 500, indirectChecks: 3, suspicionMult: 4,
    retransmitMult: 4, gossipNodes: 3, gossipInterval: 200,
    gossipToTheDeadTime: 30_000, pushPullInterval: 30_000, reapTime: 30_000,
  },
  wan: {
    ...common,
    probeInterval: 5000, probeTimeout: 3000, indirectChecks: 3, suspicionMult: 6,
    retransmitMult: 4, gossipNodes: 4, gossipInterval: 500,
    gossipToTheDeadTime: 60_000, pushPullInterval: 60_000, reapTime: 60_000,
  },
  local: {
    ...common,
    probeInterval: 1000, probeTimeout: 200, indirectChecks: 1, suspicionMult: 3,
    retransmitMult: 2, gossipNodes: 3, gossipInterval: 100,
    gossipToTheDeadTime: 15_000, pushPullInterval: 15_000, reapTime: 15_000,
  },
};

export const PARAM_NAMES = Object.keys(PRESETS.lan) as (keyof ProtocolParams)[];

/** Apply overrides to a preset. Unknown names and wrong types are reported by the caller's schema. */
export function resolveParams(preset: PresetName, overrides: Partial<ProtocolParams> = {}): Readonly<ProtocolParams> {
  return Object.freeze({ ...PRESETS[preset], ...overrides });
}

/** memberlist suspicionTimeout: the minimum, before Lifeguard confirmations shorten the max. */
export function suspicionTimeoutMin(p: ProtocolParams, n: number): number {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  return Math.floor(p.suspicionMult * nodeScale * p.probeInterval);
}

export function suspicionTimeoutMax(p: ProtocolParams, n: number): number {
  return p.suspicionMaxTimeoutMult * suspicionTimeoutMin(p, n);
}

/** Remaining suspicion timeout after c independent confirmations (Lifeguard dynamic suspicion). */
export function suspicionTimeout(p: ProtocolParams, n: number, confirmations: number): number {
  const min = suspicionTimeoutMin(p, n);
  if (!p.lifeguardDynamicSuspicion) return min;
  const max = p.suspicionMaxTimeoutMult * min;
  const k = Math.max(0, p.suspicionMult - 2);
  if (k < 1) return min;
  const frac = Math.log(confirmations + 1) / Math.log(k + 1);
  return Math.max(min, Math.floor(max - (max - min) * frac));
}

/** Join retries back off up to this many probe intervals. */
export const JOIN_BACKOFF_MAX = 16;

/**
 * How long after its `attempt`-th join (from 0) a node that has not joined yet tries
 * again: one probe interval, doubling with each attempt up to JOIN_BACKOFF_MAX, and
 * spread over 0.5-1.5 times that by the node's id and the attempt (no RNG draw, so
 * the rest of a seeded run is unchanged). Without it every unjoined node asked all
 * its seeds each probe interval: 200 nodes started at once through three seeds sent
 * each seed 200 joins a second, which overflowed its socket buffer while it was
 * busy answering them, so the joins it dropped were sent again, and so on.
 */
export function joinRetryDelay(probeInterval: number, attempt: number, id: string): number {
  const base = probeInterval * Math.min(2 ** attempt, JOIN_BACKOFF_MAX);
  let h = 2166136261 ^ attempt;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  // murmur3's finaliser, so ids that differ in one character land far apart
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return base * (0.5 + (h >>> 0) / 2 ** 32);
}

export function retransmitLimit(p: ProtocolParams, n: number): number {
  return p.retransmitMult * Math.ceil(Math.log10(n + 1));
}

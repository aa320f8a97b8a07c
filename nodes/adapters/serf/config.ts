// The node contract's environment, as a Serf agent configuration. The preset
// becomes Serf's -profile (memberlist's DefaultLAN/WAN/LocalConfig, the same
// values as the lab's presets); reapTime becomes reconnect_timeout and
// tombstone_timeout (Serf's defaults are 24 h; a shorter one is stated on
// stderr). Serf exposes no other memberlist knob, so any other parameter that
// differs from the preset is refused: the adapter never runs with other settings.

import { PARAM_NAMES, PRESETS } from '../../core/params.js';
import type { NodeEnv } from '../../process/env.js';
import { STATSD_ADDR } from './metrics.js';

/** Loopback port of Serf's RPC listener: private to the container. */
export const RPC_ADDR = '127.0.0.1:7373';

/** What the adapter maps; statsInterval and detectorInterval only pace lines the adapter never prints. */
const MAPPED = new Set<string>(['reapTime', 'statsInterval', 'detectorInterval']);

export class SerfConfigError extends Error {}

/** Serf's reconnect/tombstone default, for the "shortened" statement. */
const SERF_DEFAULT_TIMEOUT_MS = 24 * 3600_000;

export interface SerfSetup { config: Record<string, unknown>; notes: string[] }

export function serfConfig(env: NodeEnv): SerfSetup {
  const preset = PRESETS[env.preset];
  for (const k of PARAM_NAMES) {
    if (MAPPED.has(k) || env.params[k] === preset[k]) continue;
    throw new SerfConfigError(`GOSSIP_CONFIG.${k}: serf cannot honour ${JSON.stringify(env.params[k])}; its ${env.preset} profile fixes it at ` +
      `${JSON.stringify(preset[k])} (the adapter maps preset -> -profile and reapTime -> reconnect_timeout, tombstone_timeout)`);
  }
  const reap = `${env.params.reapTime}ms`;
  const config: Record<string, unknown> = {
    node_name: env.id,
    bind: env.bind.addr,
    ...(env.advertise !== env.bind.addr ? { advertise: env.advertise } : {}),
    rpc_addr: RPC_ADDR,
    // memberlist's telemetry (datagrams, probes, awareness), read back by the adapter.
    statsd_addr: STATSD_ADDR,
    log_level: 'info',
    profile: env.preset,
    reconnect_timeout: reap,
    tombstone_timeout: reap,
    // Seeds may start after us: keep trying, once a second, until one answers.
    retry_join: env.seeds.map((s) => s.addr),
    retry_interval: '1s',
  };
  const notes = [
    `serf: profile ${env.preset}; reconnect_timeout and tombstone_timeout ${reap}` +
      (env.params.reapTime < SERF_DEFAULT_TIMEOUT_MS ? ' (shortened from Serf\'s 24h default; Serf reaps on a 15 s tick, so a member goes up to 15 s later)' : ''),
    'serf: incarnation 0 on every member line: Serf does not expose incarnation numbers',
    'serf: stats lines count memberlist\'s UDP datagrams and TCP streams (not by message type) and its probe rounds; detector lines carry its awareness only, on each change',
    'serf: suspect is reported only for this node\'s own failed probes (memberlist\'s log), and cleared when a later probe of that member succeeds; suspicions learned by gossip are not visible',
  ];
  return { config, notes };
}

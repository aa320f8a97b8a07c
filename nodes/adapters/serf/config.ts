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
/** Serf's default reconnect_interval: how often it tries to rejoin one failed member. */
const SERF_RECONNECT_INTERVAL_MS = 30_000;

/**
 * The reconnect interval that goes with a reconnect timeout. Serf's defaults
 * give a failed member 2,880 reconnect attempts before it is reaped (24 h at
 * one per 30 s); shortened to the lab's reapTime, the same 30 s would leave
 * one attempt or none, and whether two sides merge after a partition would
 * depend on which of the reap tick and the reconnect tick came first. Six
 * attempts per timeout keep Serf's behaviour (reconnect before reap) at the
 * lab's time scale; the default stands whenever the timeout allows it.
 */
export function reconnectInterval(reapTime: number): number {
  return Math.min(SERF_RECONNECT_INTERVAL_MS, Math.max(1000, Math.floor(reapTime / 6)));
}

export interface SerfSetup { config: Record<string, unknown>; notes: string[] }

export function serfConfig(env: NodeEnv): SerfSetup {
  const preset = PRESETS[env.preset];
  for (const k of PARAM_NAMES) {
    if (MAPPED.has(k) || env.params[k] === preset[k]) continue;
    throw new SerfConfigError(`GOSSIP_CONFIG.${k}: serf cannot honour ${JSON.stringify(env.params[k])}; its ${env.preset} profile fixes it at ` +
      `${JSON.stringify(preset[k])} (the adapter maps preset -> -profile and reapTime -> reconnect_timeout, tombstone_timeout)`);
  }
  const reap = `${env.params.reapTime}ms`;
  const reconnect = reconnectInterval(env.params.reapTime);
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
    reconnect_interval: `${reconnect}ms`,
    // Seeds may start after us: keep trying, once a second, until one answers.
    retry_join: env.seeds.map((s) => s.addr),
    retry_interval: '1s',
  };
  const notes = [
    `serf: profile ${env.preset}; reconnect_timeout and tombstone_timeout ${reap}` +
      (env.params.reapTime < SERF_DEFAULT_TIMEOUT_MS ? ' (shortened from Serf\'s 24h default; Serf reaps on a 15 s tick, so a member goes up to 15 s later)' : ''),
    `serf: reconnect_interval ${reconnect}ms` +
      (reconnect < SERF_RECONNECT_INTERVAL_MS ? ' (shortened from Serf\'s 30s with the timeout, so a failed member gets six reconnect attempts before it is reaped)' : ' (Serf\'s default)'),
    'serf: incarnation 0 on every member line: Serf does not expose incarnation numbers',
    'serf: stats lines count memberlist\'s UDP datagrams and TCP streams (not by message type) and its probe rounds; detector lines carry its awareness only, on each change',
    'serf: suspect is reported only for this node\'s own failed probes (memberlist\'s log), and cleared when a later probe of that member succeeds; suspicions learned by gossip are not visible',
  ];
  return { config, notes };
}

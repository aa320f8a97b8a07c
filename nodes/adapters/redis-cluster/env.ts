// What of the node contract's environment Redis Cluster cannot take, refused
// before anything starts: an id that cannot be a cluster-announce-hostname, a
// gossip port whose bus port (+10000) does not exist, the lab's AES key, and
// libfaketime, which hangs Debian's redis-server at start (it links jemalloc,
// whose clock reads during malloc initialisation recurse into libfaketime's own).

import { ConfigError } from '../../core/config.js';
import type { NodeEnv } from '../../process/env.js';
import { BUS_OFFSET } from './server.js';

export function checkRedisEnv(env: NodeEnv, vars: NodeJS.ProcessEnv): void {
  if (!/^[A-Za-z0-9.-]{1,255}$/.test(env.id)) {
    throw new ConfigError('GOSSIP_NODE_ID', `GOSSIP_NODE_ID: Redis announces the lab id as its cluster hostname, which allows only `
      + `letters, digits, '-' and '.', got ${JSON.stringify(env.id)}`);
  }
  const advPort = Number(env.advertise.slice(env.advertise.lastIndexOf(':') + 1));
  for (const [name, port] of [['GOSSIP_BIND', env.bind.port], ['GOSSIP_ADVERTISE', advPort]] as const) {
    if (port + BUS_OFFSET > 65_535 || port === 0) {
      throw new ConfigError(name, `${name}: Redis's cluster bus listens on the port + ${BUS_OFFSET}, so expected a port in 1..${65_535 - BUS_OFFSET}, got ${port}`);
    }
  }
  if (env.keyHex !== undefined) {
    throw new ConfigError('GOSSIP_KEY', 'GOSSIP_KEY: Redis Cluster cannot encrypt its bus with the lab\'s AES-256-GCM key (only with TLS certificates); unset it');
  }
  if (/faketime/.test(vars.LD_PRELOAD ?? '')) {
    throw new ConfigError('LD_PRELOAD', `LD_PRELOAD: libfaketime (${vars.LD_PRELOAD}) hangs redis-server at start, which links jemalloc `
      + '(libfaketime issue 130), so clock faults cannot reach Redis Cluster');
  }
}

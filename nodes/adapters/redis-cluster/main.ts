// Entry point of a Redis Cluster node in the lab (bundled to
// /app/adapters/redis-cluster.mjs): validate the contract's environment and map
// it onto redis-server, then run the adapter. Exit 2 on configuration Redis
// cannot honour, 1 when redis-server cannot start or dies on its own, 0 on SIGTERM/SIGINT.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/config.js';
import { readEnv } from '../../process/env.js';
import { awaitBindAddress } from '../../process/bind-address.js';
import { RedisClusterAdapter, POLL_MS } from './adapter.js';
import { checkRedisEnv } from './env.js';
import { mapParams } from './params.js';
import { roleOf } from './roles.js';
import { lineOut } from '../../process/line-out.js';

const say = (line: string): void => { process.stderr.write(`redis-cluster-adapter: ${line}\n`); };

function fail(code: number, message: string): never {
  say(message);
  process.exit(code);
}

let adapter: RedisClusterAdapter;
let bindHost = '';
try {
  const env = readEnv(process.env);
  bindHost = env.bind.host;
  checkRedisEnv(env, process.env);
  const timing = mapParams(env.preset, env.params);
  const role = roleOf(env.id);
  say(`${timing.source}; CLUSTER NODES polled every ${POLL_MS} ms`);
  say('incarnation is always 0: Redis\'s config epoch orders slot ownership, not a member\'s own liveness claims, so it is no incarnation');
  say(`role ${role.kind === 'master' ? `master of slots ${role.slots[0]}-${role.slots[1]}` : `replica of ${role.master}`}`);
  if (env.rngSeed !== undefined) say('GOSSIP_RNG_SEED is not used: Redis\'s random choices cannot be seeded');
  adapter = new RedisClusterAdapter(env, timing, role, {
    binary: process.env.GOSSIP_REDIS_SERVER || '/usr/bin/redis-server',
    dir: process.env.GOSSIP_REDIS_DIR || join(tmpdir(), `redis-cluster-${env.id}`),
    childEnv: process.env,
  }, { out: lineOut(process.env, say), err: say });
} catch (e) {
  fail(e instanceof ConfigError ? 2 : 1, (e as Error).message);
}

let stopping = false;
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    stopping = true;
    void adapter.stop().finally(() => process.exit(0));
  });
}

awaitBindAddress(bindHost).then(() => adapter.start()).then(async () => {
  const { code, signal } = await adapter.exited;
  if (!stopping) fail(1, `redis-server exited on its own (${signal ?? `code ${code}`})`);
}, async (e: Error) => {
  await adapter.stop().catch(() => undefined);
  fail(1, `cannot start: ${e.message}`);
});

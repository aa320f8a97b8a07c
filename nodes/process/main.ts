// Entry point of the node image (bundled to node.mjs, run as PID 1 FROM scratch):
// read the contract's env, wait for the bind address (bind-address.ts), run the driver, exit 0 on SIGTERM/SIGINT, 2 on bad
// configuration, 1 when the node cannot run (e.g. a port cannot be bound).

import { ConfigError } from '../core/config.js';
import { NodeProcess } from './driver.js';
import { readEnv } from './env.js';
import { awaitBindAddress } from './bind-address.js';
import { lineOut } from './line-out.js';

function fail(code: number, message: string): never {
  process.stderr.write(`gossip-node: ${message}\n`);
  process.exit(code);
}

let env;
try {
  env = readEnv(process.env);
} catch (e) {
  fail(e instanceof ConfigError ? 2 : 1, (e as Error).message);
}

let node: NodeProcess;
try {
  const err = (line: string): void => { process.stderr.write(`gossip-node: ${line}\n`); };
  node = new NodeProcess(env, { out: lineOut(process.env, err), err });
} catch (e) {
  fail(2, (e as Error).message);
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => process.exit(0));
process.on('uncaughtException', (e) => process.stderr.write(`gossip-node: uncaught: ${e.stack ?? e}\n`));

awaitBindAddress(env.bind.host).then(() => node.start()).catch((e: Error) => fail(1, `cannot start: ${e.message}`));

// The redis-server child: its command line (everything on argv, so the image needs
// no config file and no shell), its log lines forwarded to our stderr (stdout is
// for contract lines only), and its end. Cluster state lives in `dir`/nodes.conf,
// which survives a container restart, so a restarted node keeps its Redis identity.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerSpec {
  binary: string;
  dir: string;
  id: string;
  bind: { host: string; port: number };
  advertise: { host: string; port: number };
  nodeTimeout: number;
}

/** The cluster bus listens on the client port + 10000, as Redis does by default. */
export const BUS_OFFSET = 10_000;

export function serverArgs(s: ServerSpec): string[] {
  const binds = s.bind.host === '127.0.0.1' ? ['127.0.0.1'] : [s.bind.host, '127.0.0.1'];
  return [
    '--port', String(s.bind.port),
    '--bind', ...binds,
    '--protected-mode', 'no',
    '--cluster-enabled', 'yes',
    '--cluster-port', String(s.bind.port + BUS_OFFSET),
    '--cluster-config-file', join(s.dir, 'nodes.conf'),
    '--dir', s.dir,
    '--cluster-node-timeout', String(s.nodeTimeout),
    '--cluster-announce-hostname', s.id,
    '--cluster-announce-ip', s.advertise.host,
    '--cluster-announce-port', String(s.advertise.port),
    '--cluster-announce-bus-port', String(s.advertise.port + BUS_OFFSET),
    '--cluster-require-full-coverage', 'no',
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'no',
    '--logfile', '',
    '--shutdown-timeout', '0',
  ];
}

export interface RunningServer {
  child: ChildProcess;
  /** Settles when the child has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServer(s: ServerSpec, log: (line: string) => void, env: NodeJS.ProcessEnv): RunningServer {
  mkdirSync(s.dir, { recursive: true });
  const child = spawn(s.binary, serverArgs(s), { cwd: s.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => log(`redis: ${l}`));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (e) => { log(`cannot run ${s.binary}: ${e.message}`); resolve({ code: 127, signal: null }); });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

// Asking for a cluster this host cannot hold, through the CLI as a user would:
// the run is refused before anything starts, naming the limit, the figure
// required and the figure available, with exit 2. The engine is reached through
// a recording proxy, so the test sees that not one request was made of it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, noDocker, tempStore } from './lab.js';
import { ROOT } from '../../src/paths.js';

/** A unix socket in front of the real engine that keeps every request line it forwards. */
function recordingProxy(path: string, seen: string[]): Server {
  return createServer((client) => {
    const engine = createConnection('/var/run/docker.sock');
    client.on('data', (d) => { for (const m of d.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP/gm)) seen.push(`${m[1]} ${m[2]}`); });
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  }).listen(path);
}

describe.skipIf(noDocker)('a cluster that will not fit', () => {
  const seen: string[] = [];
  const socket = join(mkdtempSync(join(tmpdir(), 'gossiplab-proxy-')), 'docker.sock');
  let proxy: Server;
  beforeAll(() => { proxy = recordingProxy(socket, seen); });
  afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

  const run = (shell: string, store: string) => execa('bash', ['-c', shell], {
    cwd: ROOT, reject: false, all: true, timeout: 60_000, env: { GOSSIPLAB_STORE: store, DOCKER_SOCKET: socket },
  });

  it('is refused for more nodes than the lab subnet has addresses, before the engine is asked anything', async () => {
    const store = tempStore();
    const r = await run(`node ${CLI} run default --nodes 5000 --seed 1`, store);
    expect(r.exitCode).toBe(2);
    expect(r.all).toContain('gossiplab: 5000 nodes will not fit on this host.');
    expect(r.all).toMatch(/addresses in the lab subnet: 5000 addresses required \(.*\), 1021 available/);
    expect(r.all).toContain('Nothing was started.');
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('is refused when the controller may not open enough files for the nodes, and says how to raise it', async () => {
    const store = tempStore();
    const r = await run(`ulimit -n 256 && node ${CLI} run default --nodes 100 --seed 1`, store);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/open files: 528 descriptors required \(4 per node \+ 128\), 256 available; raise it with `ulimit -n 1024`/);
    expect(r.all).not.toContain('addresses in the lab subnet');
    expect(readdirSync(store)).toEqual([]);
    expect(seen).toEqual([]);
  });
});

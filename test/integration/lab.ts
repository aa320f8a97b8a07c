// Shared helpers for tests that drive real containers. Under CI=true a missing
// Docker engine fails these tests; elsewhere they are skipped with a reason.

import { execa, type ResultPromise } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineVersion, docker } from '../../src/runtime/docker/engine.js';
import { LABEL, LABEL_RUN } from '../../src/labels.js';
import { ROOT } from '../../src/paths.js';
import { labBridges } from '../../src/runtime/docker/network.js';

export const engine = await engineVersion();
if (!engine && process.env.CI === 'true') {
  throw new Error('CI=true and no Docker engine answers on /var/run/docker.sock: the Docker-backed tests cannot run. Start dockerd (npm test does this).');
}
export const noDocker = !engine;

export const CLI = join(ROOT, 'dist/src/cli.js');

export function tempStore(): string {
  return mkdtempSync(join(tmpdir(), 'gossiplab-store-'));
}

/** Run the CLI as a user would, with its own store. */
export function gossiplab(args: string[], store: string, opts: { timeout?: number } = {}): ResultPromise<{ reject: false; all: true }> {
  return execa('node', [CLI, ...args], {
    cwd: ROOT, reject: false, all: true, timeout: opts.timeout ?? 300_000,
    env: { GOSSIPLAB_STORE: store },
  }) as unknown as ResultPromise<{ reject: false; all: true }>;
}

/** Containers carrying the lab's label and the lab's bridges (for one run, or any), sorted: the engine lists them in no fixed order. */
export async function labResources(runId?: string): Promise<{ containers: string[]; networks: string[] }> {
  const filters = { label: [runId ? `${LABEL_RUN}=${runId}` : LABEL] };
  const containers = (await docker().listContainers({ all: true, filters })).map((c) => c.Names[0] ?? c.Id).sort();
  return { containers, networks: labBridges(runId) };
}

/** Host iptables rules that mention the lab (one run's, or any run's). */
export async function hostRules(runId?: string): Promise<string[]> {
  const r = await execa('iptables-save', [], { reject: false });
  return r.stdout.split('\n').filter((l) => l.includes(runId ? `${LABEL}:${runId}:` : `${LABEL}:`));
}

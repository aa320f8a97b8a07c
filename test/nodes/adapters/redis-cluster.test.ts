// The Redis Cluster adapter against real redis-server processes on loopback: six
// adapters form 3 masters + 3 replicas covering every slot; a SIGKILLed master is
// reported suspect, then dead, by every survivor in its contract lines; the
// bundled adapter exits 2 on parameters Redis cannot honour, 0 on SIGTERM (taking
// redis-server with it), and 1 when redis-server dies on its own.
// Waits poll for an outcome with a generous cap; nothing asserts on speed.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClusterAdapter } from '../../../nodes/adapters/redis-cluster/adapter.js';
import { mapParams } from '../../../nodes/adapters/redis-cluster/params.js';
import { roleOf } from '../../../nodes/adapters/redis-cluster/roles.js';
import { readEnv } from '../../../nodes/process/env.js';

const REDIS = '/usr/bin/redis-server';
const hasRedis = existsSync(REDIS);
// suspicionMult 1 × probeInterval 1000 ms: a 1 s cluster-node-timeout keeps the test short.
const CONFIG = JSON.stringify({ preset: 'lan', suspicionMult: 1 });
const portBase = 30_000 + Math.floor(Math.random() * 15_000);

async function until(cond: () => boolean | Promise<boolean>, capMs = 30_000): Promise<boolean> {
  const end = Date.now() + capMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

type Line = { type: string; member?: string; state?: string; incarnation?: number };

describe.skipIf(!hasRedis)('six adapters over real redis-server processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-test-'));
  const adapters = new Map<string, RedisClusterAdapter>();
  const lines: Record<string, Line[]> = {};
  const ids = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
  const port = (id: string): number => portBase + Number(id.slice(1));
  const admin = (id: string, path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port(id) + 200}${path}`, init);

  beforeAll(async () => {
    await Promise.all(ids.map(async (id) => {
      const seeds = ['n1', 'n2', 'n3'].filter((s) => s !== id).map((s) => `${s}@127.0.0.1:${port(s)}`).join(',');
      const env = readEnv({
        GOSSIP_NODE_ID: id, GOSSIP_BIND: `127.0.0.1:${port(id)}`, GOSSIP_ADMIN: `127.0.0.1:${port(id) + 200}`, GOSSIP_SEEDS: seeds, GOSSIP_CONFIG: CONFIG,
      });
      lines[id] = [];
      const a = new RedisClusterAdapter(env, mapParams(env.preset, env.params), roleOf(id), {
        binary: REDIS, dir: join(dir, id), childEnv: {},
      }, { out: (l) => lines[id]!.push(JSON.parse(l) as Line), err: () => undefined });
      adapters.set(id, a);
      await a.start();
    }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...adapters.values()].map((a) => a.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('form 3 masters and 3 replicas covering all 16384 slots, and every adapter reports all six alive', async () => {
    const everyoneSeesSix = () => ids.every((o) => ids.every((m) => lines[o]!.some((l) => l.type === 'member' && l.member === m && l.state === 'alive')));
    expect(await until(everyoneSeesSix)).toBe(true);
    const client = new Redis({ host: '127.0.0.1', port: port('n1'), lazyConnect: true });
    try {
      await client.connect();
      const covered = async () => /cluster_slots_assigned:16384/.test(String(await client.call('CLUSTER', 'INFO')));
      const roles = async () => {
        const text = String(await client.call('CLUSTER', 'NODES'));
        const masters = text.split('\n').filter((l) => / (myself,)?master /.test(l) && / \d+-\d+/.test(l));
        const replicas = text.split('\n').filter((l) => / (myself,)?slave [0-9a-f]{40} /.test(l));
        return masters.length === 3 && replicas.length === 3;
      };
      expect(await until(covered)).toBe(true);
      expect(await until(roles)).toBe(true);
    } finally {
      client.disconnect();
    }
    for (const id of ids) {
      expect(lines[id]![0]).toEqual(expect.objectContaining({ type: 'ready' }));
      expect(lines[id]![1]).toEqual(expect.objectContaining({ type: 'member', member: id, state: 'alive', incarnation: 0 }));
    }
    const view = (await (await admin('n5', '/view')).json()) as { self: string; members: { id: string; state: string; incarnation: number }[] };
    expect(view.self).toBe('n5');
    expect(view.members.map((m) => [m.id, m.state, m.incarnation])).toEqual(ids.map((id) => [id, 'alive', 0]));
  }, 60_000);

  it('answer /leave and /update with 501 saying why', async () => {
    const leave = await admin('n4', '/leave', { method: 'POST' });
    expect(leave.status).toBe(501);
    expect(((await leave.json()) as { error: string }).error).toMatch(/no graceful leave/);
    const update = await admin('n4', '/update', { method: 'POST', body: '{"key":"k","value":"v"}' });
    expect(update.status).toBe(501);
  });

  it('report a SIGKILLed master dead at every survivor, suspect first where Redis flagged it PFAIL', async () => {
    const victim = adapters.get('n1')!;
    process.kill(victim.redisPid!, 'SIGKILL');
    await victim.exited;
    const survivors = ids.filter((id) => id !== 'n1');
    const seenDead = () => survivors.every((o) => lines[o]!.some((l) => l.member === 'n1' && l.state === 'dead'));
    expect(await until(seenDead)).toBe(true);
    // A survivor whose own ping has not timed out yet goes straight from alive to
    // dead when the FAIL broadcast arrives: Redis's way, not invented here. The
    // FAIL itself needs a majority of masters to have flagged the node PFAIL first.
    const sequences = survivors.map((o) => lines[o]!.filter((l) => l.type === 'member' && l.member === 'n1').map((l) => l.state).join(' -> '));
    for (const seq of sequences) expect(seq).toMatch(/^alive( -> suspect)? -> dead$/);
    expect(sequences.filter((seq) => seq.includes('suspect')).length, sequences.join('; ')).toBeGreaterThan(0);
    for (const o of survivors) {
      expect(lines[o]!.some((l) => l.type === 'removed' && l.member === 'n1'), 'Redis never evicts by itself').toBe(false);
    }
  }, 60_000);
});

describe.skipIf(!hasRedis)('the bundled adapter as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-bundle-'));
  const bundle = join(dir, 'redis-cluster.mjs');
  const procs: ChildProcess[] = [];
  const env = (extra: Record<string, string>) => ({
    GOSSIP_NODE_ID: 'n1', GOSSIP_BIND: `127.0.0.1:${portBase + 50}`, GOSSIP_ADMIN: `127.0.0.1:${portBase + 250}`,
    GOSSIP_CONFIG: CONFIG, GOSSIP_REDIS_DIR: join(dir, 'data'), ...extra,
  });
  /** The redis-server child of an adapter process, by parent pid. */
  const childOf = (p: ChildProcess): number | undefined => {
    const pid = Number(spawnSync('pgrep', ['-P', String(p.pid)]).stdout.toString().trim().split('\n')[0]);
    return pid > 0 ? pid : undefined;
  };
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    await build({
      entryPoints: ['nodes/adapters/redis-cluster/main.ts'], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
  });
  afterAll(() => {
    for (const p of procs) {
      if (p.exitCode !== null) continue;
      const child = childOf(p);
      if (child) process.kill(child, 'SIGKILL');
      p.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (extra: Record<string, string>) => {
    const p = spawn(process.execPath, [bundle], { env: env(extra) });
    procs.push(p);
    const out = { stdout: '', stderr: '' };
    p.stdout!.on('data', (d) => { out.stdout += d; });
    p.stderr!.on('data', (d) => { out.stderr += d; });
    const code = new Promise<number | null>((r) => p.on('exit', (c) => r(c)));
    return { p, out, code };
  };

  it('exits 2 naming the parameter Redis cannot honour', async () => {
    const { out, code } = run({ GOSSIP_CONFIG: '{"detector":"phi"}' });
    expect(await code).toBe(2);
    expect(out.stderr).toMatch(/GOSSIP_CONFIG\.detector: cannot be honoured by Redis Cluster/);
    expect(out.stdout).toBe('');
  });

  it('prints ready once redis-server answers, exits 0 on SIGTERM and takes redis-server with it', async () => {
    const { p, out, code } = run({});
    expect(await until(() => out.stdout.includes('"member":"n1","state":"alive"'))).toBe(true);
    expect(out.stdout.split('\n')[0]).toMatch(/^\{"type":"ready"/);
    expect(out.stderr).toMatch(/incarnation is always 0/);
    const child = childOf(p);
    expect(child && alive(child)).toBe(true);
    p.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(await until(() => !alive(child!))).toBe(true);
  }, 30_000);

  it('exits 1 when redis-server dies on its own', async () => {
    const { p, out, code } = run({});
    expect(await until(() => out.stdout.includes('"type":"ready"'))).toBe(true);
    process.kill(childOf(p)!, 'SIGKILL');
    expect(await code).toBe(1);
    expect(out.stderr).toMatch(/redis-server exited on its own/);
  }, 30_000);
});

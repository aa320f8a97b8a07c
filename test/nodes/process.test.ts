// The UDP/HTTP driver: env validation, and real nodes on localhost talking over
// UDP (in-process drivers always; spawned bundles when a bundle exists). Waits
// poll for an outcome with a generous cap; nothing asserts on wall-clock speed.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { constants, existsSync, mkdtempSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../nodes/process/env.js';
import { NodeProcess } from '../../nodes/process/driver.js';

const base = { GOSSIP_NODE_ID: 'n1', GOSSIP_BIND: '127.0.0.1:7946', GOSSIP_ADMIN: '127.0.0.1:8080' };

describe('node environment', () => {
  it('accepts the contract variables and resolves the preset once', () => {
    const env = readEnv({ ...base, GOSSIP_SEEDS: 'n2@10.0.0.2:7946, n3@10.0.0.3:7946', GOSSIP_CONFIG: '{"preset":"wan","probeInterval":6000}', GOSSIP_RNG_SEED: '42' });
    expect(env.seeds).toEqual([{ id: 'n2', addr: '10.0.0.2:7946' }, { id: 'n3', addr: '10.0.0.3:7946' }]);
    expect(env.params.probeInterval).toBe(6000);
    expect(env.params.suspicionMult).toBe(6);
    expect(env.rngSeed).toBe(42);
  });

  it.each([
    ['{"probeIntervall":1000}', /GOSSIP_CONFIG\.probeIntervall: unknown parameter/],
    ['{"probeInterval":"1s"}', /GOSSIP_CONFIG\.probeInterval: expected a non-negative number, got "1s" \(string\)/],
    ['{"lifeguardLhm":1}', /GOSSIP_CONFIG\.lifeguardLhm: expected true or false/],
    ['{"detector":"gossip"}', /GOSSIP_CONFIG\.detector: expected one of swim, phi/],
    ['{"preset":"moon"}', /GOSSIP_CONFIG\.preset: expected one of lan, wan, local/],
    ['[1]', /GOSSIP_CONFIG: expected a JSON object/],
  ])('rejects GOSSIP_CONFIG %s naming the field', (config, message) => {
    expect(() => readEnv({ ...base, GOSSIP_CONFIG: config })).toThrow(message);
  });

  it('rejects malformed addresses, seeds and keys', () => {
    expect(() => readEnv({ ...base, GOSSIP_BIND: 'localhost' })).toThrow(/GOSSIP_BIND: expected ip:port/);
    expect(() => readEnv({ ...base, GOSSIP_SEEDS: '10.0.0.2:7946' })).toThrow(/GOSSIP_SEEDS: expected comma-separated id@ip:port/);
    expect(() => readEnv({ ...base, GOSSIP_KEY: 'abc' })).toThrow(/GOSSIP_KEY: expected 64 hex digits/);
    expect(() => readEnv({ GOSSIP_BIND: '127.0.0.1:1', GOSSIP_ADMIN: '127.0.0.1:2' })).toThrow(/GOSSIP_NODE_ID: required/);
  });
});

async function until(cond: () => boolean | Promise<boolean>, capMs = 15_000): Promise<boolean> {
  const end = Date.now() + capMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const fast = JSON.stringify({ preset: 'local', probeInterval: 200, probeTimeout: 100, gossipInterval: 50, statsInterval: 500, detectorInterval: 500, reapTime: 2000 });
const portBase = 20_000 + Math.floor(Math.random() * 20_000);

describe('in-process drivers over real UDP', () => {
  const nodes: NodeProcess[] = [];
  const lines: Record<string, string[]> = {};
  afterAll(async () => { await Promise.all(nodes.map((n) => n.stop())); });

  it('form a cluster, serve the admin API, spread an update and a leave', async () => {
    for (let i = 1; i <= 3; i++) {
      const id = `n${i}`;
      lines[id] = [];
      const env = readEnv({
        GOSSIP_NODE_ID: id, GOSSIP_BIND: `127.0.0.1:${portBase + i}`, GOSSIP_ADMIN: `127.0.0.1:${portBase + 100 + i}`,
        GOSSIP_SEEDS: i === 1 ? '' : `n1@127.0.0.1:${portBase + 1}`, GOSSIP_CONFIG: fast, GOSSIP_RNG_SEED: String(i),
      });
      const n = new NodeProcess(env, { out: (l) => lines[id]!.push(l), err: () => undefined });
      nodes.push(n);
      await n.start();
    }
    const admin = (i: number, path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${portBase + 100 + i}${path}`, init);
    const aliveCount = async (i: number) => ((await (await admin(i, '/view')).json()) as { members: { state: string }[] }).members.filter((m) => m.state === 'alive').length;
    expect(await until(async () => (await Promise.all([1, 2, 3].map(aliveCount))).every((c) => c === 3))).toBe(true);

    const parsed = (id: string) => lines[id]!.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed('n2')[0]).toMatchObject({ type: 'ready' });
    expect(parsed('n2')[1]).toMatchObject({ type: 'member', member: 'n2', state: 'alive', incarnation: 0 });
    expect(lines.n2!.every((l) => l.endsWith('\n') && typeof JSON.parse(l).ts === 'number')).toBe(true);
    // Lines are numbered 1, 2, 3 … with no gaps, so a reader can prove none went missing.
    expect(parsed('n2').map((l) => l.seq)).toEqual(parsed('n2').map((_, i) => i + 1));

    const upd = await admin(2, '/update', { method: 'POST', body: JSON.stringify({ key: 'color', value: 'blue' }) });
    expect(await upd.json()).toEqual({ key: 'color', version: 1 });
    expect(await until(() => parsed('n3').some((l) => l.type === 'update' && l.member === 'n2' && l.key === 'color' && l.version === 1))).toBe(true);
    expect((await admin(2, '/update', { method: 'POST', body: '{"value":1}' })).status).toBe(400);
    expect((await admin(2, '/nope')).status).toBe(404);

    const metrics = await (await admin(1, '/metrics')).text();
    expect(metrics).toMatch(/gossip_members\{node="n1",state="alive"\} 3/);
    expect(await until(() => parsed('n1').some((l) => l.type === 'stats') && parsed('n1').some((l) => l.type === 'detector'))).toBe(true);

    expect((await admin(3, '/leave', { method: 'POST' })).status).toBe(200);
    expect(await until(() => parsed('n1').some((l) => l.type === 'member' && l.member === 'n3' && l.state === 'left'))).toBe(true);
  }, 40_000);
});

const bundle = process.env.GOSSIP_NODE_BUNDLE ?? resolve('dist/node-bundle/node.mjs');

describe.skipIf(!existsSync(bundle))(`spawned node bundle (${bundle})`, () => {
  const procs: ChildProcess[] = [];
  afterAll(() => { for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL'); });

  it('exits 2 naming the field on a bad GOSSIP_CONFIG', async () => {
    const p = spawn(process.execPath, [bundle], { env: { ...base, GOSSIP_CONFIG: '{"probeInterval":-1}' } });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    const code = await new Promise((r) => p.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/GOSSIP_CONFIG\.probeInterval/);
  });

  it('two spawned nodes see each other alive, then exit 0 on SIGTERM', async () => {
    const out: string[] = ['', ''];
    for (const i of [0, 1]) {
      const p = spawn(process.execPath, [bundle], {
        env: {
          GOSSIP_NODE_ID: `s${i}`, GOSSIP_BIND: `127.0.0.1:${portBase + 200 + i}`, GOSSIP_ADMIN: `127.0.0.1:${portBase + 300 + i}`,
          GOSSIP_SEEDS: i === 0 ? '' : `s0@127.0.0.1:${portBase + 200}`, GOSSIP_CONFIG: fast,
        },
      });
      p.stdout!.on('data', (d) => { out[i] += d; });
      procs.push(p);
    }
    expect(await until(() => out[0]!.includes('"member":"s1","state":"alive"') && out[1]!.includes('"member":"s0","state":"alive"'))).toBe(true);
    const codes = await Promise.all(procs.map((p) => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); })));
    expect(codes).toEqual([0, 0]);
  }, 30_000);

  it.each(['stdout', 'GOSSIP_LINES'] as const)('keeps answering while nobody reads its %s, then delivers every line in order', async (to) => {
    // Nothing reads the lines until the end: a pipe fills after about 64 KiB. A node
    // whose writes blocked would stop serving here, as it would stop answering pings.
    const k = to === 'stdout' ? 0 : 1;
    const admin = portBase + 310 + k;
    const fifo = join(mkdtempSync(join(tmpdir(), 'lines-')), 'q.lines');
    if (to === 'GOSSIP_LINES') execFileSync('mkfifo', [fifo]);
    const p = spawn(process.execPath, [bundle], {
      env: {
        GOSSIP_NODE_ID: 'q1', GOSSIP_BIND: `127.0.0.1:${portBase + 210 + k}`, GOSSIP_ADMIN: `127.0.0.1:${admin}`, GOSSIP_CONFIG: fast,
        ...(to === 'GOSSIP_LINES' ? { GOSSIP_LINES: fifo } : {}),
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    procs.push(p);
    let stdout = '';
    if (to === 'stdout') p.stdout!.pause();
    else p.stdout!.on('data', (d) => { stdout += d; });
    const post = (i: number) => fetch(`http://127.0.0.1:${admin}/update`, { method: 'POST', body: JSON.stringify({ key: `k${i}`, value: 'v'.repeat(600) }), signal: AbortSignal.timeout(10_000) });
    expect(await until(async () => (await post(0).catch(() => undefined))?.status === 200)).toBe(true);
    // 1,500 updates print about 1 MB while the output is not read (more than a pipe or socket pair holds).
    for (let i = 1; i <= 1500; i++) expect((await post(i)).status).toBe(200);
    const view = (await (await fetch(`http://127.0.0.1:${admin}/view`, { signal: AbortSignal.timeout(10_000) })).json()) as { self: string };
    expect(view.self).toBe('q1');

    let out = '';
    let reader: Socket | undefined;
    if (to === 'stdout') {
      p.stdout!.on('data', (d) => { out += d; });
      p.stdout!.resume();
    } else {
      reader = new Socket({ fd: openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
      reader.on('data', (d) => { out += d; });
    }
    const updates = () => out.split('\n').filter((l) => l.includes('"type":"update"')).length;
    expect(await until(() => updates() >= 1501)).toBe(true);
    const seqs = out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // With a line pipe, nothing of the contract goes to stdout.
    expect(stdout).toBe('');
    p.kill('SIGTERM');
    reader?.destroy();
  }, 60_000);
});

if (!existsSync(bundle)) {
  describe('spawned node bundle', () => {
    it.skip(`skipped: no bundle at ${bundle} (run \`npm run build\`, or set GOSSIP_NODE_BUNDLE)`, () => undefined);
  });
}

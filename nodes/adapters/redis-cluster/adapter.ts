// The Redis Cluster adapter: a real redis-server (cluster mode) inside, the node
// contract outside. `CLUSTER NODES` is polled every POLL_MS and diffed; each change
// of a member's state becomes a `member` line (incarnation 0), each member that
// leaves Redis's table a `removed` line. Redis never drops a failed node by
// itself, so `removed` appears only after CLUSTER FORGET.

import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { ContractLine, MemberState } from '../../../src/history/types.js';
import { adminServer, HttpError } from '../../process/admin.js';
import type { NodeEnv } from '../../process/env.js';
import { labView, parseClusterNodes, type LabView } from './cluster-nodes.js';
import { Formation } from './formation.js';
import { renderRedisMetrics } from './metrics.js';
import type { RedisTiming } from './params.js';
import type { Role } from './roles.js';
import { startServer, type RunningServer } from './server.js';

/** CLUSTER NODES poll period: Redis's own cluster cron runs every 100 ms, so polling faster shows nothing new. */
export const POLL_MS = 100;
const READY_WITHIN_MS = 20_000;

export interface AdapterOptions { binary: string; dir: string; childEnv: NodeJS.ProcessEnv }
export interface AdapterIo { out(line: string): void; err(line: string): void }

export class RedisClusterAdapter {
  private server: RunningServer | undefined;
  private redis: Redis | undefined;
  private http: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private view: LabView = { members: new Map(), stale: [] };
  private readonly printed = new Map<string, MemberState>();
  private readonly names = new Map<string, string>();
  private readonly forgotten = new Set<string>();

  constructor(
    private readonly env: NodeEnv,
    private readonly timing: RedisTiming,
    private readonly role: Role,
    private readonly opts: AdapterOptions,
    private readonly io: AdapterIo,
  ) {}

  /** Settles when redis-server has exited (on its own, or after stop()). */
  get exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.server) throw new Error('not started');
    return this.server.exited;
  }

  get redisPid(): number | undefined {
    return this.server?.child.pid;
  }

  /** Start redis-server, wait until it answers, bind the admin port, print `ready`. Rejects if either cannot start. */
  async start(): Promise<void> {
    const { env } = this;
    const fresh = !existsSync(join(this.opts.dir, 'nodes.conf'));
    this.server = startServer({
      binary: this.opts.binary, dir: this.opts.dir, id: env.id, nodeTimeout: this.timing.nodeTimeout,
      bind: env.bind, advertise: splitAddr(env.advertise),
    }, (l) => this.io.err(l), this.opts.childEnv);
    const redis = new Redis({
      host: '127.0.0.1', port: env.bind.port, retryStrategy: () => 100, maxRetriesPerRequest: null, commandTimeout: 2000,
    });
    this.redis = redis;
    // Refused connections are expected until redis-server listens; afterwards, say the first error of each kind.
    let listening = false;
    const said = new Set<string>();
    redis.on('error', (e: Error) => {
      if (listening && !said.has(e.message)) this.io.err(`redis client: ${e.message}`);
      said.add(e.message);
    });
    const ended = this.server.exited.then(({ code, signal }) => {
      throw new Error(`redis-server exited before it listened (${signal ?? `code ${code}`})`);
    });
    ended.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis-server did not answer within ${READY_WITHIN_MS / 1000} s`)), READY_WITHIN_MS);
    });
    try {
      await Promise.race([redis.ping(), ended, late]);
    } finally {
      clearTimeout(timer);
    }
    listening = true;
    const formation = new Formation(redis, this.role, env.seeds, (l) => this.io.err(l));
    await formation.begin(fresh);
    this.http = adminServer({
      view: () => this.viewBody(),
      update: () => { throw new HttpError(501, 'Redis Cluster has no member metadata to disseminate (redis-cluster declares metadata=false)'); },
      leave: () => {
        throw new HttpError(501, 'Redis Cluster has no graceful leave: a node stays in every view, failed, until each member runs '
          + 'CLUSTER FORGET, and a master\'s slots must be moved first (redis-cluster declares leave=false); crash or stop it instead');
      },
      metrics: () => renderRedisMetrics(env.id, [...this.view.members.values()]),
    });
    const http = this.http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(env.admin.port, env.admin.host, () => { http.off('error', reject); resolve(); });
    });
    this.print({ type: 'ready' });
    this.setState(env.id, 'alive');
    const loop = async (): Promise<void> => {
      await this.poll(formation).catch((e: Error) => this.io.err(`poll: ${e.message}`));
      if (!this.stopping) this.timer = setTimeout(() => void loop(), POLL_MS);
    };
    void loop();
  }

  private async poll(formation: Formation): Promise<void> {
    const text = String(await this.redis!.call('CLUSTER', 'NODES'));
    if (this.stopping) return;
    const view = labView(parseClusterNodes(text), this.env.id, this.names);
    this.view = view;
    for (const m of view.members.values()) this.setState(m.id, m.state);
    for (const id of [...this.printed.keys()]) {
      if (view.members.has(id)) continue;
      this.printed.delete(id);
      this.print({ type: 'removed', member: id });
    }
    await formation.step(view, this.env.id, performance.now());
    await this.forgetReplaced(view);
  }

  /** A lab node that came back under a new Redis id leaves its old id failed forever; CLUSTER FORGET is Redis's remedy. */
  private async forgetReplaced(view: LabView): Promise<void> {
    for (const n of view.stale) {
      if (!n.flags.includes('fail') || this.forgotten.has(n.redisId)) continue;
      this.forgotten.add(n.redisId);
      this.io.err(`CLUSTER FORGET ${n.redisId}: an old identity of ${n.hostname || this.names.get(n.redisId)}, replaced by a live one`);
      await this.redis!.call('CLUSTER', 'FORGET', n.redisId).catch((e: Error) => this.io.err(`CLUSTER FORGET: ${e.message}`));
    }
  }

  private setState(id: string, state: MemberState): void {
    if (this.printed.get(id) === state) return;
    this.printed.set(id, state);
    this.print({ type: 'member', member: id, state, incarnation: 0 });
  }

  private viewBody(): unknown {
    const self = this.view.members.get(this.env.id);
    const members = [...this.view.members.values()];
    if (!self) members.push({ id: this.env.id, redisId: '', addr: this.env.advertise, state: 'alive', role: 'master' });
    return {
      self: this.env.id,
      members: members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((m) => ({ id: m.id, addr: m.addr, state: m.state, incarnation: 0 })),
    };
  }

  /** Stop polling, close the admin port, SIGTERM redis-server (SIGKILL after 2 s) and wait for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.http?.close();
    this.http?.closeAllConnections();
    this.redis?.disconnect();
    const s = this.server;
    if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
    s.child.kill('SIGTERM');
    const hard = setTimeout(() => s.child.kill('SIGKILL'), 2000);
    await s.exited;
    clearTimeout(hard);
  }

  private print(line: ContractLine): void {
    if (this.stopping) return;
    this.io.out(`${JSON.stringify({ ...line, ts: Date.now() })}\n`);
  }
}

function splitAddr(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)) };
}

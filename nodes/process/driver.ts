// The UDP + HTTP driver of one SwimNode: datagrams and a single timer (armed at the
// core's nextDeadline) in, datagrams and contract lines out. Time is
// performance.now() (monotonic, so clock-rate faults apply); `ts` is Date.now().
// One stdout write per line, so lines are never interleaved; `seq` numbers the
// lines of this process from 1, so a reader can prove none went missing.

import { createSocket, type Socket } from 'node:dgram';
import type { Server } from 'node:http';
import { randomInt } from 'node:crypto';
import type { ContractLine } from '../../src/history/types.js';
import { Rng, SwimNode, type Observation } from '../core/index.js';
import { adminServer } from './admin.js';
import { aesGcm, parseKey } from './aesgcm.js';
import type { NodeEnv } from './env.js';
import { renderMetrics } from './metrics.js';

/**
 * The UDP socket's receive buffer, as memberlist asks for (the kernel caps it at
 * net.core.rmem_max). The default, about 200 KB, holds about 170 small datagrams:
 * a seed that 200 nodes join at once, or any node that is briefly starved of CPU,
 * dropped datagrams that a bigger buffer only delays.
 */
const RECV_BUFFER = 2 * 1024 * 1024;

export interface DriverIo {
  out(line: string): void;
  err(line: string): void;
  /** Monotonic ms (default performance.now). */
  now?(): number;
  /** Wall clock ms for `ts` (default Date.now). */
  wall?(): number;
}

type Line = ContractLine | (Observation & { ts?: number });

export class NodeProcess {
  readonly core: SwimNode;
  private socket: Socket | undefined;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = NaN;
  private loops: NodeJS.Timeout[] = [];
  private errors = 0;
  private seq = 0;
  private stopped = false;
  private readonly now: () => number;
  private readonly wall: () => number;

  constructor(private readonly env: NodeEnv, private readonly io: DriverIo) {
    this.now = io.now ?? (() => performance.now());
    this.wall = io.wall ?? (() => Date.now());
    this.core = new SwimNode({
      id: env.id,
      addr: env.advertise,
      params: env.params,
      rng: new Rng(env.rngSeed ?? randomInt(0, 2 ** 47)),
      seeds: env.seeds,
      cipher: env.keyHex ? aesGcm(parseKey(env.keyHex)) : undefined,
    });
  }

  /** Bind UDP and HTTP, print `ready`, start the core. Rejects if a port cannot be bound. */
  async start(): Promise<{ gossipPort: number; adminPort: number }> {
    const socket = createSocket({ type: this.env.bind.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: RECV_BUFFER });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.env.bind.port, this.env.bind.host, () => { socket.off('error', reject); resolve(); });
    });
    socket.on('error', (e) => this.io.err(`udp error: ${e.message}`));
    socket.on('message', (msg, rinfo) => this.guard(() => this.core.handle(msg, `${rinfo.address}:${rinfo.port}`, this.now())));
    const server = adminServer({
      view: () => this.core.view(),
      update: (key, value) => this.guard(() => ({ key, version: this.core.setMeta(key, value, this.now()) }), true),
      leave: () => this.guard(() => this.core.leave(this.now())),
      metrics: () => renderMetrics(this.env.id, this.core.statsSnapshot(), this.core.detectorSnapshot(this.now()),
        this.core.view().members, this.errors),
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.env.admin.port, this.env.admin.host, () => { server.off('error', reject); resolve(); });
    });
    const p = this.env.params;
    this.print({ type: 'ready' });
    this.guard(() => this.core.start(this.now()));
    if (p.statsInterval > 0) this.loops.push(setInterval(() => this.printStats(), p.statsInterval));
    if (p.detectorInterval > 0) this.loops.push(setInterval(() => this.printDetector(), p.detectorInterval));
    const addr = server.address();
    return { gossipPort: socket.address().port, adminPort: typeof addr === 'object' && addr ? addr.port : 0 };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const l of this.loops) clearInterval(l);
    this.socket?.close();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections();
  }

  /** Run an action on the core, then flush its output and re-arm the timer; never throws unless `rethrow`. */
  private guard<T>(fn: () => T, rethrow = false): T {
    try {
      return fn();
    } catch (e) {
      if (rethrow) throw e;
      this.errors++;
      this.io.err(`internal error (dropped): ${(e as Error).stack ?? String(e)}`);
      return undefined as T;
    } finally {
      this.flush();
    }
  }

  private flush(): void {
    if (this.stopped) return;
    for (const o of this.core.drainEvents()) this.print(o);
    for (const { to, data } of this.core.drainOutbox()) {
      const i = to.lastIndexOf(':');
      const port = Number(to.slice(i + 1));
      if (i <= 0 || !(port > 0 && port < 65_536)) continue;
      this.socket?.send(data, port, to.slice(0, i), () => undefined);
    }
    this.arm();
  }

  private arm(): void {
    const d = this.core.nextDeadline();
    if (d === this.armedFor && this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = d;
    if (d === Infinity) return;
    const delay = Math.min(Math.max(0, d - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedFor = NaN;
      this.guard(() => this.core.tick(this.now()));
    }, delay);
  }

  private printStats(): void {
    const s = this.core.statsSnapshot();
    const dropped = this.errors > 0 ? { ...s.dropped, error: this.errors } : s.dropped;
    this.print({ type: 'stats', sent: s.sent, recv: s.recv, dropped, packets: s.packets } as ContractLine);
  }

  private printDetector(): void {
    this.print({ type: 'detector', ...this.core.detectorSnapshot(this.now()) });
  }

  private print(line: Line): void {
    this.io.out(`${JSON.stringify({ ...line, ts: this.wall(), seq: ++this.seq })}\n`);
  }
}

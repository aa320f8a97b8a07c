// A client for the Serf agent's RPC protocol (msgpack over TCP, on a private
// loopback port): a request is a header {Command, Seq} then a body, a response a
// header {Seq, Error} then, for commands that return one, a body. The agent
// answers one connection's requests in order, so responses are matched by Seq.

import { connect, type Socket } from 'node:net';
import { decodeMultiStream, encode } from '@msgpack/msgpack';

export interface SerfMember {
  Name: string;
  Addr: Uint8Array;
  Port: number;
  Tags: Record<string, string>;
  Status: string;
}

export interface SerfCoordinate { Vec: number[]; Error: number; Adjustment: number; Height: number }

interface Pending { seq: number; body: boolean; resolve(v: unknown): void; reject(e: Error): void }

export class SerfRpc {
  private seq = 0;
  private readonly pending: Pending[] = [];
  private closed?: Error;

  private constructor(private readonly socket: Socket) {}

  static async open(addr: string): Promise<SerfRpc> {
    const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    const rpc = new SerfRpc(socket);
    socket.on('error', (e) => rpc.fail(e));
    socket.on('close', () => rpc.fail(new Error('the Serf agent closed its RPC connection')));
    void rpc.read();
    await rpc.call('handshake', { Version: 1 }, false);
    return rpc;
  }

  private async read(): Promise<void> {
    let awaitingBody: Pending | undefined;
    try {
      for await (const obj of decodeMultiStream(this.socket)) {
        if (awaitingBody) {
          awaitingBody.resolve(obj);
          awaitingBody = undefined;
          continue;
        }
        const h = obj as { Seq: number; Error: string };
        const i = this.pending.findIndex((p) => p.seq === h.Seq);
        if (i < 0) continue;
        const [p] = this.pending.splice(i, 1);
        if (h.Error) p!.reject(new Error(h.Error));
        else if (p!.body) awaitingBody = p;
        else p!.resolve(undefined);
      }
    } catch (e) {
      this.fail(e as Error);
    }
  }

  private fail(e: Error): void {
    this.closed ??= e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  call(command: string, body: unknown, hasResponseBody: boolean): Promise<unknown> {
    if (this.closed) return Promise.reject(this.closed);
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.push({ seq, body: hasResponseBody, resolve, reject });
      const head = encode({ Command: command, Seq: seq });
      this.socket.write(body === undefined ? head : Buffer.concat([head, encode(body)]));
    });
  }

  async members(): Promise<SerfMember[]> {
    return ((await this.call('members', undefined, true)) as { Members: SerfMember[] }).Members;
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    await this.call('tags', { Tags: tags, DeleteTags: [] }, false);
  }

  async leave(): Promise<void> {
    await this.call('leave', undefined, false);
  }

  /** The member's network coordinate as last carried by an ack to our probe; undefined when none is known. */
  async coordinate(node: string): Promise<SerfCoordinate | undefined> {
    const r = (await this.call('get-coordinate', { Node: node }, true)) as { Coord: SerfCoordinate; Ok: boolean };
    return r.Ok ? r.Coord : undefined;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Serf's member address (4 or 16 bytes, IPv4-mapped) and port as ip:port. */
export function memberAddr(m: SerfMember): string {
  const b = m.Addr;
  const v4 = b.length === 16 ? b.subarray(12) : b;
  return `${[...v4].join('.')}:${m.Port}`;
}

// Each node's line pipe (GOSSIP_LINES, nodes/CONTRACT.md §3): a FIFO per node,
// /run/gossiplab/<run>/<node>.lines, bind-mounted into its container. A node that
// writes its lines there bypasses the engine, whose attach stream carries every
// container's output through the container's shim and dockerd: while a large
// cluster settles after its start, lines waited there for a minute and more, and a
// node whose stdout pipe filled stopped in its write.
// The controller holds each FIFO open (read-write, so it never sees an end while
// processes come and go) from before the container exists to teardown: a
// restarted process writes into the same pipe, after its predecessor's last lines.
// At teardown, once no process is left, the controller writes a marker line into
// each pipe; reading it proves every line before it was read.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { LabError } from '../../errors.js';
import { ByteLines } from './output.js';

/** Where a node finds its pipe, inside its container. */
export const LINES_MOUNT = '/gossiplab-lines';

interface Pipe { path: string; fd: number; socket: Socket; lines: ByteLines; drained?: () => void }

export class LinePipes {
  private readonly pipes = new Map<string, Pipe>();
  private readonly marker = `gossiplab-drain-${randomBytes(8).toString('hex')}`;

  /**
   * `root`: the run's folder under /run/gossiplab (shared with the faked clocks' files);
   * `onLine` gets each complete line a node wrote into its pipe.
   */
  constructor(private readonly root: string, private readonly onLine: (node: string, line: string) => void) {}

  /** Make the nodes' FIFOs (one `mkfifo` for all) and start reading them; `mount(node)` gives each container's bind and env. */
  open(nodes: readonly string[]): void {
    const fresh = nodes.filter((n) => !this.pipes.has(n));
    if (!fresh.length) return;
    mkdirSync(this.root, { recursive: true });
    const paths = fresh.map((n) => join(this.root, `${n}.lines`));
    try {
      execFileSync('mkfifo', ['-m', '600', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
      throw new LabError('GOSSIPLAB_LINE_PIPE', `cannot make the nodes' line pipes in ${this.root}: ${why}`);
    }
    fresh.forEach((node, i) => {
      const path = paths[i] as string;
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      const pipe: Pipe = {
        path, fd,
        socket: new Socket({ fd, readable: true, writable: false }),
        lines: new ByteLines((line) => {
          if (!line.endsWith(this.marker)) return this.onLine(node, line);
          // A process killed in the middle of a long line (over PIPE_BUF, written in parts) leaves its start before the marker.
          if (line.length > this.marker.length) this.onLine(node, line.slice(0, -this.marker.length));
          pipe.drained?.();
        }),
      };
      pipe.socket.on('data', (chunk: Buffer) => pipe.lines.push(chunk));
      pipe.socket.on('error', () => {});
      this.pipes.set(node, pipe);
    });
  }

  /** The container's bind mount and environment for `node`'s pipe. */
  mount(node: string): { bind: string; env: Record<string, string> } {
    const p = this.pipes.get(node);
    if (!p) throw new Error(`no line pipe for ${node}`);
    return { bind: `${p.path}:${LINES_MOUNT}`, env: { GOSSIP_LINES: LINES_MOUNT } };
  }

  /**
   * Once no process writes any more: read every pipe to its end (the marker), at most
   * `timeoutMs`; then close them and remove the FIFOs. Returns the nodes whose pipe did not drain.
   */
  async close(timeoutMs = 5000): Promise<string[]> {
    const pending = [...this.pipes].map(([node, p]) => new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(node), timeoutMs);
      p.drained = () => { clearTimeout(timer); resolve(undefined); };
      try {
        writeSync(p.fd, `${this.marker}\n`);
      } catch {
        clearTimeout(timer);
        resolve(node);
      }
    }));
    const stuck = (await Promise.all(pending)).filter((n): n is string => n !== undefined);
    for (const p of this.pipes.values()) {
      p.socket.destroy(); // closes the fd
      rmSync(p.path, { force: true });
    }
    this.pipes.clear();
    return stuck;
  }
}

// Where a node's contract lines go (nodes/CONTRACT.md §3): stdout, or the line
// pipe the lab names in GOSSIP_LINES, a FIFO it holds open for reading, which
// takes the container engine out of the lines' path. Either way a write never
// blocks the node: what the pipe cannot take at once waits in the process, in
// order, as stdout's writes do, so a reader that falls behind never stops the
// protocol. The FIFO is opened read-write, which never waits for a reader and
// never gets EPIPE; the node never reads from it.

import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { Socket } from 'node:net';

export type LineOut = (line: string) => void;

const toStdout: LineOut = (line) => { process.stdout.write(line); };

/**
 * The writer for this process's contract lines. Without GOSSIP_LINES, stdout. With it,
 * the FIFO it names; if that cannot be opened or is no FIFO, `warn` says why and
 * lines go to stdout, where the lab records them too.
 */
export function lineOut(env: NodeJS.ProcessEnv, warn: (message: string) => void): LineOut {
  const path = env.GOSSIP_LINES?.trim();
  if (!path) return toStdout;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR);
  } catch (e) {
    warn(`GOSSIP_LINES: cannot open ${path} (${(e as Error).message}); lines go to stdout`);
    return toStdout;
  }
  if (!fstatSync(fd).isFIFO()) {
    closeSync(fd);
    warn(`GOSSIP_LINES: ${path} is not a FIFO; lines go to stdout`);
    return toStdout;
  }
  const pipe = new Socket({ fd, readable: false, writable: true });
  let out: LineOut = (line) => { pipe.write(line); };
  pipe.on('error', (e) => {
    warn(`GOSSIP_LINES: writing to ${path} failed (${e.message}); lines go to stdout from now on`);
    out = toStdout;
  });
  return (line) => out(line);
}

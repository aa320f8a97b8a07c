// The controller's end of the nodes' line pipes (src/runtime/docker/line-pipes.ts),
// with real processes writing as a node does: every line arrives, in order, across
// a process killed with SIGKILL and the one started after it; closing reads the
// pipes to their end and removes them.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinePipes } from '../../src/runtime/docker/line-pipes.js';

/** A process that opens the pipe as a node does, writes `count` lines of `size` bytes, then waits to be killed or exits. */
function writer(fifo: string, prefix: string, count: number, size: number, exit: boolean): Promise<void> {
  const code = `
    const fs = require('fs');
    const fd = fs.openSync(${JSON.stringify(fifo)}, fs.constants.O_RDWR);
    for (let i = 1; i <= ${count}; i++) {
      const line = Buffer.from(${JSON.stringify(prefix)} + i + ' ' + 'x'.repeat(${size}) + '\\n');
      for (let at = 0; at < line.length;) at += fs.writeSync(fd, line, at);
    }
    process.stdout.write('written\\n');
    ${exit ? '' : 'setInterval(() => {}, 1000);'}`;
  const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout.on('data', () => {
      if (!exit) p.kill('SIGKILL');
    });
    p.on('exit', (status, signal) => (status === 0 || signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${status ?? signal}`))));
  });
}

describe('line pipes', () => {
  it('deliver every line of a killed process and of the one after it, in order, then close and vanish', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'pipes-')), 'run');
    const got: Record<string, string[]> = { n1: [], n2: [] };
    const pipes = new LinePipes(root, (node, line) => got[node]!.push(line.slice(0, line.indexOf(' '))));
    pipes.open(['n1', 'n2']);
    const fifo = (n: string): string => pipes.mount(n).bind.split(':')[0]!;
    expect(pipes.mount('n1').env).toEqual({ GOSSIP_LINES: '/gossiplab-lines' });

    // The first process writes more than the pipe holds (the controller reads as it goes), and is killed.
    await writer(fifo('n1'), 'a', 3000, 100, false);
    // Its successor writes into the same pipe, one of its lines longer than the pipe itself.
    await writer(fifo('n1'), 'b', 2, 100_000, true);
    await writer(fifo('n2'), 'c', 5, 10, true);
    const paths = [fifo('n1'), fifo('n2')];
    expect(await pipes.close()).toEqual([]);

    expect(got.n1).toEqual([...Array.from({ length: 3000 }, (_, i) => `a${i + 1}`), 'b1', 'b2']);
    expect(got.n2).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(paths.filter((f) => existsSync(f))).toEqual([]);
    expect(await pipes.close()).toEqual([]);
  });

  it('refuses to start, naming the folder, when the pipes cannot be made', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pipes-')), 'not-a-folder');
    writeFileSync(file, '');
    expect(() => new LinePipes(join(file, 'run'), () => {}).open(['n1'])).toThrow(/not-a-folder/);
  });
});

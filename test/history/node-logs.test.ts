// Each node's raw output file: every line, in order, per node, written in
// batches and complete once closed.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeLogs } from '../../src/history/node-logs.js';

describe('node log files', () => {
  it('hold every line of each node in order once closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-logs-'));
    const logs = new NodeLogs(dir, 60_000);
    for (let i = 1; i <= 1000; i++) logs.line(i % 2 ? 'n1' : 'n2', `line ${i}`);
    logs.line('n1', '[stderr] oops');
    logs.close();
    const n1 = readFileSync(join(dir, 'n1.log'), 'utf8').split('\n');
    expect(n1.slice(0, 3)).toEqual(['line 1', 'line 3', 'line 5']);
    expect(n1.at(-2)).toBe('[stderr] oops');
    expect(n1).toHaveLength(502);
    expect(readFileSync(join(dir, 'n2.log'), 'utf8').split('\n')).toHaveLength(501);
  });

  it('writes pending lines out on its own within the flush interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-logs-'));
    const logs = new NodeLogs(dir, 20);
    logs.line('n3', 'hello');
    const written = (): string | false => existsSync(join(dir, 'n3.log')) && readFileSync(join(dir, 'n3.log'), 'utf8');
    for (let i = 0; i < 100 && !written(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(written()).toBe('hello\n');
    logs.close();
  });
});

// A failing simulated run, started as `gossiplab run <file> --runtime sim` does,
// ends by printing the command that replays it; that command, run again, writes
// the same history byte for byte.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/commands.js';

const FIXTURE = 'test/integration/fixtures/never-evict.yaml';

async function cli(args: { seed?: number; nodes?: number; duration?: number }): Promise<{ code: number; said: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { lines.push(String(chunk)); return true; });
  try {
    const code = await runCommand(FIXTURE, { ...args, runtime: 'sim' });
    return { code, said: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('replaying a failing simulated run', () => {
  afterEach(() => { delete process.env.GOSSIPLAB_STORE; });

  it('prints the replay command last, and the command gives the same history', async () => {
    const store = mkdtempSync(join(tmpdir(), 'gossiplab-sim-again-'));
    process.env.GOSSIPLAB_STORE = store;
    const first = await cli({});
    expect(first.code).toBe(1);
    const last = first.said.trim().split('\n').at(-1)!;
    expect(last).toBe(`replay: gossiplab run ${FIXTURE} --runtime sim --seed 11 --nodes 5 --duration 8s`);
    expect(first.said.match(/replay:|replay with/g)).toHaveLength(1);

    const m = / --seed (\d+) --nodes (\d+) --duration (\d+)s$/.exec(last)!;
    const again = await cli({ seed: Number(m[1]), nodes: Number(m[2]), duration: Number(m[3]) * 1000 });
    expect(again.code).toBe(1);
    const runs = readdirSync(join(store, 'never-evict')).sort();
    expect(runs).toHaveLength(2);
    const history = (d: string): string => readFileSync(join(store, 'never-evict', d, 'history.jsonl'), 'utf8');
    expect(history(runs[1]!)).toBe(history(runs[0]!));
  }, 60_000);
});

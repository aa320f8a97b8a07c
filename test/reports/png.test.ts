import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { writeChartPngs } from '../../reports/png.js';
import { goodCrashRun } from '../checkers/histories.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('chart PNGs', () => {
  it('writes every report chart as a PNG file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gossiplab-png-'));
    dirs.push(dir);
    const { h } = goodCrashRun();
    const files = await writeChartPngs(h.events, runCheckers(h.events).results, join(dir, 'charts'));
    expect(files.map((f) => f.slice(dir.length))).toEqual(['/charts/alive-members.png']);
    const png = readFileSync(files[0]!);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
  });
});

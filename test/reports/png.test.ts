import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadImage, createCanvas } from 'canvas';
import { runCheckers } from '../../checkers/index.js';
import { chartSpecs } from '../../reports/charts/index.js';
import { buildModel } from '../../reports/model.js';
import { writeChartPngs } from '../../reports/png.js';
import { fixtureEvents } from './helpers.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** Distinct colours among a grid of sampled pixels. */
async function colours(file: string): Promise<number> {
  const img = await loadImage(readFileSync(file));
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

describe('chart PNGs', () => {
  it('writes every chart that has data as a PNG that decodes and is not blank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gossiplab-png-'));
    dirs.push(dir);
    const events = fixtureEvents();
    const { results } = runCheckers(events);
    const files = await writeChartPngs(events, results, join(dir, 'charts'));

    const withData = chartSpecs(buildModel(events, results)).filter((s) => !s.empty).map((s) => `${s.name}.png`);
    expect(files.map((f) => basename(f))).toEqual(withData);
    expect(withData).toContain('alive-members.png');
    expect(withData).toContain('load-bytes.png');
    for (const f of files) {
      const img = await loadImage(readFileSync(f));
      expect([img.width, img.height]).toEqual([1200, 520]);
      expect(await colours(f), `${basename(f)} should show more than one colour`).toBeGreaterThan(5);
    }
  });
});

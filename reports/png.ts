// Writes each report chart that has data as a PNG (charts/<name>.png) through
// node-canvas, from the very configurations and plugins the HTML page uses.
// chartjs-node-canvas is imported lazily: if its native `canvas` cannot load,
// only this call fails (saying so), never the checkers or the HTML report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../src/history/types.js';
import type { CheckerResult } from '../checkers/types.js';
import { chartPlugins } from './chart-plugins.js';
import { chartSpecs } from './charts/index.js';
import { buildModel } from './model.js';

export interface PngOptions { width?: number; height?: number }

/** Renders every chart with data to `dir` and returns the written file paths (charts without data get no file). */
export async function writeChartPngs(
  events: readonly HistoryEvent[],
  results: Record<string, CheckerResult>,
  dir: string,
  opts: PngOptions = {},
): Promise<string[]> {
  let mod: typeof import('chartjs-node-canvas');
  try {
    mod = await import('chartjs-node-canvas');
  } catch (e) {
    throw new Error(`chartjs-node-canvas could not load (its native canvas module may not be built): ${(e as Error).message}`);
  }
  const canvas = new mod.ChartJSNodeCanvas({ width: opts.width ?? 1200, height: opts.height ?? 520, backgroundColour: 'white' });
  const specs = chartSpecs(buildModel(events, results)).filter((s) => !s.empty);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const spec of specs) {
    const config = { ...spec.config, plugins: chartPlugins() };
    const png = await canvas.renderToBuffer(config as unknown as Parameters<typeof canvas.renderToBuffer>[0], 'image/png');
    const file = join(dir, `${spec.name}.png`);
    writeFileSync(file, png);
    written.push(file);
  }
  return written;
}

// Writes each report chart as a PNG (charts/<name>.png) through node-canvas, with
// the same configuration and fault shading as the HTML report. chartjs-node-canvas
// is imported lazily: if its native `canvas` cannot load, only this call fails
// (with a message saying so), never the checkers or the HTML report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../src/history/types.js';
import type { CheckerResult } from '../checkers/types.js';
import { buildTruth } from '../checkers/truth.js';
import { buildViews } from '../checkers/views.js';
import { chartConfig, chartSpecs } from './charts.js';
import { shadingPlugin } from './shading.js';

export interface PngOptions { width?: number; height?: number }

/** Renders every chart to `dir` and returns the written file paths. */
export async function writeChartPngs(
  events: readonly HistoryEvent[],
  _results: Record<string, CheckerResult>,
  dir: string,
  opts: PngOptions = {},
): Promise<string[]> {
  let mod: typeof import('chartjs-node-canvas');
  try {
    mod = await import('chartjs-node-canvas');
  } catch (e) {
    throw new Error(`chartjs-node-canvas could not load (its native canvas module may not be built): ${(e as Error).message}`);
  }
  const canvas = new mod.ChartJSNodeCanvas({ width: opts.width ?? 1200, height: opts.height ?? 500, backgroundColour: 'white' });
  const specs = chartSpecs(buildTruth(events), buildViews(events));
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const spec of specs) {
    const config = { ...chartConfig(spec), plugins: [shadingPlugin()] };
    const png = await canvas.renderToBuffer(config as unknown as Parameters<typeof canvas.renderToBuffer>[0], 'image/png');
    const file = join(dir, `${spec.name}.png`);
    writeFileSync(file, png);
    written.push(file);
  }
  return written;
}

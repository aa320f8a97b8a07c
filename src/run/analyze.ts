// The offline half of a run: read a stored history, run the checkers, write
// results.json, the HTML report and the chart PNGs. `gossiplab check DIR` and
// the end of `gossiplab run` both come through here, so they cannot disagree.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readHistory } from '../history/read.js';
import { runDirPaths, writeJson } from '../store.js';
import type { CheckReport } from '../../checkers/index.js';
import { checkHistoryFile } from './check-history.js';
import { render } from '../../reports/render.js';
import { writeChartPngs } from '../../reports/png.js';
import { LabError } from '../errors.js';
import type { Validity } from '../../checkers/types.js';

export interface Analysis extends CheckReport {
  /** 0 valid, 1 anomaly, 2 unknown or harness failure. */
  exitCode: 0 | 1 | 2;
  reportPath: string;
  pngs: string[];
}

export interface AnalyzeOptions {
  /** The run was interrupted or the harness failed: the verdict cannot be `valid`. */
  interrupted?: boolean;
  /** Bound overrides that replace the scenario's (from `gossiplab check --bounds`). */
  bounds?: Record<string, Record<string, number>>;
}

export function exitCodeOf(valid: Validity): 0 | 1 | 2 {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

export async function analyzeRun(dir: string, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const paths = runDirPaths(dir);
  if (!existsSync(paths.history)) throw new LabError('GOSSIPLAB_NO_RUN', `${dir}: expected a run directory with history.jsonl, found none`);
  // The checkers stream from the file (the scenario's bounds come from its run event,
  // the caller's win); the report still reads the history whole, to draw it.
  const { report, tornTail } = checkHistoryFile(paths.history, opts.bounds ?? {});
  const { events } = readHistory(paths.history);
  if ((opts.interrupted || tornTail) && report.valid === true) report.valid = 'unknown';
  writeJson(paths.results, { valid: report.valid, interrupted: !!opts.interrupted, tornTail, results: report.results });
  writeFileSync(paths.report, render(events, report.results, { valid: report.valid }));
  mkdirSync(paths.charts, { recursive: true });
  let pngs: string[] = [];
  try {
    pngs = await writeChartPngs(events, report.results, paths.charts);
  } catch (e) {
    process.stderr.write(`warning: chart PNGs were not written: ${(e as Error).message}\n`);
  }
  return { ...report, exitCode: exitCodeOf(report.valid), reportPath: paths.report, pngs };
}

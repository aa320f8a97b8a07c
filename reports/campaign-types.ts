// The campaign report's input: what a nightly campaign ran (one entry per run,
// with a summary of its results) and, optionally, the key figures of previous
// nights for the trend. Campaign runners build it; `summarizeRun` turns one
// run's checker results into the summary, so every runner reads metrics alike.

import type { CheckerResult, Validity } from '../checkers/types.js';

/**
 * The figures a campaign compares. For all of them, lower is better. `part` names
 * the checker's `metrics.applicable` entry that says whether the implementation
 * can be judged on it at all (e.g. no suspect state: no first suspicion).
 */
export const KEY_FIGURES = {
  falseSuspicionsPerNodeHour: { label: 'false suspicions per node-hour', unit: '', checker: 'false-positives', metric: 'falseSuspicionsPerNodeHour', part: 'suspect' },
  meanFirstSuspicion: { label: 'mean time to first suspicion', unit: 's', checker: 'detection', metric: 'meanFirstSuspicion', part: 'firstSuspicion' },
  meanFirstDead: { label: 'mean time to first dead', unit: 's', checker: 'detection', metric: 'meanFirstDead', part: 'firstDead' },
  convergedAfter: { label: 'convergence after the last heal', unit: 's', checker: 'convergence', metric: 'convergedAfter', part: undefined },
  meanBytesPerSec: { label: 'mean bytes sent per node per second', unit: 'B/s', checker: 'load', metric: 'clusterMeanBytesPerSec', part: undefined },
} as const;

export type KeyFigure = keyof typeof KEY_FIGURES;
export const KEY_FIGURE_NAMES = Object.keys(KEY_FIGURES) as KeyFigure[];

/**
 * One run's results, reduced to what the campaign compares. A missing or null
 * figure was not measured; one listed in `notApplicable` cannot be, by the
 * implementation's own declaration (e.g. Serf prints no `stats` lines).
 */
export type RunSummary = { valid: Validity; failed?: string[]; notApplicable?: KeyFigure[] } & Partial<Record<KeyFigure, number | null>>;

export interface CampaignRun {
  /** The configuration label: a row of the matrix and a point of the sweep, e.g. "lan, suspicionMult=4". */
  config: string;
  /** The implementation under test, for the implementation-vs-implementation table (default "builtin"). */
  implementation?: string;
  /**
   * The arm of a comparison this run belongs to (e.g. "serf", "builtin · swim"),
   * when the campaign's variants name implementations; the comparison table then
   * has one column per arm instead of one per implementation.
   */
  arm?: string;
  /** Scenario name: a column of the matrix. */
  scenario: string;
  seed: number;
  /** 1-based repetition of this (config, scenario). */
  repetition: number;
  /** The run's report, relative to the campaign's index.html (e.g. "../../../crash/20261121T183407Z-42/index.html"). */
  href: string;
  summary: RunSummary;
}

/** A previous night: its date and its campaign-wide figures (the mean over its runs). */
export interface CampaignNight {
  date: string;
  figures: Partial<Record<KeyFigure, number | null>>;
  /** Runs that found an anomaly that night. */
  anomalies?: number;
  runs?: number;
}

export interface CampaignInput {
  /** Campaign name, e.g. "nightly". */
  name: string;
  /** When this campaign ran (shown, and tonight's point on the trend), e.g. "2026-11-21". */
  date: string;
  description?: string;
  runs: CampaignRun[];
  /** Previous nights, oldest first; tonight (computed from `runs`) is appended to the trend. */
  history?: CampaignNight[];
  /** The figure shown in each matrix cell (default meanFirstSuspicion). */
  cellFigure?: KeyFigure;
  /** A figure is flagged as a regression when it is worse than the night before by more than this fraction (default 0.2). */
  regressionTolerance?: number;
}

/** A run's summary from its checker results (results.json's `results`). */
export function summarizeRun(valid: Validity, results: Record<string, CheckerResult>): RunSummary {
  const summary: RunSummary = { valid };
  const notApplicable: KeyFigure[] = [];
  for (const f of KEY_FIGURE_NAMES) {
    const { checker, metric, part } = KEY_FIGURES[f];
    const metrics = results[checker]?.metrics;
    if (metrics && !applicable(metrics['applicable'], part)) {
      notApplicable.push(f);
      summary[f] = null;
      continue;
    }
    const v = metrics?.[metric];
    summary[f] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  const failed = Object.entries(results).filter(([, r]) => r.valid !== true).map(([n]) => n);
  return { ...summary, ...(failed.length ? { failed } : {}), ...(notApplicable.length ? { notApplicable } : {}) };
}

/** `metrics.applicable`: absent (all of it), false (none of it), or one boolean per part. */
function applicable(declared: unknown, part: string | undefined): boolean {
  if (declared === false) return false;
  if (part && declared && typeof declared === 'object') return (declared as Record<string, unknown>)[part] !== false;
  return true;
}

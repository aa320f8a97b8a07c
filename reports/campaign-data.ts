// The arithmetic behind the campaign report: spreads over repetitions, tonight's
// campaign-wide figures, and regressions across nights (a figure worse than the
// night before by more than the tolerance, or more anomalies). Pure data, no HTML.

import { composeValidity } from '../checkers/compose.js';
import type { Validity } from '../checkers/types.js';
import { KEY_FIGURE_NAMES, type CampaignInput, type CampaignNight, type CampaignRun, type KeyFigure } from './campaign-types.js';

export interface Spread { mean: number; min: number; max: number; n: number }

export function spread(values: readonly (number | null | undefined)[]): Spread | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  return { mean: xs.reduce((a, x) => a + x, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

export function figureSpread(runs: readonly CampaignRun[], f: KeyFigure): Spread | null {
  return spread(runs.map((r) => r.summary[f]));
}

export function verdictOf(runs: readonly CampaignRun[]): Validity {
  return composeValidity(runs.map((r) => r.summary.valid));
}

/** Distinct values in first-seen order. */
export function distinct<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

export const implOf = (r: CampaignRun): string => r.implementation ?? 'builtin';

/** The column of the comparison table a run belongs to: its arm, else its implementation. */
export const armOf = (r: CampaignRun): string => r.arm ?? implOf(r);

/**
 * The mean of a figure over runs, as text: "n/a (declared)" when every run's
 * implementation declares it cannot be judged on it, "—" when nothing was measured.
 */
export function figureText(runs: readonly CampaignRun[], f: KeyFigure, unit: string): string {
  const sp = figureSpread(runs, f);
  if (sp) return fmtFigure(sp.mean, unit);
  return runs.length > 0 && runs.every((r) => r.summary.notApplicable?.includes(f)) ? 'n/a (declared)' : '—';
}

/** Tonight as a night of the trend: the mean of each figure over all runs. */
export function tonight(input: CampaignInput): CampaignNight {
  const figures: CampaignNight['figures'] = {};
  for (const f of KEY_FIGURE_NAMES) figures[f] = figureSpread(input.runs, f)?.mean ?? null;
  return { date: input.date, figures, anomalies: input.runs.filter((r) => r.summary.valid === false).length, runs: input.runs.length };
}

export interface Regression { date: string; figure: KeyFigure | 'anomalies'; value: number; previous: number; previousDate: string; change: number | null }

/** Every night (tonight included) compared with the closest earlier night that has the same figure. */
export function regressions(nights: readonly CampaignNight[], tolerance: number): Regression[] {
  const out: Regression[] = [];
  const check = (i: number, figure: KeyFigure | 'anomalies', get: (n: CampaignNight) => number | null | undefined): void => {
    const value = get(nights[i]!);
    if (typeof value !== 'number') return;
    for (let j = i - 1; j >= 0; j--) {
      const previous = get(nights[j]!);
      if (typeof previous !== 'number') continue;
      const worse = figure === 'anomalies' ? value > previous : value > previous * (1 + tolerance) && value - previous > 1e-9;
      if (worse) out.push({ date: nights[i]!.date, figure, value, previous, previousDate: nights[j]!.date, change: previous > 0 ? value / previous - 1 : null });
      return;
    }
  };
  nights.forEach((_, i) => {
    for (const f of KEY_FIGURE_NAMES) check(i, f, (n) => n.figures[f]);
    check(i, 'anomalies', (n) => n.anomalies);
  });
  return out;
}

/** A link a report may carry: relative paths only (never a scheme, never another host). */
export function safeHref(href: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href.trim()) ? undefined : href;
}

export function fmtFigure(v: number | null | undefined, unit: string): string {
  if (typeof v !== 'number') return '—';
  const r = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
  return `${r}${unit === 's' ? ' s' : unit ? ` ${unit}` : ''}`;
}

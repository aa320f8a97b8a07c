// The campaign report's charts: the configuration sweep (false-positive rate
// against detection latency, one point per configuration, whiskers spanning
// its repetitions) and one trend chart per key figure across nights, with the
// nights that regressed drawn as big red points.

import { emptyChart, categoryChart, colorAt, lineChart, type ChartSpec, type Series } from './charts/spec.js';
import { distinct, figureSpread, type Regression } from './campaign-data.js';
import { KEY_FIGURE_NAMES, KEY_FIGURES, type CampaignNight, type CampaignRun } from './campaign-types.js';

export function sweepChart(runs: readonly CampaignRun[]): { spec: ChartSpec; left: string[] } {
  const name = 'sweep', title = 'Configuration sweep: false positives vs detection latency';
  const left: string[] = [];
  const series: Series[] = [];
  distinct(runs.map((r) => r.config)).forEach((config, i) => {
    const mine = runs.filter((r) => r.config === config);
    const x = figureSpread(mine, 'falseSuspicionsPerNodeHour');
    const y = figureSpread(mine, 'meanFirstSuspicion');
    if (!x || !y) {
      left.push(`${config} (${!x ? 'no false-positive rate' : 'no detection latency'} measured)`);
      return;
    }
    series.push({
      label: config, color: colorAt(i), showLine: false, pointRadius: 6,
      points: [{ x: x.mean, y: y.mean, xMin: x.min, xMax: x.max, yMin: y.min, yMax: y.max, label: config }],
    });
  });
  if (series.length === 0) return { spec: emptyChart(name, title, 'no configuration measured both a false-positive rate and a detection latency'), left };
  const reps = Math.max(...distinct(runs.map((r) => r.config)).map((c) => runs.filter((r) => r.config === c).length));
  return {
    spec: lineChart(name, title, `one point per configuration: the mean over its runs (up to ${reps}); whiskers span the lowest to highest run · lower-left is better`,
      series, { x: 'false suspicions per node-hour', y: 'mean time to first suspicion (s)' }, { pointLabels: true }),
    left,
  };
}

export function trendCharts(nights: readonly CampaignNight[], regressions: readonly Regression[]): ChartSpec[] {
  const dates = nights.map((n) => n.date);
  return KEY_FIGURE_NAMES.map((f, i) => {
    const name = `trend-${f}`, title = `Trend: ${KEY_FIGURES[f].label}`;
    const values = nights.map((n) => n.figures[f] ?? null);
    if (values.every((v) => v === null)) return emptyChart(name, title, 'no night measured this figure');
    if (nights.length < 2) return emptyChart(name, title, 'only one night so far: a trend needs a previous night (pass `history`)');
    const flagged = new Set(regressions.filter((r) => r.figure === f).map((r) => r.date));
    const color = colorAt(i);
    return categoryChart(name, title, `campaign mean per night · red points: worse than the night before beyond the tolerance`, dates, [{
      label: `${KEY_FIGURES[f].label}${KEY_FIGURES[f].unit ? ` (${KEY_FIGURES[f].unit})` : ''}`, values, color,
      pointColors: dates.map((d) => (flagged.has(d) ? '#c62828' : color)),
      pointRadii: dates.map((d) => (flagged.has(d) ? 7 : 3)),
    }], { x: 'night', y: KEY_FIGURES[f].unit || KEY_FIGURES[f].label }, {}, 'line');
  });
}

// The report's charts, in page order. One list feeds both the HTML page (as
// JSON configurations) and the PNG files, so they always show the same thing.

import type { ReportModel } from '../model.js';
import { aliveMembersChart } from './alive.js';
import { detectionLatencyChart, firstSuspicionChart } from './detection.js';
import { detectorCharts } from './detector.js';
import { loadCharts } from './load.js';
import type { ChartSpec } from './spec.js';
import { disseminationChart, falsePositivesChart } from './spread.js';

export type { ChartSpec } from './spec.js';

export function chartSpecs(m: ReportModel): ChartSpec[] {
  return [
    aliveMembersChart(m),
    detectionLatencyChart(m),
    firstSuspicionChart(m),
    falsePositivesChart(m),
    disseminationChart(m),
    ...loadCharts(m),
    ...detectorCharts(m),
  ];
}

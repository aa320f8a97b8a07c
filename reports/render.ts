// The run report: one self-contained HTML file that works offline (Chart.js and
// the history inlined; no request leaves the page). `renderReport` is pure;
// `render` only adds the cached Chart.js source from the loader. Page order is
// the order of a review: verdict and run facts, verdict table, timeline,
// charts, each checker in full, then the raw evidence.

import type { HistoryEvent } from '../src/history/types.js';
import type { CheckerResult, Validity } from '../checkers/types.js';
import { loadChartJs } from './assets.js';
import { chartSpecs } from './charts/index.js';
import { falsePositiveMarks } from './charts/spread.js';
import { checkerDetails } from './details.js';
import { EVIDENCE_SCRIPT } from './evidence-script.js';
import { evidenceSection } from './evidence.js';
import { header } from './header.js';
import { buildModel } from './model.js';
import { chartBlock, page } from './page.js';
import { TIMELINE_SCRIPT } from './timeline-script.js';
import { timelineSection } from './timeline.js';
import { verdictTable, verdictWord } from './verdicts.js';

export interface RenderOptions {
  /** The overall verdict; defaults to composing the results (the caller may downgrade an interrupted run). */
  valid?: Validity;
  /** Chart.js UMD source to inline; defaults to the installed chart.js. */
  chartJs?: string;
}

export function render(events: readonly HistoryEvent[], results: Record<string, CheckerResult>, opts: RenderOptions = {}): string {
  return renderReport(events, results, opts.valid, opts.chartJs ?? loadChartJs());
}

export function renderReport(
  events: readonly HistoryEvent[], results: Record<string, CheckerResult>, valid: Validity | undefined, chartJs: string,
): string {
  const m = buildModel(events, results, valid);
  const specs = chartSpecs(m);
  const fps = falsePositiveMarks(m);
  const title = `${m.run?.scenario ?? 'gossiplab run'}${m.run ? ` seed ${m.run.seed}` : ''}: ${verdictWord(m.valid)}`;
  const body = `${header(m)}
<section id="verdicts"><h2>Verdicts</h2>${verdictTable(results)}</section>
<section id="timeline"><h2>Timeline</h2>${timelineSection(m, fps)}</section>
<section id="charts"><h2>Charts</h2><div class="charts">${specs.map((s) => chartBlock(s)).join('\n')}</div></section>
<section id="checkers"><h2>Checkers in full</h2>${checkerDetails(m)}</section>
<section id="evidence"><h2>Evidence</h2>${evidenceSection(events)}</section>`;
  return page({
    title: `gossiplab: ${title}`,
    nav: [['verdicts', 'Verdicts'], ['timeline', 'Timeline'], ['charts', 'Charts'], ['checkers', 'Checkers'], ['evidence', 'Evidence']],
    body, charts: specs, chartJs, scripts: [TIMELINE_SCRIPT, EVIDENCE_SCRIPT],
  });
}

// The run report: one self-contained HTML file that works offline (Chart.js is
// inlined; no CDN, no request leaves the page). `renderReport` is pure;
// `render` only adds the cached Chart.js source from the loader.

import type { HistoryEvent } from '../src/history/types.js';
import type { CheckerResult, Validity } from '../checkers/types.js';
import { composeValidity } from '../checkers/compose.js';
import { buildTruth } from '../checkers/truth.js';
import { buildViews } from '../checkers/views.js';
import { loadChartJs } from './assets.js';
import { chartConfig, chartSpecs } from './charts.js';
import { esc, fmtSeconds, scriptJson, scriptSource } from './escape.js';
import { checkerDetails, checkerTable, runFacts, verdictBadge, verdictWord } from './sections.js';
import { SHADING_PLUGIN_SOURCE } from './shading.js';
import { STYLE } from './style.js';
import { timelineEntries, timelineSvg } from './timeline.js';

export interface RenderOptions {
  /** The overall verdict; defaults to composing the results (the caller may downgrade an interrupted run). */
  valid?: Validity;
  /** Chart.js UMD source to inline; defaults to the installed chart.js. */
  chartJs?: string;
}

export function render(events: readonly HistoryEvent[], results: Record<string, CheckerResult>, opts: RenderOptions = {}): string {
  return renderReport(events, results, opts.valid ?? composeValidity(Object.values(results).map((r) => r.valid)), opts.chartJs ?? loadChartJs());
}

export function renderReport(
  events: readonly HistoryEvent[], results: Record<string, CheckerResult>, valid: Validity, chartJs: string,
): string {
  const run = events.find((e) => e.type === 'run');
  const truth = buildTruth(events);
  const views = buildViews(events);
  const specs = chartSpecs(truth, views);
  const title = `${run?.scenario ?? 'unknown scenario'}${run ? ` seed ${run.seed}` : ''}: ${verdictWord(valid)}`;
  const entries = timelineEntries(events).map((e) =>
    `<tr><td>${esc(fmtSeconds(e.t))}</td><td>line ${e.line}</td><td>${esc(e.what)}</td></tr>`).join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>gossiplab: ${esc(title)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${esc(run?.scenario ?? 'gossiplab run')} <small>seed ${esc(run?.seed ?? '?')}</small></h1>
<p class="overall">Verdict: ${verdictBadge(valid)}</p></header>
<section id="summary"><h2>Run</h2>${runFacts(run?.type === 'run' ? run : undefined, truth.endT)}</section>
<section id="checkers"><h2>Checkers</h2>${checkerTable(results)}
${Object.entries(results).map(([name, r]) => checkerDetails(name, r, events)).join('\n')}</section>
<section id="timeline"><h2>Timeline</h2>
<p class="legend"><span class="sw up"></span>up <span class="sw crashed"></span>crashed <span class="sw paused"></span>paused
<span class="sw left"></span>left <span class="sw fault"></span>fault window <span class="dot"></span>suspected by a node <span class="cross">×</span>declared dead by a node <span class="cross removed">×</span>removed by a node</p>
${timelineSvg(events, truth, views)}
<details><summary>Timeline entries (${timelineEntries(events).length})</summary><table class="entries"><tbody>${entries}</tbody></table></details></section>
<section id="charts"><h2>Charts</h2>
${specs.map((s) => `<div class="chart"><canvas id="chart-${esc(s.name)}" aria-label="${esc(s.title)}"></canvas></div>`).join('\n')}
<p class="chart-missing" hidden>Charts need JavaScript; the figures above do not.</p></section>
<script>${scriptSource(chartJs)}</script>
<script type="application/json" id="chart-configs">${scriptJson(specs.map((s) => ({ name: s.name, config: chartConfig(s) })))}</script>
<script>${CHART_INIT}</script>
</body></html>
`;
}

const CHART_INIT = `(function () {
  var el = document.getElementById('chart-configs');
  if (!el || typeof Chart === 'undefined') {
    document.querySelectorAll('.chart-missing').forEach(function (p) { p.hidden = false; });
    return;
  }
  var plugin = ${SHADING_PLUGIN_SOURCE};
  JSON.parse(el.textContent).forEach(function (c) {
    var canvas = document.getElementById('chart-' + c.name);
    if (canvas) new Chart(canvas, Object.assign({}, c.config, { plugins: [plugin] }));
  });
})();`;

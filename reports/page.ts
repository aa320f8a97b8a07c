// The page shell shared by the run and campaign reports: one self-contained
// HTML file (styles, Chart.js and every script inlined; no request ever leaves
// the page), the chart blocks, and the script that draws them from their JSON
// configurations with the shared plugins.

import { CHART_PLUGINS_SOURCE } from './chart-plugins.js';
import type { ChartSpec } from './charts/spec.js';
import { esc, scriptJson, scriptSource } from './escape.js';
import { STYLE } from './style.js';

export interface PageParts {
  title: string;
  /** Navigation links: [anchor, label]. */
  nav: [string, string][];
  body: string;
  charts: ChartSpec[];
  chartJs: string;
  /** Extra inline scripts (plain JavaScript), run after the charts. */
  scripts?: string[];
}

export function page(p: PageParts): string {
  const drawn = p.charts.filter((c) => !c.empty);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title><style>${STYLE}</style></head>
<body>
<nav class="top-nav">${p.nav.map(([href, label]) => `<a href="#${esc(href)}">${esc(label)}</a>`).join('')}</nav>
${p.body}
<script>${scriptSource(p.chartJs)}</script>
<script type="application/json" id="chart-configs">${scriptJson(drawn.map((s) => ({ name: s.name, config: s.config })))}</script>
<script>${CHART_INIT}</script>
${(p.scripts ?? []).map((s) => `<script>${scriptSource(s)}</script>`).join('\n')}
</body></html>
`;
}

/** A chart's place in the page: a canvas, or the reason there is nothing to draw. */
export function chartBlock(s: ChartSpec, scope = 'run'): string {
  if (s.empty) {
    return `<div class="chart chart-empty" id="chart-box-${esc(s.name)}"><div class="chart-title">${esc(s.title)}</div>`
      + `<p>No data in this ${esc(scope)}: ${esc(s.empty)}.</p></div>`;
  }
  return `<div class="chart" id="chart-box-${esc(s.name)}"><canvas id="chart-${esc(s.name)}" role="img" aria-label="${esc(s.title)}"></canvas></div>`;
}

const CHART_INIT = `(function () {
  var el = document.getElementById('chart-configs');
  if (!el || typeof Chart === 'undefined') {
    document.querySelectorAll('.chart canvas').forEach(function (c) {
      var p = document.createElement('p'); p.className = 'note'; p.textContent = 'This chart needs JavaScript (charts/*.png next to this file has it as an image).';
      c.replaceWith(p);
    });
    return;
  }
  var plugins = ${CHART_PLUGINS_SOURCE};
  JSON.parse(el.textContent).forEach(function (c) {
    var canvas = document.getElementById('chart-' + c.name);
    if (canvas) new Chart(canvas, Object.assign({}, c.config, { plugins: plugins }));
  });
})();`;

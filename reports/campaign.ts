// The campaign report: one self-contained page for a night of runs. The matrix
// answers "what failed where" at a glance, the sweep compares configurations,
// the implementation table compares implementations, and the trend flags
// regressions against previous nights. Pure: input in, HTML out.

import { composeValidity } from '../checkers/compose.js';
import { loadChartJs } from './assets.js';
import { regressions, tonight } from './campaign-data.js';
import { sweepChart, trendCharts } from './campaign-charts.js';
import { implementationTable, matrix, regressionTable, runsTable } from './campaign-tables.js';
import type { CampaignInput } from './campaign-types.js';
import { esc } from './escape.js';
import { chartBlock, page } from './page.js';
import { verdictBadge, verdictWord } from './verdicts.js';

export type { CampaignInput, CampaignRun, CampaignNight, RunSummary, KeyFigure } from './campaign-types.js';
export { KEY_FIGURES, summarizeRun } from './campaign-types.js';

export function renderCampaign(input: CampaignInput, opts: { chartJs?: string } = {}): string {
  const tolerance = input.regressionTolerance ?? 0.2;
  const nights = [...(input.history ?? []), tonight(input)];
  const regs = regressions(nights, tolerance);
  const tonightRegs = regs.filter((r) => r.date === input.date);
  const sweep = sweepChart(input.runs);
  const trends = trendCharts(nights, regs);
  const valid = input.runs.length ? composeValidity(input.runs.map((r) => r.summary.valid)) : 'unknown';
  const count = (w: string): number => input.runs.filter((r) => verdictWord(r.summary.valid) === w).length;
  const body = `<header class="top verdict-border-${verdictWord(valid)}" id="top">
<div class="headline"><div class="big">${verdictBadge(valid)}</div><div><h1>campaign ${esc(input.name)} <small>${esc(input.date)}</small></h1>
${input.description ? `<p class="desc">${esc(input.description)}</p>` : ''}
<p class="summary">${input.runs.length} runs: ${count('valid')} valid, ${count('anomaly')} anomaly, ${count('unknown')} unknown`
    + ` · <span class="${tonightRegs.length ? 'regression' : ''}">${tonightRegs.length} regression(s) since the previous night</span></p></div></div>
</header>
<section id="matrix"><h2>Matrix</h2>${input.runs.length ? matrix(input.runs, input.cellFigure ?? 'meanFirstSuspicion') : '<p class="note">This campaign has no runs.</p>'}</section>
<section id="sweep"><h2>Configuration sweep</h2>${chartBlock(sweep.spec, 'campaign')}
${sweep.left.length ? `<p class="note">Not plotted: ${esc(sweep.left.join('; '))}.</p>` : ''}</section>
<section id="implementations"><h2>Implementation vs implementation</h2>${implementationTable(input.runs)}</section>
<section id="trend"><h2>Trend across nights</h2>${regressionTable(regs, tolerance)}<div class="charts">${trends.map((t) => chartBlock(t, 'campaign')).join('\n')}</div></section>
<section id="runs"><h2>Every run</h2>${runsTable(input.runs)}</section>`;
  return page({
    title: `gossiplab campaign ${input.name} ${input.date}: ${verdictWord(valid)}`,
    nav: [['matrix', 'Matrix'], ['sweep', 'Sweep'], ['implementations', 'Implementations'], ['trend', 'Trend'], ['runs', 'Runs']],
    body, charts: [sweep.spec, ...trends], chartJs: opts.chartJs ?? loadChartJs(),
  });
}

// The campaign report's tables: the matrix (configuration × scenario, verdict
// and key figure per cell, each repetition linking to its run), the
// implementation-vs-implementation comparison, the regressions, and every run.

import { esc } from './escape.js';
import { armOf, distinct, figureSpread, figureText, fmtFigure, implOf, safeHref, verdictOf, type Regression } from './campaign-data.js';
import { KEY_FIGURE_NAMES, KEY_FIGURES, type CampaignRun, type KeyFigure } from './campaign-types.js';
import { verdictBadge, verdictWord } from './verdicts.js';

function repLink(r: CampaignRun): string {
  const word = verdictWord(r.summary.valid);
  const title = `${r.config} · ${r.scenario} · seed ${r.seed} · repetition ${r.repetition}: ${word}${r.summary.failed?.length ? ` (${r.summary.failed.join(', ')})` : ''}`;
  const href = safeHref(r.href);
  return href ? `<a class="verdict-${word}" href="${esc(href)}" title="${esc(title)}">#${esc(r.repetition)}</a>`
    : `<span class="verdict-${word}" title="${esc(`${title}; link refused: ${r.href}`)}">#${esc(r.repetition)}</span>`;
}

export function matrix(runs: readonly CampaignRun[], figure: KeyFigure): string {
  const configs = distinct(runs.map((r) => r.config));
  const scenarios = distinct(runs.map((r) => r.scenario));
  const unit = KEY_FIGURES[figure].unit;
  const rows = configs.map((c) => {
    const cells = scenarios.map((s) => {
      const here = runs.filter((r) => r.config === c && r.scenario === s).sort((a, b) => a.repetition - b.repetition || a.seed - b.seed);
      if (here.length === 0) return '<td class="none">not run</td>';
      const v = verdictOf(here);
      const ok = here.filter((r) => r.summary.valid === true).length;
      const sp = figureSpread(here, figure);
      const range = sp && sp.n > 1 ? `<div class="spread">${fmtFigure(sp.min, unit)} – ${fmtFigure(sp.max, unit)} over ${sp.n} runs</div>` : '';
      return `<td class="cell-${verdictWord(v)}">${verdictBadge(v)} <span class="spread">${ok}/${here.length} valid</span>`
        + `<div class="fig">${figureText(here, figure, unit)}</div>${range}<div class="reps">${here.map(repLink).join('')}</div></td>`;
    });
    return `<tr><th>${esc(c)}</th>${cells.join('')}</tr>`;
  });
  return `<p>Each cell: the worst verdict over its repetitions, and the mean <b>${esc(KEY_FIGURES[figure].label)}</b>; `
    + 'each <b>#n</b> opens that repetition\'s run report.</p>'
    + `<table class="matrix"><thead><tr><th>configuration \\ scenario</th>${scenarios.map((s) => `<th>${esc(s)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function implementationTable(runs: readonly CampaignRun[]): string {
  const impls = distinct(runs.map(armOf));
  if (impls.length < 2) return `<p class="note">One implementation (${esc(impls[0] ?? 'none')}) in this campaign: nothing to compare.</p>`;
  const scenarios = distinct(runs.map((r) => r.scenario));
  const rows = [...scenarios, null].map((s) => {
    const of = (impl: string): CampaignRun[] => runs.filter((r) => armOf(r) === impl && (s === null || r.scenario === s));
    // The best value of a figure, when at least two implementations measured it.
    const best = new Map(KEY_FIGURE_NAMES.map((f) => {
      const means = impls.map((i) => figureSpread(of(i), f)?.mean).filter((x): x is number => x !== undefined);
      return [f, means.length >= 2 ? Math.min(...means) : undefined];
    }));
    const cells = impls.map((impl) => {
      const mine = of(impl);
      if (mine.length === 0) return '<td class="none">not run</td>';
      const figs = KEY_FIGURE_NAMES.map((f) => {
        const mean = figureSpread(mine, f)?.mean;
        const isBest = mean !== undefined && mean === best.get(f);
        return `<li${isBest ? ' class="best"' : ''}>${esc(KEY_FIGURES[f].label)}: ${figureText(mine, f, KEY_FIGURES[f].unit)}</li>`;
      }).join('');
      return `<td class="cell-${verdictWord(verdictOf(mine))}">${verdictBadge(verdictOf(mine))} ${mine.filter((r) => r.summary.valid === true).length}/${mine.length} valid<ul>${figs}</ul></td>`;
    });
    return `<tr><th>${s === null ? 'all scenarios' : esc(s)}</th>${cells.join('')}</tr>`;
  });
  return '<p>Means over every configuration and repetition; the better value of each figure is highlighted (lower is better). '
    + '<b>n/a (declared)</b>: the implementation declares it cannot be judged on that figure (see each run\'s checker notes).</p>'
    + `<table class="impls"><thead><tr><th>scenario</th>${impls.map((i) => `<th>${esc(i)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function regressionTable(rs: readonly Regression[], tolerance: number): string {
  if (rs.length === 0) return `<p>No regression: no figure got worse than the night before by more than ${Math.round(tolerance * 100)}%, and anomalies did not increase.</p>`;
  const label = (f: Regression['figure']): string => (f === 'anomalies' ? 'runs with an anomaly' : KEY_FIGURES[f].label);
  const unit = (f: Regression['figure']): string => (f === 'anomalies' ? '' : KEY_FIGURES[f].unit);
  const rows = rs.map((r) => `<tr><td>${esc(r.date)}</td><td class="regression">${esc(label(r.figure))}</td><td>${fmtFigure(r.value, unit(r.figure))}</td>`
    + `<td>${fmtFigure(r.previous, unit(r.figure))} (${esc(r.previousDate)})</td><td class="regression">${r.change === null ? 'up from 0' : `+${Math.round(r.change * 100)}%`}</td></tr>`);
  return `<table class="regressions"><thead><tr><th>night</th><th>figure</th><th>value</th><th>the night before</th><th>change</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function runsTable(runs: readonly CampaignRun[]): string {
  const rows = runs.map((r) => {
    const href = safeHref(r.href);
    return `<tr><td>${esc(r.config)}</td><td>${esc(implOf(r))}</td><td>${esc(r.scenario)}</td><td>${esc(r.seed)}</td><td>${esc(r.repetition)}</td>`
      + `<td>${verdictBadge(r.summary.valid)}${r.summary.failed?.length ? ` <span class="spread">${esc(r.summary.failed.join(', '))}</span>` : ''}</td>`
      + KEY_FIGURE_NAMES.map((f) => `<td>${figureText([r], f, KEY_FIGURES[f].unit)}</td>`).join('')
      + `<td>${href ? `<a href="${esc(href)}">report</a>` : `<span class="error" title="${esc(r.href)}">link refused</span>`}</td></tr>`;
  });
  return `<table class="runs"><thead><tr><th>configuration</th><th>implementation</th><th>scenario</th><th>seed</th><th>rep.</th><th>verdict</th>`
    + `${KEY_FIGURE_NAMES.map((f) => `<th>${esc(KEY_FIGURES[f].label)}</th>`).join('')}<th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Each checker in full, below the charts: every violation with its message and
// the text of the lines it cites (readable without JavaScript, and printed),
// what could not be decided, the per-crash table, and every metric as JSON.

import type { HistoryEvent } from '../src/history/types.js';
import type { CheckerResult, Violation } from '../checkers/types.js';
import { crashFigures } from './charts/detection.js';
import { esc } from './escape.js';
import type { ReportModel } from './model.js';
import { checkerNotes, clip, evidenceLink, verdictBadge } from './verdicts.js';

const OPEN_VIOLATIONS = 20;
/** Violations beyond this many carry their message and evidence link only, not the cited lines inline. */
const INLINE_CITED = 100;
/** Metrics JSON larger than this is shown compact and cut; results.json next to the page has all of it. */
const METRICS_SHOWN = 32 * 1024;

export function checkerDetails(m: ReportModel): string {
  return Object.entries(m.results).map(([name, r]) => detail(name, r, m)).join('\n');
}

function detail(name: string, r: CheckerResult, m: ReportModel): string {
  const parts = [`<h3 id="checker-${esc(name)}">${esc(name)} ${verdictBadge(r.valid)} <a class="back" href="#row-${esc(name)}">↑ table</a></h3>`];
  if (r.error) parts.push(`<p class="error">The checker failed: ${esc(r.error)}</p>`);
  parts.push(checkerNotes(r));
  if (r.violations.length > 0) {
    const items = r.violations.map((v, i) => violationItem(v, m.events, i < INLINE_CITED));
    parts.push(`<ol class="violations">${items.slice(0, OPEN_VIOLATIONS).join('')}</ol>`);
    if (items.length > OPEN_VIOLATIONS) {
      parts.push(`<details><summary>${items.length - OPEN_VIOLATIONS} more violations</summary><ol class="violations" start="${OPEN_VIOLATIONS + 1}">${items.slice(OPEN_VIOLATIONS).join('')}</ol></details>`);
    }
  } else if (!r.error) {
    parts.push('<p>No violations.</p>');
  }
  const undetermined = r.metrics['undetermined'];
  if (Array.isArray(undetermined) && undetermined.length > 0) {
    parts.push(`<p>Could not be decided:</p><ul class="undetermined">${undetermined.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>`);
  }
  if (typeof r.metrics['note'] === 'string') parts.push(`<p class="note">${esc(r.metrics['note'])}</p>`);
  if ((name === 'detection' || name === 'eviction') && Array.isArray(r.metrics['crashes']) && r.metrics['crashes'].length > 0) parts.push(crashTable(m));
  parts.push(metricsJson(r.metrics));
  return `<div class="checker-detail">${parts.join('')}</div>`;
}

function metricsJson(metrics: Record<string, unknown>): string {
  const pretty = JSON.stringify(metrics, null, 2);
  if (pretty.length <= METRICS_SHOWN) return `<details><summary>all metrics (JSON)</summary><pre class="metrics">${esc(pretty)}</pre></details>`;
  const compact = JSON.stringify(metrics);
  const kib = (n: number): string => `${Math.round(n / 1024).toLocaleString('en')} KiB`;
  const shown = compact.length <= METRICS_SHOWN ? compact : `${compact.slice(0, METRICS_SHOWN)}…`;
  const cut = compact.length > METRICS_SHOWN ? `, cut at ${kib(METRICS_SHOWN)}; results.json next to this page has all of it` : '';
  return `<details><summary>all metrics (JSON, ${kib(compact.length)} compact${cut})</summary><pre class="metrics wrap">${esc(shown)}</pre></details>`;
}

function violationItem(v: Violation, events: readonly HistoryEvent[], inline: boolean): string {
  if (!inline) return `<li><div class="message">${esc(v.message)}</div>${evidenceLink(v)}</li>`;
  const cited = v.lines.slice(0, 12).map((l) => {
    const e = events[l - 1];
    const text = e ? JSON.stringify(e) : '(beyond the end of the history)';
    return `<li><a href="#L${l}">line ${l}</a> <code>${esc(clip(text, 240))}</code></li>`;
  }).join('');
  const more = v.lines.length > 12 ? `<li>and ${v.lines.length - 12} more lines (the evidence link shows them all)</li>` : '';
  return `<li><div class="message">${esc(v.message)}</div>${evidenceLink(v)}`
    + `<details><summary>cited lines, inline</summary><ul class="cited">${cited}${more}</ul></details></li>`;
}

function crashTable(m: ReportModel): string {
  const s = (x: number | null): string => (x === null ? '—' : `${x} s`);
  const rows = crashFigures(m).map((c) => `<tr><td>${esc(c.node)}</td><td>${s(c.at)}</td><td>${c.accused ? 'already accused' : s(c.first)}</td>`
    + `<td>${s(c.firstDead)}</td><td>${s(c.allDead)}</td></tr>`).join('');
  return '<table class="crashes"><thead><tr><th>crashed</th><th>at</th><th>first suspicion</th><th>first dead</th><th>all live nodes say dead</th></tr></thead>'
    + `<tbody>${rows}</tbody></table><p class="note">Times after the crash, in seconds.</p>`;
}

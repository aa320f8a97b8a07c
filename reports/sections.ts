// The textual parts of the report: the verdict, the run's facts and replay
// command, the per-checker table (figures, bounds with their sources), and each
// checker's violations with the history lines they cite, shown inline.

import type { EventOf, HistoryEvent } from '../src/history/types.js';
import type { CheckerResult, Validity, Violation } from '../checkers/types.js';
import type { CrashMetrics } from '../checkers/eviction-metrics.js';
import { esc, fmtSeconds } from './escape.js';

export function verdictWord(v: Validity): 'valid' | 'anomaly' | 'unknown' {
  return v === true ? 'valid' : v === false ? 'anomaly' : 'unknown';
}

export function verdictBadge(v: Validity): string {
  const word = verdictWord(v);
  return `<span class="verdict verdict-${word}">${word.toUpperCase()}</span>`;
}

export function runFacts(run: EventOf<'run'> | undefined, endT: number): string {
  if (!run) return '<p class="note">This history has no <code>run</code> event, so the run\'s facts are unknown.</p>';
  const rows: [string, string][] = [
    ['scenario', run.scenario], ['seed', String(run.seed)], ['runtime', run.runtime],
    ['implementation', run.implementation], ['preset', run.preset], ['nodes', `${run.nodes.length} (${run.nodes.join(', ')})`],
    ['run id', run.runId], ['length', fmtSeconds(endT)],
    ['versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`
    + `<h3>Replay</h3><pre class="replay"><code>${esc(run.command)}</code></pre>`;
}

export function checkerTable(results: Record<string, CheckerResult>): string {
  const rows = Object.entries(results).map(([name, r]) => {
    const figures = Object.entries(r.metrics)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || v === null)
      .map(([k, v]) => `<li>${esc(k)}: <b>${esc(v === null ? '—' : v)}</b></li>`).join('');
    const bounds = Object.entries(r.bounds)
      .map(([k, b]) => `<li>${esc(k)} ≤ <b>${esc(b.value)} ${esc(b.unit)}</b><div class="source">${esc(b.source)}</div></li>`).join('');
    return `<tr class="checker-${verdictWord(r.valid)}"><td><a href="#checker-${esc(name)}">${esc(name)}</a></td><td>${verdictBadge(r.valid)}</td>`
      + `<td><ul>${figures}</ul>${r.error ? `<div class="error">error: ${esc(r.error)}</div>` : ''}</td>`
      + `<td><ul>${bounds}</ul></td><td>${r.violations.length}</td></tr>`;
  });
  return '<table class="checkers"><thead><tr><th>checker</th><th>verdict</th><th>measured</th><th>bounds (and where they come from)</th><th>violations</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table>`;
}

export function checkerDetails(name: string, r: CheckerResult, events: readonly HistoryEvent[]): string {
  const parts = [`<h3 id="checker-${esc(name)}">${esc(name)} ${verdictBadge(r.valid)}</h3>`];
  if (r.error) parts.push(`<p class="error">The checker failed: ${esc(r.error)}</p>`);
  if (r.violations.length > 0) {
    parts.push(`<ol class="violations">${r.violations.map((v) => violationItem(v, events)).join('')}</ol>`);
  } else if (!r.error) {
    parts.push('<p>No violations.</p>');
  }
  const undetermined = r.metrics['undetermined'];
  if (Array.isArray(undetermined) && undetermined.length > 0) {
    parts.push(`<p>Could not be decided:</p><ul class="undetermined">${undetermined.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>`);
  }
  if (typeof r.metrics['note'] === 'string') parts.push(`<p class="note">${esc(r.metrics['note'])}</p>`);
  const crashes = r.metrics['crashes'];
  if (Array.isArray(crashes) && crashes.length > 0) parts.push(crashTable(crashes as CrashMetrics[]));
  parts.push(`<details><summary>all metrics (JSON)</summary><pre>${esc(JSON.stringify(r.metrics, null, 2))}</pre></details>`);
  return parts.join('');
}

function violationItem(v: Violation, events: readonly HistoryEvent[]): string {
  const cited = v.lines.map((l) => {
    const e = events[l - 1];
    const text = e ? JSON.stringify(e) : '(beyond the end of the history)';
    return `<li><span class="line">line ${l}</span> <code>${esc(text.length > 240 ? `${text.slice(0, 240)}…` : text)}</code></li>`;
  }).join('');
  return `<li><div class="message">${esc(v.message)}</div><div class="cites">history lines ${esc(v.lines.join(', '))}</div>`
    + `<details><summary>cited lines</summary><ul class="cited">${cited}</ul></details></li>`;
}

function crashTable(crashes: CrashMetrics[]): string {
  const s = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${x} s`);
  const rows = crashes.map((c) => `<tr><td>${esc(c.node)}</td><td>${s(c.at)} (line ${esc(c.lines.join(', '))})</td>`
    + `<td>${c.firstSuspect ? `${s(c.firstSuspect.after)} by ${esc(c.firstSuspect.by)}` : '—'}</td>`
    + `<td>${c.firstDead ? `${s(c.firstDead.after)} by ${esc(c.firstDead.by)}` : '—'}</td>`
    + `<td>${s(c.allDead)}</td><td>${s(c.restartedAt)}</td></tr>`).join('');
  return '<table class="crashes"><thead><tr><th>crashed</th><th>at</th><th>first suspect</th><th>first dead</th><th>all dead</th><th>restarted at</th></tr></thead>'
    + `<tbody>${rows}</tbody></table><p class="note">Times after the crash, in seconds.</p>`;
}

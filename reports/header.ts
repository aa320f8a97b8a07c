// The top of the run report: the verdict, what ran (scenario and description,
// implementation, preset, size, length, seed, runtime), the exact replay
// command, what the host could do, and, marked so nobody misses them, every
// fault the host skipped and every harness note.

import type { EventOf } from '../src/history/types.js';
import { esc, fmtSeconds } from './escape.js';
import { num, record, str, type NoteLine, type ReportModel } from './model.js';
import { clip, evidenceLink, verdictBadge, verdictWord } from './verdicts.js';

const MAX_NOTES = 30;

export function header(m: ReportModel): string {
  const run = m.run;
  const config = record(run?.config);
  const description = str(config?.['description']) ?? str((run as Record<string, unknown> | undefined)?.['description']);
  const checkers = Object.values(m.results);
  const tally = (['valid', 'anomaly', 'unknown'] as const)
    .map((w) => [w, checkers.filter((r) => verdictWord(r.valid) === w).length] as const).filter(([, c]) => c > 0)
    .map(([w, c]) => `${c} ${w}`).join(', ');
  const injected = m.truth.faults.filter((f) => !f.skipped);
  const kinds = [...new Set(injected.map((f) => f.kind))].map((k) => `${injected.filter((f) => f.kind === k).length} ${k}`).join(', ');
  const summary = `${checkers.length} checker(s): ${tally || 'none ran'} · ${injected.length} fault(s) injected${kinds ? ` (${kinds})` : ''}`
    + ` · <span class="${m.skipped.length ? 'skipped-count' : ''}">${m.skipped.length} skipped</span>`;
  const title = run ? `${esc(run.scenario)} <small>seed ${esc(run.seed)}</small>` : 'gossiplab run <small>(no run event)</small>';
  return `<header class="top verdict-border-${verdictWord(m.valid)}">
<div class="headline"><div class="big">${verdictBadge(m.valid)}</div><div><h1>${title}</h1>
${description ? `<p class="desc">${esc(description)}</p>` : ''}<p class="summary">${summary}</p></div></div>
${m.truthError ? `<p class="error">The ground truth could not be derived from this history: ${esc(m.truthError)}</p>` : ''}
${findings(m)}${skippedBox(m)}${notesBox(m.notes)}
${run ? facts(run, m) : '<p class="note">This history has no <code>run</code> event, so the run\'s facts (seed, command, host) are unknown.</p>'}
</header>`;
}

/** The implementation, a user's program path, and what the implementation declares it does not do. */
function implementationText(name: string, cluster: Record<string, unknown> | undefined): string {
  const program = str(record(cluster?.['program'])?.['program']);
  const semantics = record(cluster?.['semantics']) ?? {};
  const without = Object.entries(semantics).filter(([, v]) => v === false).map(([k]) => k);
  return `${name}${program ? ` (${program})` : ''}${without.length ? `; declares no ${without.join(', ')}` : ''}`;
}

function facts(run: EventOf<'run'>, m: ReportModel): string {
  const config = record(run.config);
  const phases = (['warmup', 'duration', 'quiesce'] as const).map((k) => [k === 'duration' ? 'nemesis' : k, num(config?.[k])] as const)
    .filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${fmtSeconds(v!)}`).join(', ');
  const rows: [string, string][] = [
    ['implementation', implementationText(run.implementation, record(config?.['cluster']))], ['preset', run.preset],
    ['cluster', `${run.nodes.length} nodes (${run.nodes.join(', ')})`],
    ['length', `${fmtSeconds(m.truth.endT)}${phases ? ` (scheduled: ${phases})` : ''}`],
    ['seed', String(run.seed)], ['runtime', run.runtime], ['run id', run.runId],
    ['scenario file', str(config?.['file']) ?? '—'],
    ['versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
  return `<div class="facts-grid"><table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<div><h3>Replay</h3><pre class="replay"><code>${esc(run.command)}</code></pre>
<h3>Host capabilities</h3>${hostChips(run.host)}</div></div>`;
}

function hostChips(host: Record<string, unknown>): string {
  const entries = Object.entries(host ?? {});
  if (entries.length === 0) return '<p class="note">The run recorded no host capabilities (simulated runtime, or an older controller).</p>';
  return `<ul class="chips">${entries.map(([k, v]) => {
    if (v === true) return `<li class="cap-yes" title="${esc(k)}: available">✓ ${esc(k)}</li>`;
    if (v === false || v === null || v === '') return `<li class="cap-no" title="${esc(k)}: not available on this host">✗ ${esc(k)}</li>`;
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `<li class="cap-yes" title="${esc(`${k}: ${text}`)}">${esc(k)}: <b>${esc(text.length > 40 ? `…${text.slice(-38)}` : text)}</b></li>`;
  }).join('')}</ul>`;
}

/** Why the verdict is not valid, in one line per checker: the first thing a reader needs. */
function findings(m: ReportModel): string {
  const bad = Object.entries(m.results).filter(([, r]) => r.valid !== true);
  if (bad.length === 0) return '';
  const items = bad.map(([name, r]) => {
    const first = r.violations[0];
    let why: string;
    if (first) {
      const more = r.violations.length > 1 ? ` <span class="note">(and ${r.violations.length - 1} more)</span>` : '';
      why = `${esc(clip(first.message, 260))} ${evidenceLink(first)}${more}`;
    } else {
      const undetermined = Array.isArray(r.metrics['undetermined']) ? r.metrics['undetermined'][0] : undefined;
      const note = typeof r.metrics['note'] === 'string' ? r.metrics['note'] : undefined;
      why = esc(r.error ? `the checker failed: ${r.error}` : String(undetermined ?? note ?? 'it could not decide'));
    }
    return `<li><a href="#checker-${esc(name)}">${esc(name)}</a> ${verdictBadge(r.valid)} ${why}</li>`;
  });
  return `<div class="findings"><b>Why ${verdictWord(m.valid).toUpperCase()}:</b><ul>${items.join('')}</ul></div>`;
}

function skippedBox(m: ReportModel): string {
  if (m.skipped.length === 0) return '';
  const items = m.skipped.map((s) => `<li><b>${esc(s.id)}</b> (${esc(s.kind)} on ${esc(s.targets.join(', '))}) at ${esc(fmtSeconds(s.t))}: ${esc(s.reason)} `
    + `<a href="#L${s.line}">line ${s.line}</a></li>`).join('');
  return `<div class="alert alert-skipped" id="skipped"><b>⚠ ${m.skipped.length} scheduled fault(s) were SKIPPED</b>: this host, or the implementation under test, could not take them (the reason is given for each), `
    + `so the verdict says nothing about them.<ul>${items}</ul></div>`;
}

function notesBox(notes: NoteLine[]): string {
  if (notes.length === 0) return '';
  const worst = notes.some((n) => n.level === 'error') ? 'error' : notes.some((n) => n.level === 'warn') ? 'warn' : 'info';
  const shown = [...notes].sort((a, b) => rank(a.level) - rank(b.level) || a.line - b.line).slice(0, MAX_NOTES);
  const more = notes.length - shown.length;
  return `<div class="alert alert-${worst}" id="notes"><b>Harness notes (${notes.length})</b><ul>${shown.map((n) =>
    `<li class="note-${n.level}"><b>${esc(n.level)}</b>${n.node ? ` [${esc(n.node)}]` : ''} at ${esc(fmtSeconds(n.t))}: ${esc(n.message)} <a href="#L${n.line}">line ${n.line}</a></li>`).join('')}</ul>`
    + `${more > 0 ? `<p>and ${more} more note line(s): tick only “note” in the evidence browser to list them all.</p>` : ''}</div>`;
}

const rank = (l: NoteLine['level']): number => (l === 'error' ? 0 : l === 'warn' ? 1 : 2);

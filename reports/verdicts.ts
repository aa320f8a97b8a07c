// Verdicts: the words and badges every page uses (green valid, red anomaly,
// amber unknown), and the run's verdict table: one row per checker with its
// verdict, key figures, every bound it judged against (value and where the
// value comes from), and its violations, each linking to the lines it cites.

import type { CheckerResult, Validity, Violation } from '../checkers/types.js';
import { esc } from './escape.js';

export type VerdictWord = 'valid' | 'anomaly' | 'unknown';

export function verdictWord(v: Validity | null | undefined): VerdictWord {
  return v === true ? 'valid' : v === false ? 'anomaly' : 'unknown';
}

export function verdictBadge(v: Validity | null | undefined): string {
  const word = verdictWord(v);
  return `<span class="verdict verdict-${word}">${word.toUpperCase()}</span>`;
}


/** The figures a reader wants first, per checker; the rest are in the details. */
const KEY_FIGURES: Record<string, string[]> = {
  eviction: ['crashCount', 'worstFirstSuspect', 'worstFirstDead', 'worstAllDead'],
  convergence: ['convergedAfter', 'mismatchesAtEnd', 'observedFor'],
  'false-positives': ['falseSuspicions', 'falseDeaths', 'degradedSuspicions', 'degradedDeaths', 'falseSuspicionsPerNodeHour', 'nodeHours'],
  detection: ['measuredCrashes', 'meanFirstSuspicion', 'maxFirstSuspicion', 'swimExpectation', 'scheduleExpectation', 'ratioToSwim'],
  dissemination: ['updates', 'worstAllAfter', 'meanRounds', 'residue'],
  incarnation: ['decreases', 'accusations', 'refuted', 'lateRefutations', 'maxRefutation'],
  flapping: ['totalToggles', 'maxTogglesPerPair', 'maxUnexplainedTogglesPerPair', 'pairsOverAllowance'],
  load: ['clusterMeanBytesPerSec', 'maxIntervalBytesPerSec', 'meanMsgsPerSec', 'seedRatio'],
};

const SECONDS = /(Suspect|Dead|AllDead|After|Suspicion|Expectation|Refutation|observedFor)$/;

export function unitOf(key: string): string {
  if (SECONDS.test(key)) return ' s';
  if (/BytesPerSec$/.test(key)) return ' B/s';
  if (/MsgsPerSec$/.test(key)) return ' msg/s';
  return '';
}

export function keyFigures(name: string, r: CheckerResult): [string, string][] {
  const scalar = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string' || v === null;
  const keys = KEY_FIGURES[name]?.filter((k) => k in r.metrics) ?? Object.keys(r.metrics).filter((k) => scalar(r.metrics[k]));
  return keys.filter((k) => scalar(r.metrics[k])).map((k) => {
    const v = r.metrics[k];
    return [k, v === null ? '—' : `${String(v)}${typeof v === 'number' ? unitOf(k) : ''}`];
  });
}

/** `#L12,40`: the evidence browser shows exactly these lines, highlighted. */
export function evidenceHref(lines: readonly number[]): string {
  return `#L${[...new Set(lines)].sort((a, b) => a - b).join(',')}`;
}

export function evidenceLink(v: Violation): string {
  if (v.lines.length === 0) return '<span class="note">(cites no line)</span>';
  const shown = v.lines.length > 8 ? `${v.lines.slice(0, 8).join(', ')}, … (${v.lines.length} lines)` : v.lines.join(', ');
  return `<a class="ev-link" href="${evidenceHref(v.lines)}" data-why="${esc(clip(v.message, 300))}">evidence: line${v.lines.length > 1 ? 's' : ''} ${esc(shown)}</a>`;
}

const ROW_VIOLATIONS = 3;

/** The checker's notes (e.g. a part the implementation's semantics make inapplicable), one per line. */
export function checkerNotes(r: CheckerResult): string {
  const notes = Array.isArray(r.notes) ? r.notes.filter((n) => typeof n === 'string') : [];
  return notes.length ? `<ul class="checker-notes">${notes.map((n) => `<li class="note">${esc(n)}</li>`).join('')}</ul>` : '';
}

export function verdictTable(results: Record<string, CheckerResult>): string {
  const rows = Object.entries(results).map(([name, r]) => {
    const figures = keyFigures(name, r).map(([k, v]) => `<li>${esc(k)}: <b>${esc(v)}</b></li>`).join('');
    const bounds = Object.entries(r.bounds)
      .map(([k, b]) => `<li>${esc(k)} ≤ <b>${esc(b.value)} ${esc(b.unit)}</b><div class="source">${esc(b.source)}</div></li>`).join('');
    const shown = r.violations.slice(0, ROW_VIOLATIONS).map((v) => `<li>${esc(clip(v.message, 220))}<br>${evidenceLink(v)}</li>`).join('');
    const more = r.violations.length - ROW_VIOLATIONS;
    const violations = r.violations.length === 0 ? '<span class="none">none</span>'
      : `<b>${r.violations.length}</b><ol class="row-violations">${shown}</ol>${more > 0 ? `<a href="#checker-${esc(name)}">and ${more} more…</a>` : ''}`;
    return `<tr class="checker-row row-${verdictWord(r.valid)}" id="row-${esc(name)}"><td><a href="#checker-${esc(name)}">${esc(name)}</a></td><td>${verdictBadge(r.valid)}</td>`
      + `<td><ul>${figures}</ul>${r.error ? `<div class="error">the checker failed: ${esc(r.error)}</div>` : ''}${checkerNotes(r)}</td>`
      + `<td><ul class="bounds">${bounds || '<li class="none">no bound</li>'}</ul></td><td class="violations">${violations}</td></tr>`;
  });
  if (rows.length === 0) return '<p class="note">No checker results: run <code>gossiplab check</code> on this directory.</p>';
  return '<table class="checkers"><thead><tr><th>checker</th><th>verdict</th><th>key figures</th><th>bounds, and where each comes from</th><th>violations, with their evidence</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table>`;
}

export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

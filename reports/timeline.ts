// The run's timeline as inline SVG: fault windows in lanes on top (skipped ones
// dashed), one row per node with its true lifecycle, the faults aimed at it and
// what the other nodes said about it (timeline-marks.ts), then one row per
// touched link (timeline-links.ts). Every mark has a <title> and links to its
// history line. It reads without JavaScript; timeline-script.ts adds zoom and pan.

import type { HistoryEvent } from '../src/history/types.js';
import type { FalsePositiveMark } from './charts/spread.js';
import { esc, fmtSeconds } from './escape.js';
import type { ReportModel } from './model.js';
import { linkRows, linkRowsSvg } from './timeline-links.js';
import { marksNote, observationMarks } from './timeline-marks.js';
import { clip } from './verdicts.js';
import { glyph, label, LEFT, link, PW, span, ticks, TimeScale, TRIANGLE_DOWN, TRIANGLE_UP, vline, W } from './timeline-svg.js';

const LANE = 16, ROW = 20, LINK_ROW = 14, FAULT_TOP = 22;
const LABELLED_PHASES: ReadonlySet<string> = new Set(['nemesis', 'heal', 'quiesce', 'teardown']);
const LIFECYCLE_GLYPH: Record<string, [string, string]> = {
  killed: [TRIANGLE_DOWN, 'lc-killed'], restarted: [TRIANGLE_UP, 'lc-up'], started: [TRIANGLE_UP, 'lc-up'], joined: [TRIANGLE_UP, 'lc-up'],
  paused: [TRIANGLE_DOWN, 'lc-paused'], resumed: [TRIANGLE_UP, 'lc-paused'], left: [TRIANGLE_DOWN, 'lc-left'],
};

export function timelineSection(m: ReportModel, fps: FalsePositiveMark[]): string {
  const { truth } = m;
  const s = new TimeScale(Math.max(truth.endT, 1));
  const lanesEnd: number[] = [];
  // A crash is an instant (its fault is never stopped): a thin mark, not a bar to the end.
  const endOf = (f: (typeof truth.faults)[number]): number => (f.kind === 'crash' ? f.from : f.to);
  const laneOf = truth.faults.map((f) => {
    const minEnd = f.from + truth.endT / 10;
    let lane = lanesEnd.findIndex((end) => end <= f.from);
    if (lane < 0) lane = lanesEnd.push(0) - 1;
    lanesEnd[lane] = Math.max(Number.isFinite(endOf(f)) ? endOf(f) : truth.endT, minEnd);
    return lane;
  });
  const rowsTop = FAULT_TOP + Math.max(1, lanesEnd.length) * LANE + 10;
  const rowY = new Map(truth.nodes.map((n, i) => [n, rowsTop + i * ROW]));
  const links = linkRows(truth.links);
  const linksTop = rowsTop + truth.nodes.length * ROW + (links.rows.length ? 16 : 0);
  const height = linksTop + links.rows.length * LINK_ROW + 30;
  const life: string[] = [], shade: string[] = [], plot: string[] = [], labels: string[] = [];
  const net = new Set(truth.links.map((l) => l.faultId));

  truth.faults.forEach((f, i) => {
    const y = FAULT_TOP + laneOf[i]! * LANE;
    const when = `${fmtSeconds(f.from)} (line ${f.fromLine})${Number.isFinite(f.to) ? ` to ${fmtSeconds(f.to)} (line ${f.toLine})` : ', never stopped'}`;
    const start = m.events[f.fromLine - 1];
    const params = start?.type === 'fault' && Object.keys(start.params).length ? ` ${clip(JSON.stringify(start.params), 160)}` : '';
    const title = `${f.id}: ${f.kind} on ${f.targets.join(', ')}${params}, ${when}${f.skipped ? `. SKIPPED: ${f.skipped}` : ''}`;
    const cls = `fault fault-${esc(f.kind)}${f.skipped ? ' fault-skipped' : ''}`;
    plot.push(link(`#L${f.fromLine}`, span(s, f.from, endOf(f), y, LANE - 3, cls, title, ` data-fault="${esc(f.id)}"`)),
      label(s, f.from, y + LANE - 6, `${f.id}${f.skipped ? ' (skipped)' : ''}`, 'fault-label'));
    if (f.skipped) return;
    if (f.kind !== 'crash') shade.push(span(s, f.from, f.to, rowsTop - 2, height - rowsTop - 26, 'fault-shade', title));
    if (f.kind === 'crash' || net.has(f.id)) return;
    for (const t of f.targets) {
      const ry = rowY.get(t);
      if (ry !== undefined) plot.push(span(s, f.from, f.to, ry + ROW - 6, 4, `fault-strip fault-${esc(f.kind)}`, title));
    }
  });
  for (const node of truth.nodes) {
    const y = rowY.get(node)!;
    labels.push(`<text x="${LEFT - 6}" y="${y + 14}" text-anchor="end" class="node-label">${esc(node)}</text>`);
    for (const iv of truth.lifecycle[node] ?? []) {
      const what = `${node} ${iv.state} from ${fmtSeconds(iv.from)}${iv.from > 0 ? ` (line ${iv.fromLine})` : ''}${Number.isFinite(iv.to) ? ` to ${fmtSeconds(iv.to)}` : ''}`;
      life.push(span(s, iv.from, iv.to, y + 3, ROW - 8, `life life-${iv.state}`, what));
    }
  }
  plot.push(...lifecycleMarks(m.events, s, rowY));
  const marks = observationMarks(m, fps, s, rowY, ROW);
  plot.push(marks.svg);
  if (links.rows.length) {
    labels.push(`<text x="${LEFT - 6}" y="${linksTop - 4}" text-anchor="end" class="section-label">links</text>`);
    const svg = linkRowsSvg(links.rows, s, linksTop, LINK_ROW, LEFT - 6);
    labels.push(svg.labels);
    plot.push(svg.bars);
  }
  let stagger = 0, lastX = -Infinity;
  m.events.forEach((e, i) => {
    if (e.type !== 'phase' || !LABELLED_PHASES.has(e.name)) return;
    stagger = s.x(e.t) - lastX < 60 ? stagger + 1 : 0;
    lastX = s.x(e.t);
    plot.push(`<g class="phase"><title>${esc(`phase ${e.name} at ${fmtSeconds(e.t)} (line ${i + 1})`)}</title>${vline(s, e.t, rowsTop - 4, height - 22, 'phase-line')}`
      + `${label(s, e.t, height - 10 + 8 * (stagger % 2) - 4, e.name, 'phase-label')}</g>`);
  });
  const tickSvg = ticks(0, s.endMs).map((t) => `<line class="grid" x1="${s.x(t)}" x2="${s.x(t)}" y1="14" y2="${height - 20}"/><text class="tick" x="${s.x(t)}" y="11" text-anchor="middle">${t / 1000}s</text>`).join('');
  const svg = `<svg id="tl" class="timeline" viewBox="0 0 ${W} ${height}" width="100%" data-end="${Math.round(s.endMs)}" data-left="${LEFT}" data-width="${PW}" role="img" aria-label="run timeline">`
    + `<defs><clipPath id="tl-clip"><rect x="${LEFT}" y="0" width="${PW}" height="${height}"/></clipPath></defs>`
    + `<g id="tl-ticks">${tickSvg}</g>${labels.join('')}<g clip-path="url(#tl-clip)">${life.join('')}${shade.join('')}${plot.join('')}</g>`
    + `<rect id="tl-brush" x="0" y="0" width="0" height="${height}" hidden/></svg>`;
  return `${LEGEND}${CONTROLS}${marksNote(marks)}${links.note}<div class="tl-wrap">${svg}</div>${entries(m.events)}`;
}

function lifecycleMarks(events: readonly HistoryEvent[], s: TimeScale, rowY: Map<string, number>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  events.forEach((e, i) => {
    if (e.type !== 'node') return;
    const first = !seen.has(e.node) && (e.event === 'started' || e.event === 'joined');
    seen.add(e.node);
    const y = rowY.get(e.node);
    const g = LIFECYCLE_GLYPH[e.event];
    if (first || y === undefined || !g) return;
    const up = g[0] === TRIANGLE_UP;
    out.push(link(`#L${i + 1}`, glyph(s, e.t, up ? y + 1 : y + 8, g[0], `lc ${g[1]}`, `${e.node} ${e.event} at ${fmtSeconds(e.t)} (line ${i + 1})`)));
  });
  return out;
}

const LEGEND = `<p class="legend"><span class="sw life-up"></span>up <span class="sw life-crashed"></span>crashed <span class="sw life-paused"></span>paused
<span class="sw life-left"></span>left <span class="sw life-down"></span>not started <span class="sw fault"></span>fault window <span class="sw fault-skipped"></span>skipped fault
<span class="sw fault-strip"></span>fault aimed at the node
<span class="lg lc-killed">▼</span>killed/left <span class="lg lc-up">▲</span>(re)started/joined <span class="lg lc-paused">▼▲</span>paused/resumed
<span class="dot"></span>suspected by a node <span class="cross">×</span>declared dead <span class="cross removed">×</span>removed <span class="ring"></span>false positive
<span class="sw link-cut"></span>link cut <span class="sw link-lossy"></span>lossy link <span class="sw link-other"></span>degraded link</p>`;

const CONTROLS = `<div class="tl-controls" id="tl-controls" hidden>
<button type="button" data-zoom="in">+ zoom in</button><button type="button" data-zoom="out">− zoom out</button>
<button type="button" data-zoom="left">◀</button><button type="button" data-zoom="right">▶</button>
<button type="button" data-zoom="reset">whole run</button> <span id="tl-window"></span>
<button type="button" id="tl-to-evidence">list this window in the evidence browser</button>
<span class="hint">drag to pan · shift-drag to select a window · double-click to zoom in · ctrl+wheel to zoom</span></div>`;

/** Faults, lifecycle, phases and harness notes as a list, each linking to its line. */
function entries(events: readonly HistoryEvent[]): string {
  const rows: string[] = [];
  events.forEach((e, i) => {
    let what: string | undefined;
    switch (e.type) {
      case 'fault': what = `fault ${e.phase} ${e.id}: ${e.kind} on ${e.targets.join(', ')}${e.skipped ? ` (SKIPPED: ${e.skipped})` : ''}`; break;
      case 'node': what = `${e.node} ${e.event}`; break;
      case 'phase': what = `phase ${e.name}`; break;
      case 'note': what = `${e.level}: ${e.message}`; break;
      case 'update': what = `update injected at ${e.node}: ${e.key} v${e.version}`; break;
      case 'run': case 'obs': case 'view': break;
      default: { const never: never = e; return never; }
    }
    if (what !== undefined) rows.push(`<tr><td><a href="#L${i + 1}">line ${i + 1}</a></td><td>${esc(fmtSeconds(e.t))}</td><td>${esc(what)}</td></tr>`);
  });
  return `<details class="entries"><summary>Timeline entries as a list (${rows.length})</summary><table class="entries"><tbody>${rows.join('')}</tbody></table></details>`;
}

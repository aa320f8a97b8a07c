// The run's timeline as inline SVG (no script needed): fault windows in lanes on
// top, one row per node showing its true lifecycle (up, crashed, paused, left),
// and what other nodes said about it (suspect, dead, removed markers). Every
// mark has a <title> naming the time and history line, for hover.

import type { HistoryEvent } from '../src/history/types.js';
import type { NodeState, Truth } from '../checkers/truth.js';
import type { Views } from '../checkers/views.js';
import { faultWindows } from './charts.js';
import { esc, fmtSeconds } from './escape.js';

const W = 1100, LEFT = 64, RIGHT = 16, LANE = 16, ROW = 22, MAX_MARKERS = 4000;

/** setup, teardown and done only frame the run; marking them would crowd the interesting ones. */
const LABELLED_PHASES: ReadonlySet<string> = new Set(['nemesis', 'heal', 'quiesce']);

const STATE_FILL: Record<NodeState, string> = {
  up: '#cfe8cf', crashed: '#5a5a5a', paused: '#f3c873', left: '#b0b0b0', down: '#f2f2f2',
};

export function timelineSvg(events: readonly HistoryEvent[], truth: Truth, views: Views): string {
  const endMs = Math.max(truth.endT, 1);
  const x = (ms: number): number => LEFT + (Math.min(ms, endMs) / endMs) * (W - LEFT - RIGHT);
  const windows = faultWindows(truth);
  const faults = truth.faults.filter((f) => !f.skipped);
  const lanes = Math.max(1, ...windows.map((w) => w.lane + 1));
  const rowsTop = 26 + lanes * LANE + 6;
  const rowOf = new Map(truth.nodes.map((n, i) => [n, rowsTop + i * ROW]));
  const height = rowsTop + truth.nodes.length * ROW + 30;
  const out: string[] = [];

  for (const t of ticks(endMs)) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="14" y2="${height - 20}" class="grid"/>`,
      `<text x="${x(t)}" y="11" text-anchor="middle" class="tick">${t / 1000}s</text>`);
  }
  faults.forEach((f, i) => {
    const w = windows[i]!;
    const x1 = x(f.from), x2 = Math.max(x1 + 3, x(w.to * 1000));
    const y = 24 + w.lane * LANE;
    const when = `${fmtSeconds(f.from)} (line ${f.fromLine})${f.to === Infinity ? ', never stopped' : ` to ${fmtSeconds(f.to)} (line ${f.toLine})`}`;
    const title = `<title>${esc(`${f.id}: ${f.kind} on ${f.targets.join(', ')}, ${when}`)}</title>`;
    out.push(`<g class="fault fault-${esc(f.kind)}">${title}<rect x="${x1}" y="${y}" width="${x2 - x1}" height="${LANE - 3}"/>`
      + `<text x="${x1 + 3}" y="${y + LANE - 6}">${esc(w.label)}</text></g>`);
    if (f.kind !== 'crash') {
      out.push(`<rect class="fault-shade" x="${x1}" y="${rowsTop - 2}" width="${x2 - x1}" height="${truth.nodes.length * ROW}">${title}</rect>`);
    }
  });
  for (const node of truth.nodes) {
    const y = rowOf.get(node)!;
    out.push(`<text x="${LEFT - 6}" y="${y + 14}" text-anchor="end" class="node">${esc(node)}</text>`);
    for (const iv of truth.lifecycle[node] ?? []) {
      const x1 = x(iv.from), x2 = x(Math.min(iv.to, endMs));
      const what = `${node} ${iv.state} from ${fmtSeconds(iv.from)}${iv.from > 0 ? ` (line ${iv.fromLine})` : ''}`;
      out.push(`<rect class="life life-${iv.state}" x="${x1}" y="${y + 3}" width="${Math.max(0, x2 - x1)}" height="${ROW - 8}" fill="${STATE_FILL[iv.state]}"><title>${esc(what)}</title></rect>`);
      if (iv.from > 0) out.push(`<path class="lifecycle-mark" d="M${x1},${y + 1} l4,-5 h-8 z"><title>${esc(what)}</title></path>`);
    }
  }
  let markers = 0;
  for (const st of views.steps) {
    if (st.reset || (st.state !== 'suspect' && st.state !== 'dead' && st.state !== 'removed')) continue;
    const y = rowOf.get(st.member);
    if (y === undefined || ++markers > MAX_MARKERS) continue;
    const cx = x(st.t), cy = y + ROW / 2 - 1;
    const title = `<title>${esc(`${st.observer} saw ${st.member} ${st.state} at ${fmtSeconds(st.t)} (line ${st.line})`)}</title>`;
    out.push(st.state === 'suspect'
      ? `<circle class="mark-suspect" cx="${cx}" cy="${cy}" r="3">${title}</circle>`
      : `<path class="mark-${st.state}" d="M${cx - 3},${cy - 3} l6,6 m0,-6 l-6,6">${title}</path>`);
  }
  let lastLabel = -Infinity, stagger = 0;
  events.forEach((e, i) => {
    if (e.type !== 'phase' || !LABELLED_PHASES.has(e.name)) return;
    stagger = x(e.t) - lastLabel < 50 ? stagger + 1 : 0;
    lastLabel = x(e.t);
    out.push(`<g class="phase"><line x1="${x(e.t)}" x2="${x(e.t)}" y1="${rowsTop - 4}" y2="${height - 18}"/>`
      + `<text x="${x(e.t) + 2}" y="${height - 8 + 8 * (stagger % 2)}">${esc(e.name)}</text><title>${esc(`phase ${e.name} at ${fmtSeconds(e.t)} (line ${i + 1})`)}</title></g>`);
  });
  const dropped = markers > MAX_MARKERS ? `<p class="note">${markers - MAX_MARKERS} more observation markers were left out.</p>` : '';
  return `<svg class="timeline" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="run timeline">`
    + `${out.join('')}</svg>${dropped}`;
}

/** Round tick steps in ms, at most ~12 ticks. */
function ticks(endMs: number): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3600].map((s) => s * 1000);
  const step = steps.find((s) => endMs / s <= 12) ?? Math.ceil(endMs / 12);
  const out: number[] = [];
  for (let t = 0; t <= endMs; t += step) out.push(t);
  return out;
}

/** The same events as a list, for reading and searching: faults, lifecycle and phases. */
export function timelineEntries(events: readonly HistoryEvent[]): { t: number; line: number; what: string }[] {
  const out: { t: number; line: number; what: string }[] = [];
  events.forEach((e, i) => {
    const line = i + 1;
    switch (e.type) {
      case 'fault':
        out.push({ t: e.t, line, what: `fault ${e.phase} ${e.id}: ${e.kind} on ${e.targets.join(', ')}${e.skipped ? ` (skipped: ${e.skipped})` : ''}` });
        break;
      case 'node': out.push({ t: e.t, line, what: `${e.node} ${e.event}` }); break;
      case 'phase': out.push({ t: e.t, line, what: `phase ${e.name}` }); break;
      case 'note': if (e.level !== 'info') out.push({ t: e.t, line, what: `${e.level}: ${e.message}` }); break;
      case 'run': case 'obs': case 'view': case 'update': break;
      default: { const never: never = e; return never; }
    }
  });
  return out;
}

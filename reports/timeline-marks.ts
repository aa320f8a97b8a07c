// What nodes said about each member, on the member's timeline row: suspect
// (amber dot), dead (red cross), removed (blue cross), and the accusations the
// false-positives checker judged false (a magenta ring). Each mark links to its
// history line. Past MAX_MARKERS the marks are aggregated into time bins per
// row and kind, and the page says so: nothing is dropped without a word.

import { esc, fmtSeconds } from './escape.js';
import type { FalsePositiveMark } from './charts/spread.js';
import type { ReportModel } from './model.js';
import { CROSS, dot, glyph, link, type TimeScale } from './timeline-svg.js';

export const MAX_MARKERS = 3000;

interface Mark { row: string; kind: 'suspect' | 'dead' | 'removed' | 'fp'; t: number; line: number; what: string; observer: string }

export interface MarksOut { svg: string; total: number; binMs?: number; bins?: number }

export function observationMarks(m: ReportModel, fps: FalsePositiveMark[], s: TimeScale, rowY: Map<string, number>, rowH: number): MarksOut {
  const marks: Mark[] = [];
  for (const st of m.views.steps) {
    if (st.reset || (st.state !== 'suspect' && st.state !== 'dead' && st.state !== 'removed') || !rowY.has(st.member)) continue;
    marks.push({ row: st.member, kind: st.state, t: st.t, line: st.line, observer: st.observer, what: `${st.observer} saw ${st.member} ${st.state}` });
  }
  for (const f of fps) {
    if (!rowY.has(f.member)) continue;
    marks.push({ row: f.member, kind: 'fp', t: f.t * 1000, line: f.line, observer: f.observer,
      what: `FALSE POSITIVE (${f.condition}): ${f.observer} declared ${f.member} ${f.state}` });
  }
  if (marks.length <= MAX_MARKERS) return { svg: marks.map((k) => one(k, s, rowY.get(k.row)! + rowH / 2)).join(''), total: marks.length };
  return binned(marks, s, rowY, rowH);
}

function one(k: Mark, s: TimeScale, cy: number): string {
  const title = `${k.what} at ${fmtSeconds(k.t)} (line ${k.line})`;
  const el = k.kind === 'suspect' ? dot(s, k.t, cy - 1, 3, 'mk-suspect', title)
    : k.kind === 'fp' ? dot(s, k.t, cy, 6.5, 'mk-fp', title)
      : glyph(s, k.t, cy, CROSS, `mk-${k.kind}`, title);
  return link(`#L${k.line}`, el);
}

const BIN_STEPS_MS = [100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

function binned(marks: Mark[], s: TimeScale, rowY: Map<string, number>, rowH: number): MarksOut {
  const group = (w: number): Map<string, Mark[]> => {
    const out = new Map<string, Mark[]>();
    for (const k of marks) {
      const key = `${k.row}\u0000${k.kind}\u0000${Math.floor(k.t / w)}`;
      const list = out.get(key);
      if (list) list.push(k); else out.set(key, [k]);
    }
    return out;
  };
  let w = BIN_STEPS_MS[0]!;
  let groups = group(w);
  for (const step of BIN_STEPS_MS.slice(1)) {
    if (groups.size <= MAX_MARKERS) break;
    w = step;
    groups = group(w);
  }
  const svg: string[] = [];
  for (const list of groups.values()) {
    const k = list[0]!;
    const bin = Math.floor(k.t / w);
    const observers = new Set(list.map((x) => x.observer)).size;
    const lines = list.map((x) => x.line);
    const what = k.kind === 'fp' ? 'false-positive accusation(s)' : `${k.kind} observation(s)`;
    const title = `${list.length} ${what} of ${k.row} by ${observers} observer(s) between ${(bin * w) / 1000} and ${((bin + 1) * w) / 1000} s `
      + `(lines ${Math.min(...lines)}–${Math.max(...lines)}); click for the first`;
    const cy = rowY.get(k.row)! + rowH / 2;
    const t = bin * w + w / 2;
    const r = Math.min(8, 2.5 + Math.log2(list.length));
    const el = k.kind === 'suspect' ? dot(s, t, cy - 1, r, 'mk-suspect bin', title)
      : k.kind === 'fp' ? dot(s, t, cy, r + 3, 'mk-fp bin', title)
        : dot(s, t, cy, r, `mk-${k.kind} bin`, title);
    svg.push(link(`#L${Math.min(...lines)}`, el));
  }
  return { svg: svg.join(''), total: marks.length, binMs: w, bins: groups.size };
}

export function marksNote(out: MarksOut): string {
  if (out.binMs === undefined) return '';
  return `<p class="tl-note warn">This run has ${out.total.toLocaleString('en')} observation marks, more than the ${MAX_MARKERS.toLocaleString('en')} `
    + `drawn one by one: they are aggregated per node and kind into ${esc(out.binMs / 1000)} s bins (${out.bins!.toLocaleString('en')} marks; a bigger mark `
    + 'stands for more observations; hover for the count, click for the first line). Every line is in the evidence browser below.</p>';
}

// Chart data, derived purely from the history: how many members each node sees
// as alive over time, with fault windows to shade. The same Chart.js
// configuration feeds the HTML report (as JSON) and the PNG files, so the two
// always show the same thing.

import type { Truth } from '../checkers/truth.js';
import type { Views } from '../checkers/views.js';

export interface ChartWindow { from: number; to: number; label: string; color: string; lane: number }

export interface ChartSpec {
  /** File-safe name, e.g. "alive-members" (charts/alive-members.png). */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  xMax: number;
  series: { label: string; points: { x: number; y: number | null }[] }[];
  windows: ChartWindow[];
}

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const s = (ms: number): number => Math.round(ms) / 1000;

export function chartSpecs(truth: Truth, views: Views): ChartSpec[] {
  return [aliveMembers(truth, views)];
}

function aliveMembers(truth: Truth, views: Views): ChartSpec {
  const ticks: { t: number; line: number; observer: string }[] = [];
  for (const st of views.steps) ticks.push({ t: st.t, line: st.line, observer: st.observer });
  for (const node of truth.nodes) {
    for (const iv of truth.lifecycle[node] ?? []) ticks.push({ t: iv.from, line: iv.fromLine, observer: node });
  }
  ticks.sort((a, b) => a.line - b.line || a.t - b.t);

  const series = truth.nodes.map((o) => {
    const points: { x: number; y: number | null }[] = [];
    let last: number | null | undefined;
    const emit = (t: number, y: number | null): void => {
      if (y === last) return;
      points.push({ x: s(t), y });
      last = y;
    };
    for (const tick of ticks) if (tick.observer === o) emit(tick.t, aliveCount(o, tick.t, truth, views));
    if (last !== undefined) points.push({ x: s(truth.endT), y: last });
    return { label: o, points };
  });
  return {
    name: 'alive-members',
    title: 'Members each node sees as alive',
    xLabel: 'seconds since run start',
    yLabel: 'members seen alive',
    xMax: s(truth.endT),
    series,
    windows: faultWindows(truth),
  };
}

function aliveCount(o: string, t: number, truth: Truth, views: Views): number | null {
  const st = truth.stateAt(o, t);
  if (st !== 'up' && st !== 'paused') return null;
  const members = new Set([o, ...views.membersOf(o)]);
  let n = 0;
  for (const m of members) {
    const v = views.stateAt(o, m, t);
    if (v === 'alive' || (m === o && v === 'unknown')) n++;
  }
  return n;
}

/** Network and pause faults shade their whole window; a crash is a thin line at its start. */
export function faultWindows(truth: Truth): ChartWindow[] {
  const lanes: number[] = [];
  return truth.faults.filter((f) => !f.skipped).map((f) => {
    const from = s(f.from);
    const to = f.kind === 'crash' ? from : s(Math.min(f.to, truth.endT));
    let lane = lanes.findIndex((end) => end <= from);
    if (lane < 0) lane = lanes.push(0) - 1;
    lanes[lane] = Math.max(to, from + truth.endT / 1000 / 12);
    const color = f.kind === 'crash' ? 'rgba(60,60,60,0.5)' : f.kind === 'partition' ? 'rgba(220,50,47,0.12)' : 'rgba(203,75,22,0.10)';
    return { from, to, label: f.kind === 'crash' ? `${f.id} (${f.targets.join(',')})` : f.id, color, lane };
  });
}

/** A JSON-only Chart.js configuration (no functions), for both the browser and node-canvas. */
export function chartConfig(spec: ChartSpec): Record<string, unknown> {
  return {
    type: 'line',
    data: {
      datasets: spec.series.map((ser, i) => ({
        label: ser.label,
        data: ser.points,
        stepped: true,
        spanGaps: false,
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 1.5,
        pointRadius: 0,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, max: spec.xMax, title: { display: true, text: spec.xLabel } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.yLabel } },
      },
      plugins: {
        title: { display: true, text: spec.title },
        legend: { position: 'bottom' },
        faultWindows: { windows: spec.windows },
      },
    },
  };
}

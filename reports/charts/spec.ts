// The chart description shared by the HTML pages and the PNG files: a name, a
// title and one JSON-only Chart.js configuration (no functions), so the browser
// and node-canvas draw exactly the same chart. A chart with nothing to show
// carries `empty` (why) instead of axes without data.

import type { Truth } from '../../checkers/truth.js';

export interface ChartSpec {
  /** File-safe name: charts/<name>.png and the canvas id chart-<name>. */
  name: string;
  title: string;
  /** Set when the run has no data for this chart: the page says so instead of drawing empty axes. */
  empty?: string;
  config: Record<string, unknown>;
}

export interface Point { x: number; y: number | null; [extra: string]: unknown }
/**
 * `stepped` follows Chart.js: 'before' (or true) holds each value until the next
 * point, then steps (a count that changes at events); 'after' steps at the
 * previous point (a rate measured over the interval that ends at the point).
 */
export interface Series {
  label: string; points: Point[]; color?: string;
  stepped?: boolean | 'before' | 'after'; showLine?: boolean; dashed?: boolean; pointRadius?: number;
}
export interface ChartWindow { from: number; to: number; label: string; color: string; lane: number }
export interface RefLine { axis: 'x' | 'y'; value: number; label: string; color?: string; dash?: boolean; at?: 'top' | 'bottom' }
export interface Axes { x: string; y: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number; yLog?: boolean }

/** The y axis reaches every horizontal reference line (a bound above the data is still drawn). */
function yReach(o: Overlays): number | undefined {
  const ys = (o.lines ?? []).filter((l) => l.axis === 'y').map((l) => l.value * 1.08);
  return ys.length ? Math.max(...ys) : undefined;
}
export interface Overlays { windows?: ChartWindow[]; lines?: RefLine[]; pointLabels?: boolean }

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A stable colour per index: the palette, then golden-angle hues for big clusters. */
export function colorAt(i: number): string {
  return i < PALETTE.length ? PALETTE[i]! : `hsl(${Math.round((i * 137.508) % 360)}, 62%, 42%)`;
}

/** More series than this and the legend is hidden (the subtitle says so; tooltips still name them). */
const MAX_LEGEND = 16;

export function emptyChart(name: string, title: string, why: string): ChartSpec {
  return { name, title, empty: why, config: {} };
}

/** A line or scatter chart over a linear x axis. */
export function lineChart(name: string, title: string, subtitle: string, series: Series[], axes: Axes, overlays: Overlays = {}): ChartSpec {
  const legend = series.length <= MAX_LEGEND;
  const sub = legend ? subtitle : `${subtitle}${subtitle ? ' · ' : ''}${series.length} series, legend hidden (hover a line for its name)`;
  return {
    name, title,
    config: {
      type: 'line',
      data: {
        datasets: series.map((s, i) => ({
          label: s.label, data: s.points.map((p) => ({ ...p, x: Math.round(p.x * 1000) / 1000 })),
          stepped: s.stepped ?? false, spanGaps: false, showLine: s.showLine ?? true,
          borderColor: s.color ?? colorAt(i), backgroundColor: s.color ?? colorAt(i),
          borderWidth: 1.5, borderDash: s.dashed ? [6, 4] : [], pointRadius: s.pointRadius ?? 0, pointHoverRadius: 4,
        })),
      },
      options: base(title, sub, legend, overlays, {
        x: { type: 'linear', min: axes.xMin, max: axes.xMax, title: { display: true, text: axes.x } },
        y: axes.yLog
          ? { type: 'logarithmic', title: { display: true, text: axes.y } }
          : { beginAtZero: true, min: axes.yMin, max: axes.yMax, suggestedMax: yReach(overlays), title: { display: true, text: axes.y } },
      }, true),
    },
  };
}

export interface CategorySeries {
  label: string; values: (number | null)[]; color: string;
  /** Per-point colours and radii (line charts), e.g. to flag regressions. */
  pointColors?: string[]; pointRadii?: number[];
}

/** A grouped bar chart (or a line chart) over categories such as crashes or dates. */
export function categoryChart(name: string, title: string, subtitle: string, labels: string[], sets: CategorySeries[], axes: Axes,
  overlays: Overlays = {}, type: 'bar' | 'line' = 'bar'): ChartSpec {
  return {
    name, title,
    config: {
      type,
      data: {
        labels,
        datasets: sets.map((b) => ({
          label: b.label, data: b.values, backgroundColor: b.color, borderColor: b.color,
          ...(type === 'line' ? { spanGaps: true, borderWidth: 2, pointBackgroundColor: b.pointColors ?? b.color, pointRadius: b.pointRadii ?? 3 } : {}),
        })),
      },
      options: base(title, subtitle, true, overlays, {
        x: { title: { display: true, text: axes.x } },
        y: { beginAtZero: true, suggestedMax: yReach(overlays), title: { display: true, text: axes.y } },
      }, false),
    },
  };
}

function base(title: string, subtitle: string, legend: boolean, o: Overlays, scales: Record<string, unknown>, linear: boolean): Record<string, unknown> {
  return {
    animation: false,
    maintainAspectRatio: false,
    ...(linear ? { parsing: false, normalized: true } : {}),
    interaction: { mode: 'nearest', intersect: false },
    scales,
    plugins: {
      title: { display: true, text: title, font: { size: 14 } },
      subtitle: { display: subtitle !== '', text: wrap(subtitle), color: '#555', padding: { bottom: 8 } },
      legend: { display: legend, position: 'bottom' },
      faultWindows: { windows: o.windows ?? [] },
      refLines: { lines: o.lines ?? [] },
      pointLabels: { enabled: o.pointLabels ?? false },
    },
  };
}

/** Chart.js does not wrap titles: long subtitles become lines, broken at ' · ' separators. */
function wrap(text: string, width = 95): string[] {
  const lines: string[] = [];
  for (const part of text.split(' · ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + part.length + 3 <= width) lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(part);
  }
  return lines;
}

/** Network, pause and other faults shade their window; a crash is a thin line at its start. Seconds. */
export function faultWindows(truth: Truth): ChartWindow[] {
  const lanes: number[] = [];
  const s = (ms: number): number => Math.round(ms) / 1000;
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

/** Points per series for a chart of `n` series: about 20k points per chart in all, so a 50-node chart stays light. */
export function pointBudget(n: number): number {
  return Math.max(200, Math.min(1500, Math.floor(20_000 / Math.max(1, n))));
}

/**
 * At most `max` points: beyond that, each bucket of the x range keeps its minimum
 * and maximum (so spikes survive). Returns the bucket width (x units) when it did.
 */
export function resample(points: Point[], max: number): { points: Point[]; bucket?: number } {
  if (points.length <= max || points.length < 2) return { points };
  const x0 = points[0]!.x, x1 = points.at(-1)!.x;
  const buckets = Math.max(1, Math.floor(max / 2));
  const width = (x1 - x0) / buckets || 1;
  const out: Point[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < points.length; b++) {
    const end = b === buckets - 1 ? Infinity : x0 + (b + 1) * width;
    let lo: Point | undefined, hi: Point | undefined, gap: Point | undefined;
    for (; i < points.length && points[i]!.x < end; i++) {
      const p = points[i]!;
      if (p.y === null) { gap ??= p; continue; }
      if (!lo || p.y < lo.y!) lo = p;
      if (!hi || p.y > hi.y!) hi = p;
    }
    // A gap (the node was down) stays a gap: a null point breaks the line.
    out.push(...[...new Set([lo, hi, gap])].filter((p): p is Point => p !== undefined).sort((a, b) => a.x - b.x));
  }
  return { points: out, bucket: width };
}

// Messages and bytes each node sends per second, from its `stats` lines. The
// cumulative-counter arithmetic (subtract consecutive lines of one process, a
// restart starts a new baseline, an interval lasts what the node's own clock says
// unless a clock fault was on it) is the load checker's own (load-series.ts), so
// the chart and the verdict can never disagree on what a node sent.

import { seriesOf } from '../../checkers/load-series.js';
import type { ReportModel } from '../model.js';
import { colorAt, emptyChart, faultWindows, lineChart, pointBudget, resample, type ChartSpec, type Point, type RefLine } from './spec.js';

export function loadCharts(m: ReportModel): ChartSpec[] {
  const series = [...seriesOf(m.events, m.truth.faults).values()].filter((s) => s.intervals.length > 0);
  const make = (name: string, title: string, field: 'sentBytes' | 'sentMsgs', unit: string, bound?: string): ChartSpec => {
    if (series.length === 0) return emptyChart(name, title, 'no node printed two `stats` lines from one process (stats are optional in the node contract, or disabled)');
    let bucket: number | undefined;
    const lines = series.map((s) => {
      const points: Point[] = [];
      let lastTo: number | undefined;
      for (const iv of s.intervals) {
        if (lastTo !== undefined && iv.from > lastTo) points.push({ x: lastTo / 1000, y: null });
        points.push({ x: iv.to / 1000, y: Math.round((iv[field] / (iv.ms / 1000)) * 10) / 10 });
        lastTo = iv.to;
      }
      const r = resample(points, pointBudget(series.length));
      bucket = r.bucket ?? bucket;
      const idx = m.truth.nodes.indexOf(s.node);
      return { label: s.node, points: r.points, stepped: 'after' as const, color: colorAt(idx >= 0 ? idx : 0) };
    });
    const refs: RefLine[] = [];
    const top = Math.max(0, ...lines.flatMap((l) => l.points.map((p) => p.y ?? 0)));
    const b = bound ? m.results['load']?.bounds[bound] : undefined;
    // A bound far above the data would flatten it: then the subtitle states the bound instead.
    const offScale = b !== undefined && b.value > top * 3;
    if (b && bound && !offScale) refs.push({ axis: 'y', value: b.value, label: `load.${bound} ≤ ${b.value} ${b.unit}`, color: '#c62828', dash: true });
    const mode = series.some((s) => s.mode === 'per-interval') ? 'per-interval counters' : 'cumulative counters, consecutive lines subtracted';
    const perDigest = bound ? m.results['load']?.bounds['digestReplyBytes'] : undefined;
    const sub = [`sent, from ${mode}`, 'shaded: fault windows',
      b && offScale ? `bound load.${bound} = ${b.value} ${b.unit}, far above every value (not drawn)` : '',
      b && perDigest?.value ? `an interval may exceed it by ${perDigest.value} ${perDigest.unit} per \`digest\` received (load.digestReplyBytes)` : '',
      bucket ? `downsampled: each ${bucket.toFixed(1)} s bucket shows its min and max` : ''].filter(Boolean).join(' · ');
    return lineChart(name, title, sub, lines, { x: 'seconds since run start', y: unit, xMin: 0, xMax: m.truth.endT / 1000 },
      { windows: faultWindows(m.truth), lines: refs });
  };
  return [
    make('load-bytes', 'Bytes sent per node per second', 'sentBytes', 'bytes / s', 'maxBytesPerSec'),
    make('load-msgs', 'Messages sent per node per second', 'sentMsgs', 'messages / s'),
  ];
}

// Failure-detector internals over time, from the optional `detector` lines:
// Lifeguard's local health (awareness) per node, phi per member against the
// run's phiThreshold, and the suspicion timeouts observers were running. Phi is
// reported by every observer for every member: the chart keeps, per member and
// time bucket, the highest value any observer reported (the one that convicts).

import type { ObsOf } from '../../src/history/types.js';
import { num, type ReportModel } from '../model.js';
import { colorAt, emptyChart, faultWindows, lineChart, pointBudget, resample, type ChartSpec, type Point, type Series } from './spec.js';

export function detectorCharts(m: ReportModel): ChartSpec[] {
  const lines: ObsOf<'detector'>[] = [];
  for (const e of m.events) if (e.type === 'obs' && e.obs === 'detector') lines.push(e);
  return [awareness(m, lines), phi(m, lines), suspicion(m, lines)];
}

const colorOf = (m: ReportModel, node: string, i: number): string => {
  const idx = m.truth.nodes.indexOf(node);
  return colorAt(idx >= 0 ? idx : m.truth.nodes.length + i);
};

function awareness(m: ReportModel, lines: ObsOf<'detector'>[]): ChartSpec {
  const name = 'detector-awareness', title = 'Local health (Lifeguard awareness) per node';
  const by = new Map<string, Point[]>();
  for (const e of lines) {
    if (typeof e.awareness !== 'number') continue;
    const list = by.get(e.node) ?? [];
    if (list.at(-1)?.y !== e.awareness) list.push({ x: e.t / 1000, y: e.awareness });
    by.set(e.node, list);
  }
  if (by.size === 0) return emptyChart(name, title, 'no `detector` line carried `awareness` (detector lines are optional in the node contract)');
  const end = m.truth.endT / 1000;
  let bucket: number | undefined;
  const series = [...by.entries()].map(([node, p], i) => {
    const r = resample([...p, { x: end, y: p.at(-1)!.y }], pointBudget(by.size));
    bucket = r.bucket ?? bucket;
    return { label: node, points: r.points, stepped: 'before' as const, color: colorOf(m, node, i) };
  });
  const max = num(m.params?.['awarenessMaxMultiplier']);
  const note = bucket ? ` · downsampled: each ${bucket.toFixed(1)} s bucket shows its min and max` : '';
  return lineChart(name, title, `0 is healthy; probe timeouts scale by (awareness + 1)${max !== undefined ? ` · awarenessMaxMultiplier ${max}` : ''} · shaded: fault windows${note}`,
    series, { x: 'seconds since run start', y: 'awareness', xMin: 0, xMax: end }, { windows: faultWindows(m.truth) });
}

function phi(m: ReportModel, lines: ObsOf<'detector'>[]): ChartSpec {
  const name = 'detector-phi', title = 'Phi per member (highest over observers) vs threshold';
  const withPhi = lines.filter((e) => e.phi && Object.keys(e.phi).length > 0);
  if (withPhi.length === 0) {
    const det = m.params?.['detector'];
    return emptyChart(name, title, `no \`detector\` line carried phi values${typeof det === 'string' ? ` (this run's detector is ${det})` : ''}`);
  }
  const end = m.truth.endT / 1000;
  const bucket = Math.max(0.5, end / pointBudget(m.truth.nodes.length));
  const by = new Map<string, Map<number, number>>();
  for (const e of withPhi) {
    const b = Math.floor(e.t / 1000 / bucket);
    for (const [member, v] of Object.entries(e.phi!)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      let mm = by.get(member);
      if (!mm) by.set(member, (mm = new Map()));
      mm.set(b, Math.max(mm.get(b) ?? -Infinity, v));
    }
  }
  const series: Series[] = [...by.entries()].map(([member, mm], i) => ({
    label: member, color: colorOf(m, member, i),
    points: [...mm.entries()].sort((a, b) => a[0] - b[0]).map(([b, v]) => ({ x: Math.round(b * bucket * 1000) / 1000, y: Math.round(v * 100) / 100 })),
  }));
  const threshold = num(m.params?.['phiThreshold']);
  // Phi of a dead member grows without bound: past 3× the threshold the axis is cut (and says so).
  const top = Math.max(...series.flatMap((s) => s.points.map((p) => p.y ?? 0)));
  const cut = threshold !== undefined && top > threshold * 3 ? threshold * 3 : undefined;
  const sub = `each point: the highest phi any observer reported for the member within ${bucket.toFixed(1)} s`
    + `${cut !== undefined ? ` · axis cut at ${cut} (highest value ${top})` : ''} · shaded: fault windows`;
  return lineChart(name, title, sub, series, { x: 'seconds since run start', y: 'phi', xMin: 0, xMax: end, ...(cut !== undefined ? { yMax: cut } : {}) },
    { windows: faultWindows(m.truth), lines: threshold === undefined ? [] : [{ axis: 'y', value: threshold, label: `phiThreshold ${threshold}`, color: '#c62828', dash: true }] });
}

function suspicion(m: ReportModel, lines: ObsOf<'detector'>[]): ChartSpec {
  const name = 'detector-suspicion', title = 'Suspicion timeouts running, by suspected member';
  const by = new Map<string, Point[]>();
  for (const e of lines) {
    for (const [member, ms] of Object.entries(e.suspicion ?? {})) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) continue;
      let list = by.get(member);
      if (!list) by.set(member, (list = []));
      list.push({ x: e.t / 1000, y: ms / 1000, observer: e.node });
    }
  }
  if (by.size === 0) return emptyChart(name, title, 'no `detector` line reported a running suspicion timer');
  let bucket: number | undefined;
  const series = [...by.entries()].map(([member, all], i) => {
    const r = resample(all, pointBudget(by.size));
    bucket = r.bucket ?? bucket;
    return { label: `${member} suspected`, points: r.points, showLine: false, pointRadius: 3, color: colorOf(m, member, i) };
  });
  const note = bucket ? ` · downsampled: each ${bucket.toFixed(1)} s bucket shows its min and max` : '';
  return lineChart(name, title, `each point: one observer's timer for the member, as reported in its detector line (confirmations shorten it) · shaded: fault windows${note}`,
    series, { x: 'seconds since run start', y: 'suspicion timeout (s)', xMin: 0, xMax: m.truth.endT / 1000 }, { windows: faultWindows(m.truth) });
}

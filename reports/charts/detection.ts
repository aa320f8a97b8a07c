// Detection charts from the detection checker's per-crash figures (falling back
// to eviction's): latency per crash against its bounds, and the distribution of
// time to first suspicion against SWIM's e/(e-1) probe periods and the schedule
// expectation. The model curve is the geometric law behind e/(e-1):
// P(first probe of the dead node within k periods) = 1 - e^-k.

import { arr, metricsOf, num, record, str, type ReportModel } from '../model.js';
import { categoryChart, emptyChart, lineChart, type ChartSpec, type Point, type RefLine } from './spec.js';

export interface CrashFigures { node: string; at: number; first: number | null; firstDead: number | null; allDead: number | null; accused: boolean }

export function crashFigures(m: ReportModel): CrashFigures[] {
  const fromDetection = arr(metricsOf(m, 'detection')['crashes']);
  const list = fromDetection.length > 0 ? fromDetection : arr(metricsOf(m, 'eviction')['crashes']);
  return list.flatMap((c) => {
    const r = record(c);
    const node = str(r?.['node']);
    const at = num(r?.['at']);
    if (!r || node === undefined || at === undefined) return [];
    const after = (k: string): number | null => num(record(r[k])?.['after']) ?? null;
    return [{
      node, at, first: after('firstAccusation') ?? after('firstSuspect'), firstDead: after('firstDead'),
      allDead: num(r['allDead']) ?? null, accused: arr(r['alreadyAccused']).length > 0,
    }];
  });
}

export function detectionLatencyChart(m: ReportModel): ChartSpec {
  const name = 'detection-latency', title = 'Detection latency per crash';
  const crashes = crashFigures(m);
  if (crashes.length === 0) return emptyChart(name, title, 'no node crashed in this run');
  const lines: RefLine[] = [];
  const bound = (checker: string, b: string, label: string, color: string): void => {
    const v = m.results[checker]?.bounds[b]?.value;
    if (v !== undefined) lines.push({ axis: 'y', value: v, label: `${label} ≤ ${v} s`, color, dash: true });
  };
  bound('detection', 'firstSuspicion', 'detection.firstSuspicion', '#e69a00');
  bound('detection', 'firstDead', 'detection.firstDead', '#c62828');
  bound('eviction', 'detection', 'eviction.detection (all dead)', '#6a1b9a');
  const labels = crashes.map((c) => `${c.node} @ ${c.at} s${c.accused ? ' (already accused)' : ''}`);
  return categoryChart(name, title, 'seconds after the crash · dashed: the bounds they are judged against', labels, [
    { label: 'first suspicion', values: crashes.map((c) => c.first), color: '#f0a020' },
    { label: 'first dead', values: crashes.map((c) => c.firstDead), color: '#d62728' },
    { label: 'all live nodes say dead', values: crashes.map((c) => c.allDead), color: '#6a1b9a' },
  ], { x: 'crash', y: 'seconds after the crash' }, { lines });
}

export function firstSuspicionChart(m: ReportModel): ChartSpec {
  const name = 'first-suspicion', title = 'Time to first suspicion: measured vs SWIM expectation';
  const measured = crashFigures(m).filter((c) => !c.accused && c.first !== null).map((c) => c.first!).sort((a, b) => a - b);
  if (measured.length === 0) return emptyChart(name, title, 'no crash was suspected in this run, so there is no time to first suspicion');
  const d = metricsOf(m, 'detection');
  const swim = num(d['swimExpectation']);
  const schedule = num(d['scheduleExpectation']);
  const mean = measured.reduce((a, x) => a + x, 0) / measured.length;
  const xMax = Math.max(measured.at(-1)!, (swim ?? 0) * 3, (schedule ?? 0) * 1.5) * 1.1;

  const ecdf: Point[] = [{ x: 0, y: 0 }];
  measured.forEach((x, i) => ecdf.push({ x, y: (i + 1) / measured.length }));
  ecdf.push({ x: xMax, y: 1 });
  const series = [{ label: `measured (${measured.length} crash${measured.length > 1 ? 'es' : ''})`, points: ecdf, stepped: 'before' as const, color: '#1f77b4', pointRadius: 3 }];
  const lines: RefLine[] = [{ axis: 'x', value: round(mean), label: `measured mean ${round(mean)} s`, color: '#1f77b4', at: 'bottom' }];
  if (swim !== undefined) {
    const period = swim / (Math.E / (Math.E - 1));
    const model: Point[] = [];
    for (let k = 0; k * period <= xMax; k++) model.push({ x: round(k * period), y: round(1 - Math.exp(-k)) });
    series.push({ label: 'SWIM model: 1 − e^−k after k probe periods', points: model, stepped: 'before', color: '#888', pointRadius: 0 });
    lines.push({ axis: 'x', value: swim, label: `SWIM e/(e−1)·T = ${swim} s`, color: '#2e7d32', dash: true, at: 'bottom' });
  }
  if (schedule !== undefined) lines.push({ axis: 'x', value: schedule, label: `schedule ((N−1)/N + 1)·T = ${schedule} s`, color: '#9467bd', dash: true, at: 'bottom' });
  const sub = swim === undefined
    ? (str(d['expectationSource']) ?? 'no SWIM expectation for this detector')
    : 'cumulative share of crashes first suspected within x seconds';
  return lineChart(name, title, sub, series, { x: 'seconds from crash to first suspicion', y: 'share of crashes', xMin: 0, xMax: round(xMax), yMax: 1 }, { lines });
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

// Two charts of things spreading through the cluster: false accusations over
// time by observer (from the false-positives checker's `events`), and how many
// nodes have each injected update over time (the dissemination checker's
// curves, else rebuilt from the history's `update` lines).

import { arr, metricsOf, num, record, str, type ReportModel } from '../model.js';
import { colorAt, emptyChart, faultWindows, lineChart, type ChartSpec, type Point, type Series } from './spec.js';

export interface FalsePositiveMark { observer: string; member: string; state: string; t: number; line: number; condition: string }

export function falsePositiveMarks(m: ReportModel): FalsePositiveMark[] {
  return arr(metricsOf(m, 'false-positives')['events']).flatMap((e) => {
    const r = record(e);
    const observer = str(r?.['observer']), member = str(r?.['member']), t = num(r?.['t']), line = num(r?.['line']);
    if (observer === undefined || member === undefined || t === undefined || line === undefined) return [];
    return [{ observer, member, state: str(r?.['state']) ?? '?', t, line, condition: str(r?.['condition']) ?? 'healthy' }];
  });
}

export function falsePositivesChart(m: ReportModel): ChartSpec {
  const name = 'false-positives', title = 'False positives over time, by observer';
  if (!m.results['false-positives']) return emptyChart(name, title, 'the false-positives checker did not run');
  const marks = falsePositiveMarks(m);
  if (marks.length === 0) {
    const judged = num(metricsOf(m, 'false-positives')['accusationsJudged']) ?? 0;
    return emptyChart(name, title, `no false positive in this run (${judged} accusation line(s) judged, all justified or excused)`);
  }
  const end = m.truth.endT / 1000;
  const byObserver = new Map<string, FalsePositiveMark[]>();
  for (const f of [...marks].sort((a, b) => a.t - b.t)) {
    const list = byObserver.get(f.observer);
    if (list) list.push(f); else byObserver.set(f.observer, [f]);
  }
  const series: Series[] = [...byObserver.entries()].map(([o, list]) => {
    const points: Point[] = [{ x: 0, y: 0 }, ...list.map((f, i) => ({ x: f.t, y: i + 1 })), { x: end, y: list.length }];
    const idx = m.truth.nodes.indexOf(o);
    return { label: o, points, stepped: 'before', color: colorAt(idx >= 0 ? idx : 0), pointRadius: 0 };
  });
  const healthy = marks.filter((f) => f.condition === 'healthy').length;
  return lineChart(name, title, `accusation lines judged false: ${healthy} of healthy members, ${marks.length - healthy} of degraded ones · shaded: fault windows`,
    series, { x: 'seconds since run start', y: 'false accusations so far', xMin: 0, xMax: end }, { windows: faultWindows(m.truth) });
}

interface Curve { label: string; points: Point[] }

export function disseminationChart(m: ReportModel): ChartSpec {
  const name = 'dissemination', title = 'Dissemination: nodes that have each update';
  const curves = curvesFromMetrics(m) ?? curvesFromHistory(m);
  if (curves.length === 0) return emptyChart(name, title, 'no metadata update was injected in this run');
  const spread = m.results['dissemination']?.bounds['spread']?.value;
  const last = Math.max(...curves.flatMap((c) => c.points.map((p) => p.x)));
  // A bound far beyond every curve would squash them: then the subtitle states it instead.
  const drawn = spread !== undefined && spread <= Math.max(last, 0.001) * 3;
  const lines = drawn ? [{ axis: 'x' as const, value: spread, label: `dissemination.spread ≤ ${spread} s`, color: '#c62828', dash: true }] : [];
  const xMax = Math.max(last * 1.15, drawn ? spread * 1.05 : 0) || 1;
  const sub = ['seconds after the controller injected it', 'one step per node that reported it',
    spread !== undefined && !drawn ? `bound dissemination.spread = ${spread} s, far beyond every curve (not drawn)` : ''].filter(Boolean).join(' · ');
  return lineChart(name, title, sub,
    curves.map((c, i) => ({ ...c, stepped: 'before' as const, color: colorAt(i), pointRadius: 2 })),
    { x: 'seconds after injection', y: 'nodes that have the update', xMin: 0, xMax }, { lines });
}

function curvesFromMetrics(m: ReportModel): Curve[] | undefined {
  const details = arr(metricsOf(m, 'dissemination')['updatesDetail']);
  if (details.length === 0) return undefined;
  return details.flatMap((d) => {
    const r = record(d);
    const curve = arr(r?.['curve']).map(record).filter((p) => p !== undefined);
    if (!r || curve.length === 0) return [];
    const points: Point[] = [{ x: 0, y: 0 }, ...curve.map((p) => ({ x: num(p['t']) ?? 0, y: num(p['count']) ?? 0, node: str(p['node']) }))];
    return [{ label: `${str(r['origin'])}/${str(r['key'])} v${num(r['version'])} @ ${num(r['at'])} s`, points }];
  });
}

/** First receipt per node of each injected update (same member and key, version at least the injected one). */
function curvesFromHistory(m: ReportModel): Curve[] {
  const out: Curve[] = [];
  m.events.forEach((u) => {
    if (u.type !== 'update') return;
    const seen = new Set<string>();
    const points: Point[] = [{ x: 0, y: 0 }];
    for (const e of m.events) {
      if (e.type !== 'obs' || e.obs !== 'update' || e.t < u.t || e.member !== u.node || e.key !== u.key || e.version < u.version || seen.has(e.node)) continue;
      seen.add(e.node);
      points.push({ x: (e.t - u.t) / 1000, y: seen.size, node: e.node });
    }
    if (points.length > 1) out.push({ label: `${u.node}/${u.key} v${u.version} @ ${u.t / 1000} s`, points });
  });
  return out;
}

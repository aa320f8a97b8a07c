// How many members each node sees as alive over time, rebuilt in one sweep over
// the views (each observer keeps a running count), so a 50-node history costs
// one pass, not a lookup per point. A node that is down has no line (a gap).

import type { ReportModel } from '../model.js';
import { colorAt, emptyChart, faultWindows, lineChart, pointBudget, resample, type ChartSpec, type Point } from './spec.js';

export function aliveMembersChart(m: ReportModel): ChartSpec {
  const name = 'alive-members', title = 'Members each node sees as alive';
  const { truth, views } = m;
  if (views.steps.length === 0) return emptyChart(name, title, 'no node reported any member state (no `member` observations)');
  type Tick = { t: number; line: number; observer: string; member?: string; state?: string };
  const ticks: Tick[] = views.steps.map((s) => ({ t: s.t, line: s.line, observer: s.observer, member: s.member, state: s.state }));
  for (const node of truth.nodes) for (const iv of truth.lifecycle[node] ?? []) ticks.push({ t: iv.from, line: iv.fromLine, observer: node });
  ticks.sort((a, b) => a.line - b.line || a.t - b.t);

  const views2 = new Map<string, Map<string, string>>();
  const alive = new Map<string, number>();
  const points = new Map<string, Point[]>(truth.nodes.map((n) => [n, []]));
  const last = new Map<string, number | null>();
  const count = (o: string): number => {
    const selfState = views2.get(o)?.get(o);
    return (alive.get(o) ?? 0) + (selfState === undefined || selfState === 'unknown' || selfState === 'alive' ? 1 : 0);
  };
  for (const tick of ticks) {
    const o = tick.observer;
    if (tick.member !== undefined && tick.state !== undefined) {
      let view = views2.get(o);
      if (!view) views2.set(o, (view = new Map()));
      const before = view.get(tick.member);
      view.set(tick.member, tick.state);
      if (tick.member !== o) alive.set(o, (alive.get(o) ?? 0) + (tick.state === 'alive' ? 1 : 0) - (before === 'alive' ? 1 : 0));
    }
    const st = truth.stateAt(o, tick.t);
    const y = st === 'up' || st === 'paused' ? count(o) : null;
    if (last.get(o) === y) continue;
    last.set(o, y);
    let list = points.get(o);
    if (!list) points.set(o, (list = []));
    list.push({ x: tick.t / 1000, y });
  }
  const end = truth.endT / 1000;
  let bucket: number | undefined;
  const series = [...points.entries()].filter(([, p]) => p.length > 0).map(([node, p], i) => {
    const y = last.get(node);
    if (y !== undefined) p.push({ x: end, y });
    const r = resample(p, pointBudget(points.size));
    bucket = r.bucket ?? bucket;
    return { label: node, points: r.points, stepped: true as const, color: colorAt(truth.nodes.indexOf(node) >= 0 ? truth.nodes.indexOf(node) : i) };
  });
  const note = bucket ? `downsampled: each ${bucket.toFixed(1)} s bucket shows its min and max` : '';
  return lineChart(name, title, ['shaded: fault windows', note].filter(Boolean).join(' · '), series,
    { x: 'seconds since run start', y: 'members seen alive (itself included)', xMin: 0, xMax: end }, { windows: faultWindows(truth) });
}

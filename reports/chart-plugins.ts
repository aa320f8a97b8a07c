// The Chart.js plugins every report chart may use, kept as JavaScript source so
// the very same code runs inlined in the HTML pages and, instantiated here, in
// the PNG renderer. Each reads JSON-only options (options.plugins.<id>), so a
// chart configuration stays plain data:
// - faultWindows: {windows: [{from, to, label, color, lane}]} shaded behind the data (x units);
// - refLines: {lines: [{axis: 'x'|'y', value, label, color, dash, at: 'top'|'bottom'}]} reference lines;
// - errorBars: data points carrying xMin/xMax/yMin/yMax get whiskers;
// - pointLabels: {enabled: true} writes each point's `label` next to it.

export const CHART_PLUGINS_SOURCE = `[{
  id: 'faultWindows',
  beforeDatasetsDraw(chart, _args, opts) {
    const xs = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
    if (!xs || !area || !opts || !opts.windows) return;
    ctx.save();
    ctx.font = '11px sans-serif';
    for (const w of opts.windows) {
      const a = Math.max(area.left, xs.getPixelForValue(w.from));
      const b = Math.min(area.right, xs.getPixelForValue(w.to));
      if (b < a) continue;
      ctx.fillStyle = w.color || 'rgba(220,50,47,0.12)';
      ctx.fillRect(a, area.top, Math.max(2, b - a), area.bottom - area.top);
      if (ctx.measureText(w.label).width > Math.max(b - a, 0) + 60) continue;
      ctx.fillStyle = 'rgba(90,30,30,0.85)';
      ctx.fillText(w.label, a + 3, area.top + 12 + 13 * ((w.lane || 0) % 4));
    }
    ctx.restore();
  }
}, {
  id: 'refLines',
  afterDatasetsDraw(chart, _args, opts) {
    const area = chart.chartArea, ctx = chart.ctx;
    if (!area || !opts || !opts.lines) return;
    ctx.save();
    ctx.font = '11px sans-serif';
    opts.lines.forEach((l, i) => {
      const scale = chart.scales[l.axis === 'y' ? 'y' : 'x'];
      if (!scale) return;
      const p = scale.getPixelForValue(l.value);
      ctx.strokeStyle = l.color || '#555';
      ctx.fillStyle = l.color || '#555';
      ctx.lineWidth = 1.5;
      ctx.setLineDash(l.dash ? [6, 4] : []);
      ctx.beginPath();
      if (l.axis === 'y') {
        if (p < area.top || p > area.bottom) return;
        ctx.moveTo(area.left, p); ctx.lineTo(area.right, p); ctx.stroke();
        // Alternate sides, so labels of close lines do not overprint each other.
        ctx.textAlign = i % 2 ? 'left' : 'right';
        ctx.fillText(l.label, i % 2 ? area.left + 4 : area.right - 4, p - 4);
      } else {
        if (p < area.left || p > area.right) return;
        ctx.moveTo(p, area.top); ctx.lineTo(p, area.bottom); ctx.stroke();
        ctx.fillText(l.label, p + 4, l.at === 'bottom' ? area.bottom - 6 - 13 * (i % 4) : area.top + 12 + 13 * (i % 4));
      }
    });
    ctx.restore();
  }
}, {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx, xs = chart.scales.x, ys = chart.scales.y;
    if (!xs || !ys) return;
    ctx.save();
    chart.data.datasets.forEach((ds, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      ctx.strokeStyle = ds.borderColor || '#333';
      ctx.lineWidth = 1.5;
      (ds.data || []).forEach((pt, j) => {
        const el = meta.data[j];
        if (!el || !pt || typeof pt !== 'object') return;
        const seg = (x1, y1, x2, y2) => { ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke(); };
        if (typeof pt.xMin === 'number' && typeof pt.xMax === 'number') {
          const a = xs.getPixelForValue(pt.xMin), b = xs.getPixelForValue(pt.xMax);
          seg(a, el.y, b, el.y); seg(a, el.y - 4, a, el.y + 4); seg(b, el.y - 4, b, el.y + 4);
        }
        if (typeof pt.yMin === 'number' && typeof pt.yMax === 'number') {
          const a = ys.getPixelForValue(pt.yMin), b = ys.getPixelForValue(pt.yMax);
          seg(el.x, a, el.x, b); seg(el.x - 4, a, el.x + 4, a); seg(el.x - 4, b, el.x + 4, b);
        }
      });
    });
    ctx.restore();
  }
}, {
  id: 'pointLabels',
  afterDatasetsDraw(chart, _args, opts) {
    if (!opts || !opts.enabled) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = '12px sans-serif';
    ctx.fillStyle = '#222';
    chart.data.datasets.forEach((ds, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      (ds.data || []).forEach((pt, j) => {
        const el = meta.data[j];
        if (el && pt && pt.label) ctx.fillText(pt.label, el.x + 7, el.y - 7);
      });
    });
    ctx.restore();
  }
}]`;

export interface ChartPlugin { id: string; [hook: string]: unknown }

/** The plugins as objects, for chartjs-node-canvas. */
export function chartPlugins(): ChartPlugin[] {
  return new Function(`return ${CHART_PLUGINS_SOURCE};`)() as ChartPlugin[];
}

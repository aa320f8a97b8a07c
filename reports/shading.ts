// The Chart.js plugin that shades fault windows behind the data. It is kept as
// JavaScript source so the very same code runs inlined in the HTML report and,
// instantiated here, in the PNG renderer. Windows come through the plugin
// options: options.plugins.faultWindows.windows = [{from, to, label, color}] in x units.

export const SHADING_PLUGIN_SOURCE = `({
  id: 'faultWindows',
  beforeDatasetsDraw(chart, _args, opts) {
    const xs = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
    if (!xs || !area) return;
    ctx.save();
    ctx.font = '11px sans-serif';
    for (const w of (opts && opts.windows) || []) {
      const a = Math.max(area.left, xs.getPixelForValue(w.from));
      const b = Math.min(area.right, xs.getPixelForValue(w.to));
      if (b < a) continue;
      ctx.fillStyle = w.color || 'rgba(220,50,47,0.12)';
      ctx.fillRect(a, area.top, Math.max(2, b - a), area.bottom - area.top);
      ctx.fillStyle = 'rgba(90,30,30,0.85)';
      ctx.fillText(w.label, a + 3, area.top + 12 + 13 * (w.lane || 0));
    }
    ctx.restore();
  }
})`;

export interface ShadingPlugin { id: string; beforeDatasetsDraw: (...args: unknown[]) => void }

export function shadingPlugin(): ShadingPlugin {
  return new Function(`return ${SHADING_PLUGIN_SOURCE};`)() as ShadingPlugin;
}

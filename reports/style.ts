// The report's stylesheet, inlined into every page so the file stands alone.
// Verdict colours: green valid, red anomaly, amber unknown.

export const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1180px; padding: 0 16px 40px; color: #222; }
h1 small { font-weight: normal; color: #666; font-size: 60%; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }
table.facts th { background: #f6f6f6; font-weight: 600; }
ul { margin: 0; padding-left: 18px; }
.verdict { display: inline-block; padding: 1px 10px; border-radius: 10px; font-weight: 700; color: #fff; letter-spacing: .03em; }
.verdict-valid { background: #2e7d32; }
.verdict-anomaly { background: #c62828; }
.verdict-unknown { background: #e69a00; }
.overall .verdict { font-size: 130%; }
.source { color: #666; font-size: 90%; }
.error { color: #c62828; }
.note { color: #555; font-style: italic; }
pre.replay { background: #f4f4f4; padding: 8px 10px; overflow-x: auto; }
ol.violations > li { margin-bottom: 8px; }
.cites, .line { color: #555; font-size: 90%; }
ul.cited code { font-size: 85%; word-break: break-all; }
svg.timeline { border: 1px solid #ddd; background: #fff; }
svg.timeline .grid { stroke: #eee; }
svg.timeline .tick, svg.timeline .phase text { font-size: 10px; fill: #777; }
svg.timeline .node { font-size: 12px; fill: #333; }
svg.timeline .fault rect { fill: rgba(220,50,47,.25); stroke: rgba(220,50,47,.7); }
svg.timeline .fault-crash rect { fill: #777; stroke: #444; }
svg.timeline .fault text { font-size: 10px; fill: #5a1e1e; }
svg.timeline .fault-shade { fill: rgba(220,50,47,.07); }
svg.timeline .lifecycle-mark { fill: #333; }
svg.timeline .mark-suspect { fill: #f0a020; stroke: #8a5a00; stroke-width: .5; }
svg.timeline .mark-dead { stroke: #c62828; stroke-width: 1.5; }
svg.timeline .mark-removed { stroke: #1565c0; stroke-width: 1.5; }
svg.timeline .phase line { stroke: #888; stroke-dasharray: 3 3; }
.legend .sw { display: inline-block; width: 14px; height: 10px; border: 1px solid #aaa; margin: 0 2px 0 10px; vertical-align: middle; }
.legend .sw.up { background: #cfe8cf; } .legend .sw.crashed { background: #5a5a5a; }
.legend .sw.paused { background: #f3c873; } .legend .sw.left { background: #b0b0b0; }
.legend .sw.fault { background: rgba(220,50,47,.25); }
.legend .dot { display: inline-block; width: 8px; height: 8px; border-radius: 4px; background: #f0a020; margin: 0 2px 0 10px; }
.legend .cross { color: #c62828; font-weight: bold; margin: 0 2px 0 10px; }
.legend .cross.removed { color: #1565c0; }
.chart { position: relative; height: 380px; margin: 12px 0; }
`;

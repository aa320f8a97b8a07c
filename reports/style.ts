// The stylesheet of every page (run, campaign, store index), inlined so each
// file stands alone. Verdict colours everywhere: green valid, red anomaly,
// amber unknown. Skipped faults and harness notes use the loud alert boxes.

export const STYLE = `
:root { --valid: #2e7d32; --anomaly: #c62828; --unknown: #e69a00; --line: #ddd; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1280px; padding: 0 16px 60px; color: #222; }
h1 { margin: 0; font-size: 26px; } h1 small { font-weight: normal; color: var(--muted); font-size: 60%; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
section, h3, .ev-banner, tr[id^="L"] { scroll-margin-top: 48px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f6f6f6; font-weight: 600; }
ul { margin: 0; padding-left: 18px; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: #1565c0; }
.top-nav { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.96); border-bottom: 1px solid var(--line); padding: 8px 0; margin-bottom: 8px; }
.top-nav a { margin-right: 18px; text-decoration: none; font-weight: 600; }
.verdict { display: inline-block; padding: 1px 10px; border-radius: 10px; font-weight: 700; color: #fff; letter-spacing: .03em; }
.verdict-valid { background: var(--valid); } .verdict-anomaly { background: var(--anomaly); } .verdict-unknown { background: var(--unknown); }
header.top { border-left: 8px solid var(--line); padding: 10px 0 4px 16px; margin-top: 8px; }
.verdict-border-valid { border-left-color: var(--valid) !important; } .verdict-border-anomaly { border-left-color: var(--anomaly) !important; }
.verdict-border-unknown { border-left-color: var(--unknown) !important; }
.headline { display: flex; gap: 18px; align-items: center; }
.headline .big .verdict { font-size: 24px; padding: 6px 18px; border-radius: 8px; }
.desc { margin: 4px 0; font-size: 15px; } .summary { margin: 4px 0; color: #444; }
.findings { border: 2px solid var(--anomaly); background: #fdecea; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.findings li { margin: 4px 0; }
.skipped-count { color: var(--anomaly); font-weight: 700; }
.alert { border: 2px solid; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.alert ul { margin-top: 4px; } .alert p { margin: 4px 0 0; }
.alert-skipped, .alert-error { border-color: var(--anomaly); background: #fdecea; }
.alert-warn { border-color: var(--unknown); background: #fff6e0; } .alert-info { border-color: #90a4ae; background: #f3f6f8; }
.note-error b { color: var(--anomaly); } .note-warn b { color: #a66f00; }
.facts-grid { display: grid; grid-template-columns: minmax(320px, 1fr) 1.3fr; gap: 24px; align-items: start; }
@media (max-width: 900px) { .facts-grid { grid-template-columns: 1fr; } }
table.facts th { width: 130px; }
pre.replay { background: #1e1e1e; color: #e8e8e8; padding: 10px 12px; overflow-x: auto; border-radius: 4px; white-space: pre-wrap; }
ul.chips { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
ul.chips li { border-radius: 12px; padding: 1px 10px; font-size: 13px; }
.cap-yes { background: #e8f5e9; border: 1px solid #a5d6a7; } .cap-no { background: #fdecea; border: 1px solid #ef9a9a; color: #8e1c1c; font-weight: 600; }
.source { color: var(--muted); font-size: 90%; }
.error { color: var(--anomaly); } .note { color: #555; font-style: italic; } .none { color: #888; }
table.checkers { width: 100%; } table.checkers td:nth-child(4) { max-width: 420px; }
table.checkers ul.bounds li { margin-bottom: 4px; }
tr.row-anomaly td:first-child { border-left: 5px solid var(--anomaly); } tr.row-unknown td:first-child { border-left: 5px solid var(--unknown); }
tr.row-valid td:first-child { border-left: 5px solid var(--valid); }
td.violations { min-width: 260px; } ol.row-violations { padding-left: 18px; margin: 4px 0; font-size: 13px; }
a.ev-link { font-size: 12.5px; white-space: nowrap; }
ol.violations > li { margin-bottom: 10px; } .checker-detail { margin-bottom: 18px; }
h3 .back { font-size: 12px; font-weight: normal; margin-left: 8px; }
ul.cited code { font-size: 85%; word-break: break-all; } pre.metrics { max-height: 400px; overflow: auto; background: #f7f7f7; padding: 8px; } pre.metrics.wrap { white-space: pre-wrap; word-break: break-all; }
.legend { font-size: 12.5px; line-height: 1.9; }
.legend .sw { display: inline-block; width: 14px; height: 10px; border: 1px solid #aaa; margin: 0 2px 0 10px; vertical-align: middle; }
.legend .lg { margin-left: 10px; } .legend .dot, .legend .ring { display: inline-block; width: 9px; height: 9px; border-radius: 5px; margin: 0 2px 0 10px; }
.legend .dot { background: #f0a020; } .legend .ring { border: 2px solid #d81b60; }
.legend .cross { color: #c62828; font-weight: bold; margin: 0 2px 0 10px; } .legend .cross.removed { color: #1565c0; }
.sw.life-up { background: #cfe8cf; } .sw.life-crashed { background: #5a5a5a; } .sw.life-paused { background: #f3c873; }
.sw.life-left { background: #b0b0b0; } .sw.life-down { background: #f2f2f2; } .sw.fault { background: rgba(220,50,47,.3); }
.sw.fault-skipped { border: 1.5px dashed #c62828 !important; background: #fff; }
.sw.fault-strip { background: #8e24aa; height: 5px; } .sw.link-cut { background: #d32f2f; } .sw.link-lossy { background: #ef8a3c; } .sw.link-other { background: #8e7cc3; }
.tl-controls { margin: 6px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 13px; }
.tl-controls button, .ev-pager button, .ev-controls button { font: inherit; padding: 2px 9px; border: 1px solid #bbb; background: #f8f8f8; border-radius: 4px; cursor: pointer; }
.tl-controls .hint { color: #888; font-size: 12px; } #tl-window { font-weight: 600; min-width: 180px; }
.tl-note { font-size: 13px; margin: 6px 0; } .tl-note.warn { background: #fff6e0; border-left: 4px solid var(--unknown); padding: 6px 10px; }
.tl-wrap { border: 1px solid var(--line); }
svg.timeline { display: block; background: #fff; user-select: none; touch-action: none; cursor: grab; }
svg.timeline .grid { stroke: #eee; } svg.timeline .tick { font-size: 10px; fill: #777; }
svg.timeline .node-label { font-size: 12px; fill: #333; } svg.timeline .link-label { font-size: 10px; fill: #555; }
svg.timeline .section-label { font-size: 10px; fill: #999; text-transform: uppercase; letter-spacing: .08em; }
svg.timeline .life-up { fill: #cfe8cf; } svg.timeline .life-crashed { fill: #5a5a5a; } svg.timeline .life-paused { fill: #f3c873; }
svg.timeline .life-left { fill: #b0b0b0; } svg.timeline .life-down { fill: #f4f4f4; }
svg.timeline .fault { fill: rgba(220,50,47,.28); stroke: rgba(220,50,47,.8); }
svg.timeline .fault-crash { fill: #666; stroke: #333; }
svg.timeline .fault-skipped { fill: #fff; stroke: #c62828; stroke-dasharray: 4 3; stroke-width: 1.5; }
svg.timeline .fault-label { font-size: 10px; fill: #5a1e1e; pointer-events: none; }
svg.timeline .fault-shade { fill: rgba(220,50,47,.06); pointer-events: none; }
svg.timeline .fault-strip { fill: #8e24aa; stroke: none; opacity: .75; }
svg.timeline .link-bar { stroke: none; } svg.timeline .link-cut { fill: #d32f2f; } svg.timeline .link-lossy { fill: #ef8a3c; } svg.timeline .link-other { fill: #8e7cc3; }
svg.timeline .lc-killed { fill: #222; } svg.timeline .lc-up { fill: #2e7d32; } svg.timeline .lc-paused { fill: #b8860b; } svg.timeline .lc-left { fill: #777; }
svg.timeline .mk-suspect { fill: #f0a020; stroke: #8a5a00; stroke-width: .5; }
svg.timeline .mk-dead { stroke: #c62828; stroke-width: 1.8; fill: none; } svg.timeline .mk-removed { stroke: #1565c0; stroke-width: 1.8; fill: none; }
svg.timeline circle.mk-dead.bin { fill: rgba(198,40,40,.5); stroke-width: .8; } svg.timeline circle.mk-removed.bin { fill: rgba(21,101,192,.5); stroke-width: .8; }
svg.timeline .mk-fp { fill: none; stroke: #d81b60; stroke-width: 2.2; }
svg.timeline a:hover > * { stroke: #000; stroke-width: 2; }
svg.timeline .phase-line { stroke: #888; stroke-dasharray: 3 3; } svg.timeline .phase-label { font-size: 10px; fill: #777; }
#tl-brush { fill: rgba(21,101,192,.15); stroke: #1565c0; }
details.entries { margin-top: 8px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
@media (max-width: 1000px) { .charts { grid-template-columns: 1fr; } }
.chart { position: relative; height: 360px; border: 1px solid var(--line); padding: 6px; }
.chart-wide { grid-column: 1 / -1; }
.chart-empty { height: auto; min-height: 90px; background: #fafafa; color: #666; }
.chart-empty .chart-title { font-weight: 700; color: #444; text-align: center; } .chart-empty p { text-align: center; font-style: italic; }
.ev-controls { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; background: #f6f6f6; padding: 8px; border: 1px solid var(--line); }
.ev-controls input, .ev-controls select { font: inherit; } .ev-kinds { flex-basis: 100%; font-size: 12.5px; }
.ev-kinds label { white-space: nowrap; margin-right: 8px; }
.ev-banner { background: #fff3c4; border: 1px solid #e6c200; padding: 6px 10px; margin: 8px 0; }
.ev-why { font-weight: 600; margin-bottom: 4px; }
.ev-pager { margin: 8px 0; display: flex; gap: 6px; align-items: center; font-size: 13px; }
table.ev { width: 100%; table-layout: fixed; font-size: 12.5px; }
table.ev th:nth-child(1) { width: 64px; } table.ev th:nth-child(2) { width: 80px; } table.ev th:nth-child(3) { width: 110px; } table.ev th:nth-child(4) { width: 90px; }
table.ev td.json { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; word-break: break-all; }
table.ev tr.hl td { background: #fff176; } table.ev tr.hl td:first-child { border-left: 4px solid #f57f17; }
table.matrix td { min-width: 150px; } .cell-valid { background: #eef7ee; } .cell-anomaly { background: #fdecea; } .cell-unknown { background: #fff6e0; }
.reps a, .reps span { display: inline-block; margin-right: 4px; padding: 0 5px; border-radius: 3px; color: #fff; font-size: 11.5px; text-decoration: none; }
.fig { font-size: 18px; font-weight: 700; } .spread { color: var(--muted); font-size: 12px; }
.regression { color: var(--anomaly); font-weight: 700; } .best { font-weight: 700; background: #e8f5e9; }
ul.store { list-style: none; padding: 0; } ul.store li { padding: 5px 8px; border-left: 6px solid var(--line); margin: 4px 0; background: #fafafa; }
ul.store li.store-valid { border-left-color: var(--valid); } ul.store li.store-anomaly { border-left-color: var(--anomaly); }
ul.store li.store-unknown { border-left-color: var(--unknown); } ul.store li.store-none { border-left-color: #bbb; }
`;

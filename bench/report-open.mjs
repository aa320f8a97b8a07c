// A 200-node, 5-minute run's report in a real browser (Debian's Chromium through
// playwright-core): page size, render time, time until the page has loaded and
// every chart is drawn, and time until the evidence browser has decoded the
// embedded history. The history is synthetic (the 200-node Docker run's own
// report is measured by docker-soak.mjs); BENCH_REPORT_NODES and
// BENCH_REPORT_MINUTES change its size. Needs the build (npm run build).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runCheckers } from '../dist/checkers/index.js';
import { render } from '../dist/reports/render.js';
import { bigHistory } from '../dist/src/bench/synthetic-history.js';
import { emit } from '../dist/src/bench/emit.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const nodes = Number(process.env.BENCH_REPORT_NODES ?? 200);
const minutes = Number(process.env.BENCH_REPORT_MINUTES ?? 5);
const tag = `report N=${nodes}, ${minutes} min`;

const events = bigHistory({ nodes, durationMs: minutes * 60_000 });
const checked = runCheckers(events);
const t0 = performance.now();
const html = render(events, checked.results, { valid: checked.valid });
const renderMs = performance.now() - t0;
const figures = [
  { name: `${tag}: history events`, value: events.length, unit: 'events', note: 'synthetic: churn, crashes, partitions, stats and detector lines' },
  { name: `${tag}: page size`, value: Buffer.byteLength(html), unit: 'bytes', note: 'one self-contained file, the history embedded gzipped' },
  { name: `${tag}: render time`, value: Math.round(renderMs), unit: 'ms' },
];
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`${CHROMIUM} is missing: install Debian's chromium to measure the report in a browser\n`);
  emit([...figures, { name: `${tag}: opened in Chromium`, value: null, unit: 'ms', note: `${CHROMIUM} missing` }]);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'gossiplab-bench-report-'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  const file = join(dir, 'index.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const t1 = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 300_000 });
  const loadMs = performance.now() - t1;
  await page.waitForFunction(() => /rows /.test(document.getElementById('ev-status')?.textContent ?? ''), undefined, { timeout: 300_000, polling: 100 });
  const decodedMs = performance.now() - t1;
  const canvases = await page.$$eval('canvas', (cs) => cs.length);
  const status = await page.textContent('#ev-status');
  process.stderr.write(`${tag}: loaded in ${Math.round(loadMs)} ms, evidence decoded in ${Math.round(decodedMs)} ms; ${canvases} charts; ${status}\n`);
  emit([...figures,
    { name: `${tag}: opened in Chromium (load event)`, value: Math.round(loadMs), unit: 'ms', note: `${canvases} charts; ${errors.length} page errors${errors.length ? `: ${errors[0]}` : ''}` },
    { name: `${tag}: evidence browser ready`, value: Math.round(decodedMs), unit: 'ms', note: 'the embedded history decoded and its first page of rows shown' },
  ]);
  if (errors.length) process.exitCode = 1;
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

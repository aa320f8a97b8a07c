// The reports in a real browser (Debian's Chromium through playwright-core):
// no console error, no request outside the page, every chart drawn, the
// timeline showing the scheduled faults and zooming, and a violation's link
// opening its evidence. Screenshots land in test-artifacts/ for a human look.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { renderCampaign } from '../../reports/campaign.js';
import { render } from '../../reports/render.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, chromiumMissing, fixtureEvents, handMadeCampaign } from './helpers.js';

const missing = chromiumMissing();
const OUT = join(ARTIFACTS, 'reports');
let browser: Browser | undefined;

beforeAll(async () => {
  if (missing) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => { await browser?.close(); });

interface Loaded { page: Page; errors: string[]; outside: string[] }

/** Opens a file, recording console errors, page errors and every request that is not the file itself. */
async function open(file: string): Promise<Loaded> {
  const url = pathToFileURL(file).href;
  const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [], outside: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (r.url().split('#')[0] !== url) outside.push(r.url()); });
  await page.goto(url);
  return { page, errors, outside };
}

/** Per canvas: its id and how many distinct colours it holds (a blank canvas has one). */
function canvasColours(page: Page): Promise<{ id: string; colours: number }[]> {
  return page.$$eval('canvas', (cs) => cs.map((c) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < data.length && seen.size < 50; i += 4 * 13) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
    return { id: c.id, colours: seen.size };
  }));
}

describe('the reports in Chromium', () => {
  it('the run report: no error, no outside request, charts drawn, faults on the timeline, evidence one click away', async (ctx) => {
    if (missing) ctx.skip(missing);
    const events = fixtureEvents();
    const report = runCheckers(events, { detection: { firstSuspicion: 0.5 } });
    const cited = report.results['detection']!.violations[0]!.lines;
    mkdirSync(join(OUT, 'run'), { recursive: true });
    const file = join(OUT, 'run', 'index.html');
    writeFileSync(file, render(events, report.results, { valid: report.valid }));
    const { page, errors, outside } = await open(file);
    await page.waitForSelector('body[data-evidence="ready"]');

    const canvases = await canvasColours(page);
    expect(canvases.map((c) => c.id)).toEqual(['chart-alive-members', 'chart-detection-latency', 'chart-first-suspicion', 'chart-dissemination',
      'chart-load-bytes', 'chart-load-msgs', 'chart-detector-awareness', 'chart-detector-suspicion']);
    for (const c of canvases) expect(c.colours, `${c.id} should be drawn on`).toBeGreaterThan(3);
    expect(await page.locator('#chart-box-detector-phi').innerText()).toContain('No data in this run');

    for (const id of ['f1-crash', 'f2-pause', 'f3-loss', 'f4-partition']) {
      await expect.poll(() => page.locator(`#tl rect[data-fault="${id}"]`).isVisible()).toBe(true);
      expect(await page.locator('#tl text.fault-label', { hasText: id }).count()).toBe(1);
    }
    await page.screenshot({ path: join(OUT, 'run-report-top.png') });
    await page.screenshot({ path: join(OUT, 'run-report.png'), fullPage: true });

    // zoom: the window shrinks and the partition bar widens
    const before = Number(await page.locator('#tl rect[data-fault="f4-partition"]').getAttribute('width'));
    await page.click('#tl-controls button[data-zoom="in"]');
    await expect.poll(() => page.locator('#tl-window').innerText()).toContain('(zoomed)');
    expect(Number(await page.locator('#tl rect[data-fault="f4-partition"]').getAttribute('width'))).toBeGreaterThan(before * 1.5);

    // the violation's evidence link shows exactly its cited lines, highlighted and on screen
    await page.click('#row-detection a.ev-link');
    await expect.poll(() => page.locator('#ev-rows tr.hl').count()).toBe(cited.length);
    for (const l of cited) {
      const row = page.locator(`#ev-rows tr#L${l}.hl`);
      expect(await row.isVisible()).toBe(true);
      const box = (await row.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(1000);
      expect(box.y).toBeGreaterThanOrEqual(0);
    }
    const banner = await page.locator('#ev-banner').innerText();
    expect(banner).toContain(`Showing the ${cited.length} cited lines`);
    expect(banner).toContain('n5 crashed at 7.138 s (line 95): first suspected only after 1.647 s');
    await page.screenshot({ path: join(OUT, 'run-report-evidence.png') });

    // a timeline mark opens its line in context: highlighted among its neighbours
    await page.click('#tl-controls button[data-zoom="reset"]');
    const marks = await page.locator('#tl a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const other = marks.find((h) => h.startsWith('#L') && !cited.includes(Number(h.slice(2))) && h !== '#L1')!;
    await page.locator(`#tl a[href="${other}"]`).first().click();
    await expect.poll(() => page.locator(`#ev-rows tr#${other.slice(1)}.hl`).isVisible()).toBe(true);
    expect(await page.locator('#ev-rows tr').count()).toBe(200);
    expect(await page.locator('#ev-rows tr.hl').count()).toBe(1);

    // filtering by node and time window
    await page.selectOption('#ev-node', { label: 'n5' });
    await page.fill('#ev-from', '7');
    await page.fill('#ev-to', '8');
    await page.locator('#ev-to').dispatchEvent('change');
    const rows = await page.locator('#ev-rows td.json').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toContain('n5');
      const t = (JSON.parse(r) as { t: number }).t;
      expect(t).toBeGreaterThanOrEqual(7000);
      expect(t).toBeLessThanOrEqual(8000);
    }
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('the campaign report: no error, no outside request, every chart drawn, links to the runs', async (ctx) => {
    if (missing) ctx.skip(missing);
    mkdirSync(join(OUT, 'campaign'), { recursive: true });
    const file = join(OUT, 'campaign', 'index.html');
    writeFileSync(file, renderCampaign(handMadeCampaign()));
    const { page, errors, outside } = await open(file);

    const canvases = await canvasColours(page);
    expect(canvases.map((c) => c.id)).toEqual(['chart-sweep', 'chart-trend-falseSuspicionsPerNodeHour', 'chart-trend-meanFirstSuspicion',
      'chart-trend-convergedAfter', 'chart-trend-meanBytesPerSec']);
    for (const c of canvases) expect(c.colours, `${c.id} should be drawn on`).toBeGreaterThan(3);
    expect(await page.locator('table.matrix .reps a').count()).toBe(15);
    expect(await page.locator('td.regression', { hasText: 'mean time to first suspicion' }).count()).toBe(1);
    await page.screenshot({ path: join(OUT, 'campaign-report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});

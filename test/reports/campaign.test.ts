import { describe, expect, it } from 'vitest';
import { renderCampaign, summarizeRun } from '../../reports/campaign.js';
import { regressions, tonight } from '../../reports/campaign-data.js';
import { runCheckers } from '../../checkers/index.js';
import { fixtureEvents, handMadeCampaign } from './helpers.js';
import type { CampaignRun } from '../../reports/campaign-types.js';

const configsOf = (html: string): { name: string; config: { data: { datasets: { label: string; data: Record<string, unknown>[] }[] } } }[] =>
  JSON.parse(/<script type="application\/json" id="chart-configs">(.*?)<\/script>/s.exec(html)![1]!);

describe('the campaign report', () => {
  const input = handMadeCampaign();
  const html = renderCampaign(input, { chartJs: '/* chart */' });

  it('shows a matrix: one row per configuration, one column per scenario, verdict and figure per cell, linking each run', () => {
    const matrix = /<table class="matrix">.*?<\/table>/s.exec(html)![0];
    expect(matrix.match(/<tr><th>/g)).toHaveLength(4); // the header, and one row per configuration
    expect(matrix).toContain('<th>crash</th><th>partition</th>');
    expect(matrix).toMatch(/<tr><th>lan, suspicionMult=4<\/th><td class="cell-valid"><span class="verdict verdict-valid">VALID<\/span> <span class="spread">3\/3 valid<\/span><div class="fig">1.7 s<\/div><div class="spread">1.6 s – 1.8 s over 3 runs<\/div>/);
    expect(matrix).toMatch(/<td class="cell-anomaly"><span class="verdict verdict-anomaly">ANOMALY<\/span> <span class="spread">2\/3 valid<\/span>/);
    expect(matrix).toMatch(/<td class="cell-unknown">/);
    expect(matrix).toContain('<td class="none">not run</td>');
    expect(matrix).toContain('href="../../../partition/20261121T020000Z-102/index.html"');
    expect(matrix).toContain('title="lan, suspicionMult=4 · partition · seed 102 · repetition 2: anomaly (eviction)"');
  });

  it('plots the sweep: one point per configuration with whiskers over its repetitions', () => {
    const sweep = configsOf(html).find((c) => c.name === 'sweep')!;
    const byLabel = Object.fromEntries(sweep.config.data.datasets.map((d) => [d.label, d.data[0]]));
    expect(Object.keys(byLabel)).toEqual(['lan, suspicionMult=4', 'lan, suspicionMult=2', 'serf default']);
    // false positives over all six runs (7, 8, 9 and 8, 8, 8); first suspicion over the three crash runs
    const b = byLabel['lan, suspicionMult=2'] as Record<string, number>;
    expect(b).toMatchObject({ x: 8, xMin: 7, xMax: 9, label: 'lan, suspicionMult=2' });
    expect([b['y'], b['yMin'], b['yMax']].map((v) => Math.round(v! * 1000) / 1000)).toEqual([1.2, 1.15, 1.25]);
  });

  it('compares implementations and flags tonight\'s regressions', () => {
    expect(html).toMatch(/<table class="impls"><thead><tr><th>scenario<\/th><th>builtin<\/th><th>serf<\/th>/);
    expect(html).toMatch(/<tr><th>all scenarios<\/th><td class="cell-anomaly">.*?<li class="best">mean bytes sent per node per second: 398 B\/s<\/li>/);
    // a scenario only one implementation ran has nothing to compare: no "best"
    expect(/<tr><th>partition<\/th>.*?<\/tr>/.exec(html)![0]).not.toContain('class="best"');
    const regs = regressions([...input.history!, tonight(input)], 0.2);
    expect(regs.map((r) => `${r.date} ${r.figure}`)).toEqual(['2026-11-21 meanFirstSuspicion', '2026-11-21 anomalies']);
    expect(html).toContain('2 regression(s) since the previous night');
    expect(html).toMatch(/<td>2026-11-21<\/td><td class="regression">mean time to first suspicion<\/td><td>1.7 s<\/td><td>1 s \(2026-11-20\)<\/td><td class="regression">\+70%<\/td>/);
    const trend = configsOf(html).find((c) => c.name === 'trend-meanFirstSuspicion')!;
    expect(trend.config.data.datasets[0]).toMatchObject({ pointBackgroundColor: ['#ff7f0e', '#ff7f0e', '#ff7f0e', '#c62828'] });
  });

  it('refuses links that would leave the store, and has no external reference', () => {
    const bad = handMadeCampaign();
    bad.runs[0]!.href = 'https://example.com/run';
    const out = renderCampaign(bad, { chartJs: '' });
    expect(out).not.toContain('href="https://example.com');
    expect(out).toContain('link refused');
    expect(out).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  });

  it('says so when there is one night, or no run', () => {
    const empty = renderCampaign({ name: 'n', date: '2026-11-21', runs: [] }, { chartJs: '' });
    expect(empty).toContain('This campaign has no runs.');
    expect(empty).toContain('No data in this campaign: no configuration measured both');
    const first = renderCampaign({ ...handMadeCampaign(), history: [] }, { chartJs: '' });
    expect(first).toContain('No data in this campaign: only one night so far');
  });

  it('summarizes a run from its checker results', () => {
    const events = fixtureEvents();
    const report = runCheckers(events);
    expect(summarizeRun(report.valid, report.results)).toEqual({
      valid: true, falseSuspicionsPerNodeHour: 0, meanFirstSuspicion: 1.647, meanFirstDead: report.results['detection']!.metrics['meanFirstDead'],
      convergedAfter: 0, meanBytesPerSec: 41.534,
    });
    expect(typeof summarizeRun(report.valid, report.results).meanFirstDead).toBe('number');
  });

  it('a figure an implementation declares it cannot be judged on is not applicable, not zero and not missing', () => {
    const results = runCheckers(fixtureEvents()).results;
    const declared = {
      ...results,
      load: { ...results['load']!, metrics: { applicable: false, note: 'stats=false' } },
      detection: { ...results['detection']!, metrics: { ...results['detection']!.metrics, applicable: { firstSuspicion: false, firstDead: true } } },
    };
    const s = summarizeRun(true, declared);
    expect(s.notApplicable).toEqual(['meanFirstSuspicion', 'meanBytesPerSec']);
    expect([s.meanBytesPerSec, s.meanFirstSuspicion]).toEqual([null, null]);
    expect(s.meanFirstDead).toBe(results['detection']!.metrics['meanFirstDead']);
  });

  it('compares the arms of a comparison side by side, with n/a (declared) where an implementation cannot be judged', () => {
    const arm = (name: string, impl: string, scenario: string, figures: Partial<CampaignRun['summary']>): CampaignRun => ({
      config: `${name} lan`, implementation: impl, arm: name === impl ? impl : `${impl} · ${name}`, scenario, seed: 7, repetition: 1,
      href: `runs/${name}/index.html`, summary: { valid: true, ...figures },
    });
    const runs = ['crash', 'pause'].flatMap((s) => [
      arm('serf', 'serf', s, { meanFirstSuspicion: 2.3, falseSuspicionsPerNodeHour: 0, convergedAfter: 1, meanBytesPerSec: null, notApplicable: ['meanBytesPerSec'] }),
      arm('swim', 'builtin', s, { meanFirstSuspicion: 1.9, falseSuspicionsPerNodeHour: 60, convergedAfter: 0.5, meanBytesPerSec: 350 }),
      arm('lifeguard', 'builtin', s, { meanFirstSuspicion: 2.1, falseSuspicionsPerNodeHour: 0, convergedAfter: 0.4, meanBytesPerSec: null }),
    ]);
    const out = renderCampaign({ name: 'implementations', date: '2026-11-21', runs }, { chartJs: '' });
    const table = /<table class="impls">.*?<\/table>/s.exec(out)![0];
    expect(table).toContain('<th>scenario</th><th>serf</th><th>builtin · swim</th><th>builtin · lifeguard</th>');
    const all = /<tr><th>all scenarios<\/th>.*?<\/tr>/s.exec(table)![0];
    const cells = all.split('<td').slice(1);
    expect(cells[0]).toContain('mean bytes sent per node per second: n/a (declared)');
    // one arm measured it: nothing to compare, no highlight
    expect(cells[1]).toContain('<li>mean bytes sent per node per second: 350 B/s</li>');
    // measured by nobody but not declared: a dash, never zero
    expect(cells[2]).toContain('mean bytes sent per node per second: —');
    expect(cells[1]).toContain('mean time to first suspicion: 1.9 s');
    expect(all).toContain('<li class="best">mean time to first suspicion: 1.9 s</li>');
    const everyRun = /<table class="runs">.*?<\/table>/s.exec(out)![0];
    expect(everyRun.match(/n\/a \(declared\)/g)).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { renderCampaign, summarizeRun } from '../../reports/campaign.js';
import { regressions, tonight } from '../../reports/campaign-data.js';
import { runCheckers } from '../../checkers/index.js';
import { fixtureEvents, handMadeCampaign } from './helpers.js';

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
      valid: true, falseSuspicionsPerNodeHour: 0, meanFirstSuspicion: 1.647, convergedAfter: 0, meanBytesPerSec: 41.532,
    });
  });
});

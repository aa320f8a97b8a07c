import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { render, renderReport } from '../../reports/render.js';
import { goodCrashRun, History } from '../checkers/histories.js';
import type { Checker, CheckerResult } from '../../checkers/types.js';
import { decodeEvidence, evidenceLinks, fixtureEvents } from './helpers.js';
import { bigHistory } from '../../src/bench/synthetic-history.js';

const chartConfigs = (html: string): { name: string; config: { data: { datasets: { label: string }[] }; options: { plugins: Record<string, unknown> } } }[] =>
  JSON.parse(/<script type="application\/json" id="chart-configs">(.*?)<\/script>/s.exec(html)![1]!);

/** No address a browser would fetch or open outside the page. */
function expectOffline(html: string): void {
  expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  expect(html).not.toContain('sourceMappingURL');
}

describe('the run report', () => {
  it('heads with the verdict, the run facts, the replay command and the host capabilities', () => {
    const { h } = goodCrashRun({ skip: ['n3'] });
    const report = runCheckers(h.events);
    const html = render(h.events, report.results);

    expect(report.valid).toBe(false);
    expect(html).toContain('verdict-anomaly');
    expect(html).toContain('ANOMALY');
    expect(html).toContain('<th>seed</th><td>4242</td>');
    expect(html).toContain('<th>runtime</th><td>sim</td>');
    expect(html).toContain('<th>preset</th><td>lan</td>');
    expect(html).toContain('5 nodes (n1, n2, n3, n4, n5)');
    expect(html).toContain('<pre class="replay"><code>gossiplab run scenarios/crash-one.yaml --seed 4242 --nodes 5</code></pre>');
    expect(html).toContain('recorded no host capabilities');
    expect(html).toMatch(/n3 did not declare n5 dead within 33.3 s/);
    expect(html).toContain('suspicionTimeoutMax(lan, N=5)=24 s');
    expect(html).toMatch(/Chart\.js v4/);
    expectOffline(html);
  });

  it('marks every skipped fault and every harness note, with links to their lines', () => {
    const { h } = goodCrashRun();
    const skipLine = h.fault(30_000, 'start', 'f7-delay', 'delay', ['n2'], { skipped: 'netem is not available on this host' });
    const noteLine = h.push({ t: 30_001, type: 'note', level: 'warn', message: 'f7-delay (delay) was skipped: netem is not available on this host' });
    const run = h.events[0]!;
    if (run.type === 'run') run.host = { netem: false, tbf: true, docker: '20.10.24', kernel: '6.18.44' };
    const html = render(h.events, runCheckers(h.events).results);

    expect(html).toContain('1 scheduled fault(s) were SKIPPED');
    expect(html).toContain('<b>f7-delay</b> (delay on n2) at 30 s: netem is not available on this host');
    expect(html).toContain(`href="#L${skipLine}"`);
    expect(html).toContain('Harness notes (1)');
    expect(html).toContain(`href="#L${noteLine}"`);
    expect(html).toContain('class="cap-no" title="netem: not available on this host">✗ netem');
    expect(html).toContain('✓ tbf');
    expect(html).toContain('kernel: <b>6.18.44</b>');
    // the skipped fault is on the timeline too, drawn as skipped
    expect(html).toMatch(/fault fault-delay fault-skipped[^>]*data-fault="f7-delay"/);
  });

  it('links each violation to its cited lines, and the embedded history has exactly those lines', () => {
    const events = fixtureEvents();
    const report = runCheckers(events, { detection: { firstSuspicion: 0.5 } });
    const html = render(events, report.results, { valid: report.valid });
    const detection = report.results['detection']!;
    expect(detection.violations).toHaveLength(1);
    const cited = detection.violations[0]!.lines;
    expect(html).toContain(`href="#L${cited.join(',')}"`);

    const { index, lines } = decodeEvidence(html);
    expect(lines).toHaveLength(events.length);
    expect(index.t).toHaveLength(events.length);
    for (const link of evidenceLinks(html)) {
      for (const l of link) {
        expect(l).toBeGreaterThanOrEqual(1);
        expect(l).toBeLessThanOrEqual(lines.length);
        expect(JSON.parse(lines[l - 1]!)).toEqual(events[l - 1]);
      }
    }
    expect(index.nodes).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(html).toContain('scenario override (bounds.detection.firstSuspicion)');
    expectOffline(html);
  });

  it('draws faults, lifecycle, observations, links and false positives on the timeline', () => {
    const events = fixtureEvents();
    const results = runCheckers(events).results;
    const fp = { observer: 'n2', member: 'n1', state: 'suspect', incarnation: 0, t: 20, line: 120, condition: 'healthy', degradedBy: [], healthyFor: 9, epoch: 0 };
    const withFp: Record<string, CheckerResult> = { ...results, 'false-positives': { ...results['false-positives']!, metrics: { ...results['false-positives']!.metrics, events: [fp] } } };
    const html = renderReport(events, withFp, undefined, '/* chart */');

    for (const id of ['f1-crash', 'f2-pause', 'f3-loss', 'f4-partition']) expect(html).toContain(`data-fault="${id}"`);
    expect(html).toContain('n5 killed at 7.3 s (line 96)');
    expect(html).toContain('n4 paused at');
    expect(html).toMatch(/class="mk-suspect"[^>]*><title>n2 saw n5 suspect at 8.785 s \(line 107\)/);
    expect(html).toContain('n1 ↔ n3');
    expect(html).toMatch(/f4-partition: n1 ↔ n3 cut/);
    expect(html).toMatch(/class="mk-fp"[^>]*><title>FALSE POSITIVE \(healthy\): n2 declared n1 suspect at 20 s \(line 120\)/);
    expect(html).toContain('<a href="#L120"><circle class="mk-fp"');
  });

  it('says "no data in this run" for a chart with nothing to draw, and keeps configs JSON-only', () => {
    const events = fixtureEvents();
    const html = renderReport(events, runCheckers(events).results, undefined, '/* chart */');
    expect(html).toMatch(/id="chart-box-detector-phi"><div class="chart-title">[^<]*<\/div><p>No data in this run: no `detector` line carried phi values \(this run&#39;s detector is swim\)/);
    const configs = chartConfigs(html);
    expect(configs.map((c) => c.name)).toEqual(['alive-members', 'detection-latency', 'first-suspicion', 'dissemination', 'load-bytes', 'load-msgs', 'detector-awareness', 'detector-suspicion']);
    for (const name of configs.map((c) => c.name)) expect(html).toContain(`<canvas id="chart-${name}"`);
  });

  it('colours a clean run valid and an unknown one amber, and escapes untrusted text', () => {
    const { h } = goodCrashRun();
    const valid = renderReport(h.events, runCheckers(h.events).results, true, '/* chart */');
    expect(valid).toContain('verdict-valid');

    const broken: Checker = { name: 'broken', open: () => { throw new Error('<script>alert(1)</script>'); } };
    const unknown = runCheckers(h.events, {}, [broken]);
    const html = renderReport(h.events, unknown.results, unknown.valid, '/* chart */');
    expect(html).toContain('verdict-unknown');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('keeps a checker with thousands of findings to a readable size: cited lines inline for the first 100, metrics cut with a pointer to results.json', () => {
    const { h } = goodCrashRun();
    const noisy: CheckerResult = {
      valid: false,
      metrics: { events: Array.from({ length: 50_000 }, (_, i) => ({ observer: 'n1', member: 'n2', t: i, line: 1 + (i % 10) })) },
      violations: Array.from({ length: 1000 }, (_, i) => ({ message: `accusation ${i + 1}`, lines: [1, 2, 3] })),
      bounds: {},
    };
    const html = renderReport(h.events, { ...runCheckers(h.events).results, noisy }, false, '/* chart */');
    const section = html.slice(html.indexOf('id="checker-noisy"'));
    const items = section.slice(0, section.indexOf('</div><div class="checker-detail">') >= 0 ? section.indexOf('</div><div class="checker-detail">') : undefined);
    expect(items).toContain('accusation 1000');
    expect(items.match(/cited lines, inline/g)).toHaveLength(100);
    expect(items).toMatch(/all metrics \(JSON, [\d,]+ KiB compact, cut at 32 KiB; results\.json next to this page has all of it\)/);
    // The metrics alone are over 3 MB as JSON: the section stays well under a third of that.
    expect(JSON.stringify(noisy.metrics, null, 2).length).toBeGreaterThan(3_000_000);
    expect(items.length).toBeLessThan(1_000_000);
  });

  it('keeps inlined data and libraries from closing their script elements', () => {
    const { h } = goodCrashRun();
    h.fault(30_000, 'start', '</script><b>x', 'delay', ['n1']);
    h.fault(31_000, 'stop', '</script><b>x', 'delay', ['n1']);
    const html = renderReport(h.events, runCheckers(h.events).results, false, 'var a = "</script>";');
    // Chart.js, the chart configs, the chart init, the timeline and evidence scripts, the history.
    expect(html.match(/<\/script>/g)).toHaveLength(6);
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('still renders, and says what is missing, for a history without a run event', () => {
    const events = [{ t: 0, type: 'phase', name: 'setup' }] as const;
    const report = runCheckers([...events]);
    const html = renderReport([...events], report.results, report.valid, '');
    expect(html).toContain('verdict-unknown');
    expect(html).toContain('has no <code>run</code> event');
    expect(html).toContain('no `run` event');
  });

  it('aggregates observation marks into bins past the threshold, and says so', () => {
    const h = new History(20);
    h.formed(100);
    for (let i = 0; i < 4000; i++) h.member(1000 + i * 10, `n${1 + (i % 19)}`, 'n20', i % 2 ? 'dead' : 'suspect');
    const html = renderReport(h.events, {}, undefined, '');
    expect(html).toContain('This run has 4,000 observation marks, more than the 3,000 drawn one by one');
    expect(html).toContain('aggregated per node and kind into');
    expect(html).toMatch(/class="mk-suspect bin"/);
  });

  it('keeps a 50-node run readable: link rows per fault and lighter charts, saying so', () => {
    const events = bigHistory({ nodes: 50, durationMs: 130_000, intervalMs: 1000 });
    const html = renderReport(events, {}, undefined, '');
    expect(html).toContain('Network faults touched 625 pairs of nodes, more than the 40 shown as rows');
    expect(html).toMatch(/<text class="link-label"[^>]*>f1-partition<title>f1-partition: 1250 directed links<\/title>/);
    const alive = chartConfigs(html).find((c) => c.name === 'alive-members')!;
    expect(alive.config.data.datasets).toHaveLength(50);
    expect(alive.config.options.plugins['legend']).toEqual({ display: false, position: 'bottom' });
    expect(html).toContain('50 series, legend hidden (hover a line for its name)');
    const { lines } = decodeEvidence(html);
    expect(lines).toHaveLength(events.length);
  });

  it('draws phi per member against the run\'s phiThreshold when detector lines carry phi', () => {
    const { h } = goodCrashRun();
    for (let t = 1000; t <= 30_000; t += 1000) {
      for (const o of ['n1', 'n2']) h.push({ t, type: 'obs', node: o, obs: 'detector', awareness: 0, phi: { n5: t > 20_000 ? (t - 20_000) / 500 : 0.4, n3: 0.5 } });
    }
    const html = renderReport(h.events, runCheckers(h.events).results, undefined, '');
    const phi = chartConfigs(html).find((c) => c.name === 'detector-phi')!;
    expect(phi.config.data.datasets.map((d) => d.label)).toEqual(['n5', 'n3']);
    expect(phi.config.options.plugins['refLines']).toEqual({ lines: [{ axis: 'y', value: 8, label: 'phiThreshold 8', color: '#c62828', dash: true }] });
  });
});

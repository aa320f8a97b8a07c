import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { render, renderReport } from '../../reports/render.js';
import { goodCrashRun } from '../checkers/histories.js';
import type { Checker } from '../../checkers/types.js';

describe('the HTML report', () => {
  it('shows the verdict, the run facts, the replay command and the timeline, with no external references', () => {
    const { h } = goodCrashRun({ skip: ['n3'] });
    const report = runCheckers(h.events);
    const html = render(h.events, report.results);

    expect(report.valid).toBe(false);
    expect(html).toContain('verdict-anomaly');
    expect(html).toContain('ANOMALY');
    expect(html).toContain('<th>seed</th><td>4242</td>');
    expect(html).toContain('gossiplab run scenarios/crash-one.yaml --seed 4242 --nodes 5');
    expect(html).toMatch(/n3 did not declare n5 dead within 33.3 s/);
    expect(html).toContain('history lines');
    expect(html).toContain('suspicionTimeoutMax(lan, N=5)=24 s');
    // timeline: the crash fault, the kill, the phases, and what observers said
    expect(html).toContain('fault start f-crash-n5: crash on n5');
    expect(html).toContain('n5 killed');
    expect(html).toContain('phase heal');
    expect(html).toContain('n1 saw n5 suspect at 21.8 s');
    expect(html).toContain('<svg class="timeline"');
    // a chart with Chart.js inlined, and nothing fetched from the network
    expect(html).toContain('id="chart-alive-members"');
    expect(html).toMatch(/Chart\.js v4/);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });

  it('colours a clean run valid and an unknown one amber, and escapes untrusted text', () => {
    const { h } = goodCrashRun();
    const valid = renderReport(h.events, runCheckers(h.events).results, true, '/* chart */');
    expect(valid).toContain('verdict-valid');

    const broken: Checker = { name: 'broken', check: () => { throw new Error('<script>alert(1)</script>'); } };
    const unknown = runCheckers(h.events, {}, [broken]);
    const html = renderReport(h.events, unknown.results, unknown.valid, '/* chart */');
    expect(html).toContain('verdict-unknown');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('keeps inlined data from closing its script element', () => {
    const { h } = goodCrashRun();
    h.fault(30_000, 'start', '</script><b>x', 'delay', ['n1']);
    h.fault(31_000, 'stop', '</script><b>x', 'delay', ['n1']);
    const html = renderReport(h.events, runCheckers(h.events).results, false, 'var a = "</script>";');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
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
});

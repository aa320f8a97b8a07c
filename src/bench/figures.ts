// Benchmarks that print figures (never assertions): report render time and size
// for a big run, and checker throughput on a synthetic history. Each returns
// named figures; bench/run.mjs prints them as a table and keeps them in
// bench/results.json.

import { runCheckers } from '../../checkers/index.js';
import { render } from '../../reports/render.js';
import { bigHistory } from './synthetic-history.js';

export interface Figure { name: string; value: number; unit: string; note?: string }

function peakRss(): number {
  return process.resourceUsage().maxRSS / 1024; // KiB -> MiB
}

/** The run report of a 50-node, 10-minute history: render time and page size. */
export function reportFigures(nodes = 50, minutes = 10): Figure[] {
  const events = bigHistory({ nodes, durationMs: minutes * 60_000 });
  const t0 = performance.now();
  const checked = runCheckers(events);
  const t1 = performance.now();
  const html = render(events, checked.results, { valid: checked.valid });
  const t2 = performance.now();
  return [
    { name: `report: history events (${nodes} nodes, ${minutes} min)`, value: events.length, unit: 'events' },
    { name: 'report: render time', value: Math.round(t2 - t1), unit: 'ms' },
    { name: 'report: page size', value: Buffer.byteLength(html), unit: 'bytes' },
    { name: 'report: checkers on the same history', value: Math.round(t1 - t0), unit: 'ms' },
  ];
}

/** All checkers over a synthetic history of about `target` events: events per second and peak memory. */
export function checkerFigures(target = 1_000_000): Figure[] {
  const minutes = Math.max(1, Math.round(target / 20_000));
  const events = bigHistory({ nodes: 50, durationMs: minutes * 60_000 });
  const t0 = performance.now();
  runCheckers(events);
  const ms = performance.now() - t0;
  return [
    { name: 'checkers: history events', value: events.length, unit: 'events' },
    { name: 'checkers: throughput', value: Math.round(events.length / (ms / 1000)), unit: 'events/s' },
    { name: 'checkers: peak resident memory', value: Math.round(peakRss()), unit: 'MiB',
      note: 'the checkers hold the whole history in memory today; streaming is not done yet' },
  ];
}

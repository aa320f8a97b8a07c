// What a claim measures in one run: a checker's metric from results.json, or a
// figure read from the history itself (`history.*`) for the things no checker
// judges, such as the Lifeguard awareness a starved node reaches.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../history/types.js';

type Results = { results: Record<string, { metrics: Record<string, unknown> }> };

/** The figure in one run directory, or null when the run did not measure it. */
export function measure(dir: string, metric: string): number | null {
  const [source, name] = metric.split('.') as [string, string];
  if (source === 'history') return historyMeasure(dir, name);
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
  const v = results.results[source]?.metrics[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function events(dir: string): HistoryEvent[] {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
}

/** Nodes targeted by a starving or slowing fault. */
function starved(es: readonly HistoryEvent[]): Set<string> {
  return new Set(es.flatMap((e) => (e.type === 'fault' && e.phase === 'start' && (e.kind === 'cpu' || e.kind === 'slow') ? e.targets : [])));
}

function historyMeasure(dir: string, name: string): number | null {
  const es = events(dir);
  switch (name) {
    case 'maxAwarenessOfStarved': {
      const who = starved(es);
      const xs = es.flatMap((e) => (e.type === 'obs' && e.obs === 'detector' && who.has(e.node) && typeof e.awareness === 'number' ? [e.awareness] : []));
      return xs.length ? Math.max(...xs) : null;
    }
    case 'longestProbeGapOfStarved': {
      // The longest time between two stats lines' ping counters increasing, at a starved node (s).
      // Where a node counts probe rounds (`probes`) instead of pings by type (Serf's memberlist), those.
      const who = starved(es);
      let best: number | null = null;
      for (const n of who) {
        let lastT: number | undefined, lastPings = -1;
        for (const e of es) {
          if (e.type !== 'obs' || e.obs !== 'stats' || e.node !== n) continue;
          const pings = typeof e.probes === 'number' ? e.probes : (e.sent as Record<string, { msgs: number }>)?.ping?.msgs ?? 0;
          if (pings > lastPings) {
            if (lastT !== undefined && lastPings >= 0) best = Math.max(best ?? 0, (e.t - lastT) / 1000);
            lastT = e.t;
            lastPings = pings;
          }
        }
      }
      return best;
    }
    default:
      throw new Error(`unknown history measure "${name}" (known: maxAwarenessOfStarved, longestProbeGapOfStarved)`);
  }
}

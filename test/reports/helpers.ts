// Shared by the report tests: the real docker-run fixture, decoding the history
// a report embeds, a hand-made campaign, and launching Debian's Chromium.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readHistory } from '../../src/history/read.js';
import type { HistoryEvent } from '../../src/history/types.js';
import type { EvidenceIndex } from '../../reports/evidence.js';
import type { CampaignInput, CampaignRun } from '../../reports/campaign.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(HERE, '../../test-artifacts');

export function fixtureEvents(): HistoryEvent[] {
  return readHistory(join(HERE, 'fixtures/default-docker-run.jsonl')).events;
}

/** The history a report embeds: its index and its lines, as the page's script decodes them. */
export function decodeEvidence(html: string): { index: EvidenceIndex; lines: string[] } {
  const m = /<script type="application\/octet-stream" id="ev-data"[^>]*>([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('the report embeds no history (no #ev-data element)');
  const text = gunzipSync(Buffer.from(m[1]!, 'base64')).toString('utf8');
  const [first, ...lines] = text.split('\n');
  return { index: JSON.parse(first!) as EvidenceIndex, lines };
}

/** Every `#L…` evidence link of a page, as lists of line numbers. */
export function evidenceLinks(html: string): number[][] {
  return [...html.matchAll(/href="#L([\d,]+)"/g)].map((m) => m[1]!.split(',').map(Number));
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Skip (with a reason) when Chromium is missing, except under CI=true, where the test must fail instead. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing and CI=true: install Debian's chromium package for the browser tests`);
  return `${CHROMIUM} is missing (apt-get install chromium); the browser tests are skipped`;
}

function run(config: string, scenario: string, repetition: number, valid: boolean | 'unknown', figures: Partial<CampaignRun['summary']>, implementation = 'builtin'): CampaignRun {
  const seed = 100 + repetition;
  return {
    config, implementation, scenario, seed, repetition,
    href: `../../../${scenario}/20261121T0${repetition}0000Z-${seed}/index.html`,
    summary: { valid, ...figures, ...(valid === true ? {} : { failed: ['eviction'] }) },
  };
}

/** Two configurations × two scenarios × 3 repetitions, two implementations, and three previous nights. */
export function handMadeCampaign(): CampaignInput {
  const runs: CampaignRun[] = [];
  for (const rep of [1, 2, 3]) {
    runs.push(run('lan, suspicionMult=4', 'crash', rep, true, { falseSuspicionsPerNodeHour: 1 + rep * 0.2, meanFirstSuspicion: 1.5 + rep * 0.1, convergedAfter: 3, meanBytesPerSec: 400 }));
    runs.push(run('lan, suspicionMult=4', 'partition', rep, rep === 2 ? false : true, { falseSuspicionsPerNodeHour: 2, meanFirstSuspicion: null, convergedAfter: 12 + rep, meanBytesPerSec: 420 }));
    runs.push(run('lan, suspicionMult=2', 'crash', rep, true, { falseSuspicionsPerNodeHour: 6 + rep, meanFirstSuspicion: 1.1 + rep * 0.05, convergedAfter: 2.5, meanBytesPerSec: 380 }));
    runs.push(run('lan, suspicionMult=2', 'partition', rep, rep === 3 ? 'unknown' : true, { falseSuspicionsPerNodeHour: 8, convergedAfter: 9, meanBytesPerSec: 390 }));
    runs.push(run('serf default', 'crash', rep, true, { falseSuspicionsPerNodeHour: 3, meanFirstSuspicion: 2.2, convergedAfter: 4, meanBytesPerSec: 900 }, 'serf'));
  }
  return {
    name: 'nightly', date: '2026-11-21', description: 'hand-made campaign for the report tests', runs,
    history: [
      { date: '2026-11-18', figures: { falseSuspicionsPerNodeHour: 3.9, meanFirstSuspicion: 1.6, convergedAfter: 6, meanBytesPerSec: 500 }, anomalies: 0, runs: 15 },
      { date: '2026-11-19', figures: { falseSuspicionsPerNodeHour: 4.0, meanFirstSuspicion: 1.55, convergedAfter: 6.2, meanBytesPerSec: 505 }, anomalies: 0, runs: 15 },
      { date: '2026-11-20', figures: { falseSuspicionsPerNodeHour: 3.8, meanFirstSuspicion: 1.0, convergedAfter: 6.1, meanBytesPerSec: 498 }, anomalies: 0, runs: 15 },
    ],
  };
}

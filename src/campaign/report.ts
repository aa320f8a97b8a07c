// After a campaign: read every finished run's results, and write the campaign
// report (index.html, with the trend over earlier nights of the same campaign),
// junit.xml and results.json (the machine-readable summary).

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { renderCampaign } from '../../reports/campaign.js';
import { summarizeRun, KEY_FIGURE_NAMES, type CampaignInput, type CampaignNight, type CampaignRun } from '../../reports/campaign-types.js';
import { junitXml, type JunitRun } from './junit.js';
import { readState, type CampaignState } from './state.js';
import type { CampaignFile } from './schema.js';
import { implementationLabel, type Plan } from './plan.js';
import type { CampaignSummary } from './run.js';
import { readJson } from './run.js';
import type { CheckerResult, Validity } from '../../checkers/types.js';

interface StoredResults { valid: Validity; results: Record<string, CheckerResult> }

export async function buildCampaignReport(dir: string, c: CampaignFile, plan: Plan, state: CampaignState, skipped: number, interrupted: boolean): Promise<CampaignSummary> {
  const runs: CampaignRun[] = [];
  const junit: JunitRun[] = [];
  const results: CampaignSummary['results'] = [];
  for (const r of plan.runs) {
    const f = state.finished[r.key];
    if (!f) continue;
    const stored = f.dir ? readJson<StoredResults>(join(dir, f.dir, 'results.json')) : undefined;
    const valid: Validity = stored?.valid ?? 'unknown';
    const summary = stored ? summarizeRun(stored.valid, stored.results) : { valid: 'unknown' as const, failed: ['harness'] };
    runs.push({ config: r.config.label, implementation: implementationLabel(r.config.implementation), ...armOf(r.config), scenario: r.scenario, seed: r.seed,
      repetition: r.repetition, href: f.dir ? `${f.dir}/index.html` : '#', summary });
    junit.push({ key: r.key, seed: r.seed, seconds: f.seconds, results: stored?.results, ...(f.error ? { error: f.error } : {}) });
    results.push({ key: r.key, seed: r.seed, valid, dir: f.dir, ...(summary.failed ? { failed: summary.failed } : {}) });
  }
  const count = (v: Validity): number => results.filter((x) => x.valid === v).length;
  const out: CampaignSummary = {
    name: c.name, dir, interrupted,
    valid: count(false) > 0 ? false : count('unknown') > 0 || interrupted ? 'unknown' : true,
    runs: { total: plan.runs.length, valid: count(true), anomaly: count(false), unknown: count('unknown'), skippedAsFinished: skipped },
    results,
  };
  const input: CampaignInput = {
    name: c.name, date: state.startedAt, ...(c.description ? { description: c.description } : {}),
    runs, history: earlierNights(dir),
  };
  writeFileSync(join(dir, 'index.html'), renderCampaign(input));
  writeFileSync(join(dir, 'junit.xml'), junitXml(c.name, junit));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...out, figures: nightFigures(runs) }, null, 2) + '\n');
  return out;
}

/** A comparison's column: "serf", or "builtin · swim" when the variant's name is not the implementation's. */
function armOf(c: Plan['configs'][number]): { arm?: string } {
  if (!c.arm) return {};
  const impl = implementationLabel(c.implementation);
  return { arm: !c.variant || c.variant === impl ? impl : `${impl} · ${c.variant}` };
}

/** Campaign-wide means of the key figures, for the trend across nights. */
function nightFigures(runs: readonly CampaignRun[]): CampaignNight['figures'] {
  const figures: CampaignNight['figures'] = {};
  for (const k of KEY_FIGURE_NAMES) {
    const xs = runs.map((r) => r.summary[k]).filter((x): x is number => typeof x === 'number');
    figures[k] = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  }
  return figures;
}

/** Earlier finished nights of the same campaign, oldest first. */
function earlierNights(dir: string): CampaignNight[] {
  const root = dirname(dir);
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().filter((d) => d < basename(dir)).flatMap((d) => {
    const s = readState(join(root, d));
    const r = readJson<{ figures?: CampaignNight['figures']; runs?: { total: number; anomaly: number } }>(join(root, d, 'results.json'));
    if (!s || s.status !== 'done' || !r?.figures) return [];
    return [{ date: s.startedAt, figures: r.figures, anomalies: r.runs?.anomaly ?? 0, runs: r.runs?.total ?? 0 }];
  });
}

// The campaign's directory and its ledger (campaign.json): the plan's hash and,
// for every finished run, where it went and what it said. Written after every
// run (atomically), so a campaign killed at any point resumes where it stopped.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timestamp } from '../store.js';
import type { Validity } from '../../checkers/types.js';

export interface FinishedRun { dir: string; valid: Validity; exitCode: number; seconds: number; error?: string }

export interface CampaignState {
  name: string;
  hash: string;
  file: string;
  startedAt: string;
  status: 'running' | 'interrupted' | 'done';
  finished: Record<string, FinishedRun>;
}

export function campaignRoot(store: string, name: string): string {
  return join(store, 'campaigns', name);
}

/** The newest unfinished campaign directory with the same plan, for --resume. */
export function findResumable(store: string, name: string, hash: string): string | undefined {
  const root = campaignRoot(store, name);
  if (!existsSync(root)) return undefined;
  for (const d of readdirSync(root).sort().reverse()) {
    const s = readState(join(root, d));
    if (s && s.hash === hash && s.status !== 'done') return join(root, d);
  }
  return undefined;
}

export function newCampaignDir(store: string, name: string): string {
  const dir = join(campaignRoot(store, name), timestamp());
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function readState(dir: string): CampaignState | undefined {
  const f = join(dir, 'campaign.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as CampaignState;
  } catch {
    return undefined;
  }
}

export function writeState(dir: string, s: CampaignState): void {
  const f = join(dir, 'campaign.json');
  writeFileSync(`${f}.tmp`, JSON.stringify(s, null, 2) + '\n');
  renameSync(`${f}.tmp`, f);
}

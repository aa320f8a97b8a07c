// The store's front page, served by `gossiplab serve`: every run and campaign,
// newest first, coloured by verdict, each linking to its report. Pure: the
// server scans the directory and hands the listing in.

import type { Validity } from '../checkers/types.js';
import { esc } from './escape.js';
import { STYLE } from './style.js';
import { verdictBadge, verdictWord } from './verdicts.js';

export interface StoreEntry {
  /** Scenario name (runs) or campaign name. */
  name: string;
  /** The directory's timestamp, e.g. 20261121T183407Z: sorts by time. */
  stamp: string;
  seed?: number;
  /** URL path of the directory, ending in '/'. */
  href: string;
  /** null: no results yet (running, or analysis failed). */
  valid: Validity | null;
  /** Checker names that were not valid, when known. */
  failed?: string[];
}

export function renderStoreIndex(root: string, runs: StoreEntry[], campaigns: StoreEntry[]): string {
  const newest = (a: StoreEntry, b: StoreEntry): number => b.stamp.localeCompare(a.stamp) || a.name.localeCompare(b.name);
  const item = (e: StoreEntry): string => {
    const word = e.valid === null ? 'none' : verdictWord(e.valid);
    const badge = e.valid === null ? '<span class="verdict" style="background:#999">NO RESULTS</span>' : verdictBadge(e.valid);
    return `<li class="store-${word}">${badge} <a href="${esc(e.href)}">${esc(e.name)}</a> <span class="spread">${esc(when(e.stamp))}`
      + `${e.seed !== undefined ? ` · seed ${esc(e.seed)}` : ''}${e.failed?.length ? ` · ${esc(e.failed.join(', '))}` : ''}</span></li>`;
  };
  const list = (xs: StoreEntry[], none: string): string => (xs.length ? `<ul class="store">${[...xs].sort(newest).map(item).join('')}</ul>` : `<p class="note">${none}</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>gossiplab store</title><style>${STYLE}</style></head><body>
<h1>gossiplab store <small>${esc(root)}</small></h1>
<section id="campaigns"><h2>Campaigns (${campaigns.length})</h2>${list(campaigns, 'No campaign in this store.')}</section>
<section id="runs"><h2>Runs (${runs.length})</h2>${list(runs, 'No run in this store yet: gossiplab run scenarios/default.yaml')}</section>
</body></html>
`;
}

/** 20261121T183407Z -> 2026-11-21 18:34:07 UTC; anything else as is. */
function when(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC` : stamp;
}

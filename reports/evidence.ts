// The evidence browser's data: the whole history, embedded once and compactly
// (gzip, then base64, inside an inert <script> element) with a small index of
// each line's time, kind and nodes, so the page filters 200k lines without
// parsing them and renders only one page of rows at a time (evidence-script.ts).
// Line numbers are the history's own, 1-based, as checkers cite them.

import { gzipSync } from 'node:zlib';
import type { HistoryEvent } from '../src/history/types.js';
import { compareNodeIds } from '../checkers/truth.js';
import { esc } from './escape.js';

export interface EvidenceIndex {
  nodes: string[];
  kinds: string[];
  /** Per line: controller time in ms (rounded), kind index, actor node index and member index (-1 for none). */
  t: number[]; k: number[]; o: number[]; m: number[];
  /** Lines that involve more nodes (fault targets and links), by line number. */
  x: Record<number, number[]>;
}

export function kindOf(e: HistoryEvent): string {
  return e.type === 'obs' ? `obs ${e.obs}` : e.type;
}

export function evidenceIndex(events: readonly HistoryEvent[]): EvidenceIndex {
  const names = new Set<string>();
  for (const e of events) {
    if ('node' in e && typeof e.node === 'string') names.add(e.node);
    if (e.type === 'obs' && 'member' in e && typeof e.member === 'string') names.add(e.member);
    if (e.type === 'run') e.nodes.forEach((n) => names.add(n));
  }
  const nodes = [...names].sort(compareNodeIds);
  const nodeIdx = new Map(nodes.map((n, i) => [n, i]));
  const kinds: string[] = [];
  const kindIdx = new Map<string, number>();
  const idx: EvidenceIndex = { nodes, kinds, t: [], k: [], o: [], m: [], x: {} };
  events.forEach((e, i) => {
    const kind = kindOf(e);
    let k = kindIdx.get(kind);
    if (k === undefined) { k = kinds.push(kind) - 1; kindIdx.set(kind, k); }
    idx.t.push(Math.round(e.t));
    idx.k.push(k);
    idx.o.push('node' in e && typeof e.node === 'string' ? nodeIdx.get(e.node) ?? -1 : -1);
    idx.m.push(e.type === 'obs' && 'member' in e && typeof e.member === 'string' ? nodeIdx.get(e.member) ?? -1 : -1);
    if (e.type === 'fault') {
      const involved = new Set([...e.targets, ...(e.links ?? []).flat()]);
      idx.x[i + 1] = [...involved].map((n) => nodeIdx.get(n)).filter((n): n is number => n !== undefined);
    }
  });
  return idx;
}

/** The embedded payload: the index as one JSON line, then the history's lines; gzip, base64. */
export function encodeEvidence(events: readonly HistoryEvent[], index = evidenceIndex(events)): string {
  const parts = [JSON.stringify(index)];
  for (const e of events) parts.push(JSON.stringify(e));
  return gzipSync(parts.join('\n'), { level: 5 }).toString('base64');
}

export function evidenceSection(events: readonly HistoryEvent[]): string {
  const index = evidenceIndex(events);
  const counts = new Map<number, number>();
  for (const k of index.k) counts.set(k, (counts.get(k) ?? 0) + 1);
  const kinds = index.kinds.map((kind, i) => `<label><input type="checkbox" name="ev-kind" value="${i}" checked> ${esc(kind)} <small>(${counts.get(i) ?? 0})</small></label>`).join(' ');
  const nodes = index.nodes.map((n, i) => `<option value="${i}">${esc(n)}</option>`).join('');
  return `<p>Every line of <code>history.jsonl</code> (${events.length.toLocaleString('en')} lines), filterable; a line's number is its anchor
(<code>#L123</code>), and the evidence links above open exactly the lines a verdict cites, highlighted.</p>
<form class="ev-controls" id="ev-form" onsubmit="return false">
<label>node <select id="ev-node"><option value="">any node</option>${nodes}</select></label>
<label>from <input id="ev-from" type="number" step="any" min="0" size="7" placeholder="0"> s</label>
<label>to <input id="ev-to" type="number" step="any" min="0" size="7" placeholder="end"> s</label>
<label>text <input id="ev-text" type="search" size="18" placeholder="contains…"></label>
<button type="button" id="ev-clear">clear filters</button>
<div class="ev-kinds">${kinds} <button type="button" id="ev-quiet">hide stats/detector</button></div>
</form>
<div id="ev-banner" class="ev-banner" hidden></div>
<div class="ev-pager"><button type="button" id="ev-first">« first</button><button type="button" id="ev-prev">◀ previous</button>
<span id="ev-status">The history browser needs JavaScript; history.jsonl next to this file has every line.</span>
<button type="button" id="ev-next">next ▶</button><button type="button" id="ev-last">last »</button></div>
<table class="ev"><thead><tr><th>line</th><th>t (s)</th><th>kind</th><th>node</th><th>event (JSON)</th></tr></thead><tbody id="ev-rows"></tbody></table>
<script type="application/octet-stream" id="ev-data" data-lines="${events.length}">${encodeEvidence(events, index)}</script>`;
}

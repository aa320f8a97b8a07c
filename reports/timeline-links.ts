// Network faults on the timeline, one row per pair of nodes whose link a fault
// touched (cut, lossy, or otherwise degraded), with a bar per fault window and
// its directions. A big cluster's partition touches hundreds of pairs: past
// MAX_LINK_ROWS the rows become one per fault, and the page says so.

import type { LinkInterval } from '../checkers/truth.js';
import { compareNodeIds } from '../checkers/truth.js';
import { esc } from './escape.js';
import { span, type TimeScale } from './timeline-svg.js';

export const MAX_LINK_ROWS = 40;

export interface LinkRow { label: string; title: string; bars: { from: number; to: number; cls: string; title: string; line: number }[] }

export function linkRows(links: readonly LinkInterval[]): { rows: LinkRow[]; note: string } {
  if (links.length === 0) return { rows: [], note: '' };
  const fmt = (ms: number): string => (Number.isFinite(ms) ? `${Math.round(ms) / 1000} s` : 'the end');
  const cls = (l: LinkInterval): string => `link-${l.effect.kind}`;
  const effect = (l: LinkInterval): string => (l.effect.kind === 'cut' ? 'cut' : l.effect.kind === 'lossy' ? `${Math.round(l.effect.loss * 100)}% loss` : l.effect.fault);

  const pairs = new Map<string, LinkInterval[]>();
  for (const l of links) {
    const [a, b] = [l.from, l.to].sort(compareNodeIds) as [string, string];
    const key = `${a}\u0000${b}`;
    pushTo(pairs, key, l);
  }
  if (pairs.size <= MAX_LINK_ROWS) {
    const rows = [...pairs.entries()].sort(([x], [y]) => compareKeys(x, y)).map(([key, list]) => {
      const [a, b] = key.split('\u0000') as [string, string];
      const byFault = new Map<string, LinkInterval[]>();
      for (const l of list) pushTo(byFault, `${l.faultId}@${l.start}`, l);
      const bars = [...byFault.values()].map((ls) => {
        const l = ls[0]!;
        const dirs = ls.length > 1 ? `${a} ↔ ${b}` : `${l.from} → ${l.to} only`;
        return { from: l.start, to: l.end, cls: cls(l), line: l.startLine,
          title: `${l.faultId}: ${dirs} ${effect(l)}, ${fmt(l.start)} to ${fmt(l.end)} (line ${l.startLine}${l.endLine ? `–${l.endLine}` : ''})` };
      });
      return { label: `${a} ↔ ${b}`, title: `link ${a} ↔ ${b}`, bars };
    });
    return { rows, note: '' };
  }
  const byFault = new Map<string, LinkInterval[]>();
  for (const l of links) pushTo(byFault, l.faultId, l);
  const rows = [...byFault.entries()].map(([id, ls]) => {
    const l = ls[0]!;
    const shown = ls.slice(0, 12).map((x) => `${x.from}→${x.to}`).join(', ');
    return { label: id, title: `${id}: ${ls.length} directed links`, bars: [{ from: Math.min(...ls.map((x) => x.start)), to: Math.max(...ls.map((x) => x.end)), cls: cls(l), line: l.startLine,
      title: `${id}: ${ls.length} directed links ${effect(l)} (${shown}${ls.length > 12 ? `, and ${ls.length - 12} more` : ''}), ${fmt(l.start)} to ${fmt(l.end)}` }] };
  });
  return { rows, note: `<p class="tl-note">Network faults touched ${pairs.size} pairs of nodes, more than the ${MAX_LINK_ROWS} shown as rows: `
    + `the link rows are one per fault instead (hover a bar for its links; the fault events list them all).</p>` };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v); else map.set(key, [v]);
}

function compareKeys(x: string, y: string): number {
  const [a1, b1] = x.split('\u0000') as [string, string];
  const [a2, b2] = y.split('\u0000') as [string, string];
  return compareNodeIds(a1, a2) || compareNodeIds(b1, b2);
}

/** The row labels (outside the plot's clip) and the bars (inside it). */
export function linkRowsSvg(rows: LinkRow[], s: TimeScale, top: number, rowH: number, labelX: number): { labels: string; bars: string } {
  const labels = rows.map((r, i) => `<text class="link-label" x="${labelX}" y="${top + i * rowH + rowH - 3}" text-anchor="end">${esc(r.label)}<title>${esc(r.title)}</title></text>`);
  const bars = rows.map((r, i) => r.bars.map((b) => `<a href="#L${b.line}">${span(s, b.from, b.to, top + i * rowH + 2, rowH - 4, `link-bar ${b.cls}`, b.title)}</a>`).join(''));
  return { labels: labels.join(''), bars: bars.join('') };
}

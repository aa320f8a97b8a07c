// Directed-link truth: for each network fault, which links it affected and how
// (cut, or lossy with a drop probability). A fault's `links` are authoritative;
// a partition without `links` is expanded from `params.sides`. Skipped faults
// never touched the network, so they leave no trace here.

import type { Link } from '../src/history/types.js';
import type { Numbered } from './timeline.js';

export type LinkEffect =
  | { kind: 'cut' }
  | { kind: 'lossy'; loss: number }
  /** Delay, reordering, ...: the link still delivers. */
  | { kind: 'other'; fault: string };

export interface LinkInterval {
  from: string;
  to: string;
  faultId: string;
  effect: LinkEffect;
  start: number;
  /** Infinity when the fault was never stopped. */
  end: number;
  startLine: number;
  endLine?: number;
}

export function linksOf(events: readonly Numbered[]): LinkInterval[] {
  const out: LinkInterval[] = [];
  const open = new Map<string, LinkInterval[]>();
  for (const { e, line } of events) {
    if (e.type !== 'fault' || e.kind === 'crash') continue;
    if (e.phase === 'start') {
      if (e.skipped) continue;
      const effect = effectOf(e.kind, e.loss ?? numberOr(e.params['loss']));
      const made = affectedLinks(e.links, e.params).map(([from, to]) => ({
        from, to, faultId: e.id, effect, start: e.t, end: Infinity, startLine: line,
      }));
      out.push(...made);
      open.set(e.id, made);
    } else {
      for (const l of open.get(e.id) ?? []) {
        l.end = e.t;
        l.endLine = line;
      }
      open.delete(e.id);
    }
  }
  return out;
}

function effectOf(kind: string, loss: number | undefined): LinkEffect {
  if (loss !== undefined) return loss >= 1 ? { kind: 'cut' } : { kind: 'lossy', loss: Math.max(0, loss) };
  if (kind === 'partition') return { kind: 'cut' };
  return { kind: 'other', fault: kind };
}

function affectedLinks(links: Link[] | undefined, params: Record<string, unknown>): Link[] {
  if (links) return links;
  const sides = params['sides'];
  if (!Array.isArray(sides)) return [];
  const groups = sides.filter(Array.isArray).map((s) => (s as unknown[]).filter((x): x is string => typeof x === 'string'));
  const out: Link[] = [];
  groups.forEach((a, i) => groups.forEach((b, j) => {
    if (i === j) return;
    for (const x of a) for (const y of b) out.push([x, y]);
  }));
  return out;
}

function numberOr(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

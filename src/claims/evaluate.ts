// From measured figures to a verdict: holds, refuted or inconclusive. A claim is
// inconclusive, never "holds", when fewer than half of an arm's runs measured the
// figure; the verdict always carries the figure, its spread and the run count.

import type { ClaimFile } from './schema.js';

export type Verdict = 'holds' | 'refuted' | 'inconclusive';

export interface ArmFigures { values: (number | null)[]; mean: number | null; min: number | null; max: number | null; sd: number | null }

export interface Evaluation { verdict: Verdict; figure: number | null; reason: string; arms: Record<string, ArmFigures> }

export function summarize(values: (number | null)[]): ArmFigures {
  const xs = values.filter((v): v is number => v !== null);
  if (!xs.length) return { values, mean: null, min: null, max: null, sd: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { values, mean, min: Math.min(...xs), max: Math.max(...xs), sd };
}

const fmt = (x: number): string => String(+x.toPrecision(4));

export function evaluate(c: ClaimFile, arms: Record<string, (number | null)[]>): Evaluation {
  const figs = Object.fromEntries(Object.entries(arms).map(([k, v]) => [k, summarize(v)]));
  const e = c.expect;
  if ('never' in e) {
    const all = Object.values(figs).flatMap((f) => f.values);
    const seen = all.filter((v) => v !== null) as number[];
    return seen.length === 0
      ? { verdict: 'holds', figure: null, reason: `never happened in ${all.length} run(s)`, arms: figs }
      : { verdict: 'refuted', figure: seen[0]!, reason: `happened in ${seen.length} of ${all.length} run(s) (first: ${fmt(seen[0]!)})`, arms: figs };
  }
  const thin = Object.entries(figs).filter(([, f]) => f.values.filter((v) => v !== null).length * 2 < f.values.length);
  if (thin.length) {
    return { verdict: 'inconclusive', figure: null, arms: figs,
      reason: `too few runs measured ${c.measure.metric}: ${thin.map(([k, f]) => `${k} ${f.values.filter((v) => v !== null).length}/${f.values.length}`).join(', ')}` };
  }
  if ('ratio' in e) {
    const a = figs[e.ratio.arm]!.mean!, b = figs[e.ratio.to]!.mean!;
    if (b === 0) {
      return { verdict: a === 0 ? 'inconclusive' : 'refuted', figure: null, arms: figs, reason: `${e.ratio.to} measured 0, so the ratio is ${a === 0 ? 'undefined (both 0)' : 'infinite'}` };
    }
    const r = a / b;
    const ok = (e.ratio.atMost === undefined || r <= e.ratio.atMost) && (!e.ratio.within || (r >= e.ratio.within[0] && r <= e.ratio.within[1]));
    const want = [e.ratio.atMost !== undefined ? `<= ${e.ratio.atMost}` : '', e.ratio.within ? `in [${e.ratio.within.join(', ')}]` : ''].filter(Boolean).join(' and ');
    return { verdict: ok ? 'holds' : 'refuted', figure: r, arms: figs, reason: `${e.ratio.arm}/${e.ratio.to} = ${fmt(a)}/${fmt(b)} = ${fmt(r)}, expected ${want}` };
  }
  const only = Object.values(figs)[0]!;
  const x = only.mean!;
  const [ok, want] = 'within' in e ? [x >= e.within[0] && x <= e.within[1], `in [${e.within.join(', ')}]`]
    : 'atMost' in e ? [x <= e.atMost, `<= ${e.atMost}`] : [x >= e.atLeast, `>= ${e.atLeast}`];
  return { verdict: ok ? 'holds' : 'refuted', figure: x, arms: figs, reason: `mean ${fmt(x)} (range ${fmt(only.min!)}..${fmt(only.max!)}), expected ${want}` };
}

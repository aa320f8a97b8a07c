// The bench convention: a bench script prints each figure as one JSON line on
// stdout, {"name","value","unit","note"}, and anything for humans on stderr.
// bench/run.mjs collects the lines of every script into bench/results.json.

import type { Figure } from './figures.js';

export function emit(figures: Iterable<Figure>): void {
  for (const f of figures) {
    const value = Number.isFinite(f.value) ? f.value : null;
    process.stdout.write(JSON.stringify({ name: f.name, value, unit: f.unit, ...(f.note ? { note: f.note } : {}) }) + '\n');
  }
}

/** Progress for humans, on stderr. */
export function progress(m: string): void {
  process.stderr.write(`${m}\n`);
}

/** A list of numbers from an environment variable such as BENCH_SIZES=10,50. */
export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (list.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`${name}: expected comma-separated positive numbers, found ${JSON.stringify(raw)}`);
  return list;
}

// Summary figures of a sample (mean, median, p90, max), rounded to milliseconds of
// a second, for reporting measured times next to their theoretical expectation.
// Percentiles use the nearest-rank method, so every figure is an observed value.

export interface Summary { count: number; mean: number; median: number; p90: number; max: number }

export function summarize(xs: readonly number[]): Summary | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const mean = s.reduce((a, x) => a + x, 0) / s.length;
  return { count: s.length, mean: round3(mean), median: round3(rank(0.5)), p90: round3(rank(0.9)), max: round3(s[s.length - 1]!) };
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

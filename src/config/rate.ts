// Bandwidths in scenario files: a number of kbit/s, or a string such as
// "256kbit", "1mbit", "1.5mbit", "1gbit" (decimal units, as tc counts them).

const KBIT: Record<string, number> = { kbit: 1, mbit: 1000, gbit: 1_000_000 };
export const RATE_PATTERN = /^(\d+(?:\.\d+)?)\s*(kbit|mbit|gbit)$/i;

/** kbit/s. */
export function parseRate(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = RATE_PATTERN.exec(v.trim());
  if (!m) throw new Error(`not a rate: ${v}`);
  return Number(m[1]) * KBIT[m[2]!.toLowerCase()]!;
}

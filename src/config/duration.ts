// Durations in scenario files: a number of milliseconds, or a string such as
// "250ms", "5s", "2m", "1h". Clock offsets may carry a sign: "+1h", "-30s".

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
export const SIGNED_DURATION_PATTERN = /^([+-]?)(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

export function parseDuration(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = DURATION_PATTERN.exec(v.trim());
  if (!m) throw new Error(`not a duration: ${v}`);
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

/** A duration that may be negative: "-30s" is -30000. */
export function parseSignedDuration(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = SIGNED_DURATION_PATTERN.exec(v.trim());
  if (!m) throw new Error(`not a signed duration: ${v}`);
  return (m[1] === '-' ? -1 : 1) * parseDuration(`${m[2]}${m[3]}`);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

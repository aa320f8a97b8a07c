// Flap: an inner fault switched on for `duty` of every `period` over the flap's
// window. It is expanded at resolve time into one scheduled fault per "on"
// window, each with its own id (f3-flap-1-partition, f3-flap-2-partition, ...),
// so the history shows a start and a stop for every window and ground truth sees
// each one. The inner fault is resolved once: every window hits the same targets.

import type { ScheduledFault } from '../src/config/types.js';

/** More windows than this is a typo (a period in ms meant as s), not a test. */
export const MAX_FLAP_WINDOWS = 1000;

export interface FlapTiming { at: number; duration: number; period: number; duty: number }
export interface FlapWindow { n: number; at: number; duration: number }

/** The "on" windows: one per period, the last one cut at the flap's end; each at least 1 ms long. */
export function flapWindows(t: FlapTiming): FlapWindow[] {
  if (!(t.period > 0)) throw new Error(`flap period must be positive, got ${t.period}`);
  const end = t.at + t.duration;
  const on = Math.max(1, Math.round(t.period * t.duty));
  const out: FlapWindow[] = [];
  for (let n = 1, at = t.at; at < end; n++, at = t.at + (n - 1) * t.period) {
    if (n > MAX_FLAP_WINDOWS) throw new Error(`a flap of ${t.duration} ms with a period of ${t.period} ms has more than ${MAX_FLAP_WINDOWS} windows`);
    out.push({ n, at, duration: Math.min(on, end - at) });
  }
  return out;
}

/** The scheduled faults of a flap whose id stem is `base` (e.g. "f3"). */
export function expandFlap(base: string, t: FlapTiming, inner: Pick<ScheduledFault, 'kind' | 'params'>): ScheduledFault[] {
  return flapWindows(t).map((w) => ({
    id: `${base}-flap-${w.n}-${inner.kind}`, kind: inner.kind, at: w.at, duration: w.duration, params: inner.params,
  }));
}

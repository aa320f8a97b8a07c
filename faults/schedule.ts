// Generated nemesis schedules: when each fault template runs, decided from the
// rng handed in and nothing else, so one seed gives one timetable. Pure: it plans
// (time, template) pairs; resolving each into params is the caller's job. Every
// planned fault ends strictly before `until`, so the final heal and the quiet
// phase always follow. Two faults of the same kind never overlap (two pauses
// of one node would resume each other), whatever the mode.

import type { Rng } from '../src/seed.js';

export const GENERATE_MODES = ['sequence', 'random', 'staggered', 'flip-flop'] as const;
export type GenerateMode = (typeof GENERATE_MODES)[number];

/** A fault template as the planner sees it: its kind and how long it lasts (ms). */
export interface Template { kind: string; length: number }

export interface GenerateSpec {
  mode: GenerateMode;
  templates: readonly Template[];
  /** sequence, staggered: time between starts; random: mean time between starts (ms). */
  every: number;
  /** flip-flop: quiet time between one fault's end and the next one's start (ms). */
  quiet: number;
  /** First start (ms into the nemesis phase). */
  start: number;
  /** Every fault ends before this (ms into the nemesis phase). */
  until: number;
}

export interface Planned { at: number; template: number }

/** A guard against a planner that makes no progress, not a limit anyone should meet. */
export const MAX_GENERATED = 10_000;

export function generateSchedule(spec: GenerateSpec, rng: Rng): Planned[] {
  const k = spec.templates.length;
  const busyUntil = new Map<string, number>();
  const out: Planned[] = [];
  let t = spec.start;
  for (let i = 0; out.length < MAX_GENERATED; i++) {
    const template = spec.mode === 'random' ? rng.int(k) : i % k;
    const { kind, length } = spec.templates[template]!;
    const at = Math.max(t, busyUntil.get(kind) ?? 0);
    const end = at + length;
    if (end >= spec.until) break;
    out.push({ at, template });
    busyUntil.set(kind, end);
    t = next(spec, rng, i, at, end);
  }
  return out;
}

/** When the fault after one that runs [at, end) may start. */
function next(spec: GenerateSpec, rng: Rng, i: number, at: number, end: number): number {
  switch (spec.mode) {
    case 'sequence': return Math.max(at + spec.every, end, at + 1);
    case 'staggered': return spec.start + (i + 1) * spec.every;
    case 'random': return at + Math.max(1, Math.round(-spec.every * Math.log(1 - rng.next())));
    case 'flip-flop': return Math.max(end + spec.quiet, at + 1);
    default: {
      const never: never = spec.mode;
      throw new Error(`unknown generate mode ${String(never)}`);
    }
  }
}

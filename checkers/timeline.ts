// The controller's own events (run, node, fault, phase, update) with their line
// numbers: the only events ground truth is derived from. They are few (faults,
// lifecycle changes, phases), so the first pass over a history keeps them all.

import type { HistoryEvent } from '../src/history/types.js';

export interface Numbered { e: HistoryEvent; line: number }

const TIMELINE: ReadonlySet<string> = new Set(['run', 'node', 'fault', 'phase', 'update']);

export function isTimeline(e: HistoryEvent): boolean {
  return isTimelineType(e.type);
}

/** An event of this `type` is a controller line of the timeline. */
export function isTimelineType(type: string): boolean {
  return TIMELINE.has(type);
}

export function timelineOf(events: readonly HistoryEvent[]): Numbered[] {
  const out: Numbered[] = [];
  events.forEach((e, i) => { if (isTimeline(e)) out.push({ e, line: i + 1 }); });
  return out;
}

// Reads a stored history back. A torn last line (the controller died mid-write)
// is reported, not silently dropped.

import { readFileSync } from 'node:fs';
import type { HistoryEvent } from './types.js';
import { LabError } from '../errors.js';

export interface LoadedHistory { events: HistoryEvent[]; tornTail: boolean }

export function readHistory(path: string): LoadedHistory {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const events: HistoryEvent[] = [];
  let tornTail = false;
  lines.forEach((l, i) => {
    try {
      events.push(JSON.parse(l) as HistoryEvent);
    } catch {
      if (i === lines.length - 1) tornTail = true;
      else throw new LabError('GOSSIPLAB_HISTORY', `${path}: line ${i + 1}: expected a JSON event, found ${JSON.stringify(l.slice(0, 60))}`);
    }
  });
  return { events, tornTail };
}

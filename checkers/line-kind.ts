// Classifies a raw history line without parsing its JSON, so that lines no open
// checker needs (most `stats` and every `detector` line) cost a prefix scan
// only. The controller writes `{"t":…,"type":…` first and, for observations,
// `"node":…,"obs":…` next (src/history/recorder.ts); any line not in that exact
// shape is classified 'parse' and read in full, so a hand-written history is
// still checked correctly, only more slowly.

export type RawKind = 'member' | 'stats' | 'detector' | 'update-obs' | 'obs-other' | 'node' | 'view' | 'timeline' | 'note' | 'parse';

const TYPES: Readonly<Record<string, RawKind>> = {
  node: 'node', view: 'view', note: 'note', run: 'timeline', fault: 'timeline', phase: 'timeline', update: 'timeline',
};
const OBS: Readonly<Record<string, RawKind>> = {
  member: 'member', removed: 'member', stats: 'stats', detector: 'detector', update: 'update-obs',
};

export interface LineHead { kind: RawKind; t: number }

const HEAD = '{"t":';
const TYPE = ',"type":"';
const NODE = '","node":"';
const OBS_KEY = '","obs":"';

/** The kind and `t` of a line; `t` is NaN when the line must be parsed to know it. */
export function lineHead(text: string): LineHead {
  if (!text.startsWith(HEAD)) return { kind: 'parse', t: NaN };
  const comma = text.indexOf(',', HEAD.length);
  if (comma < 0) return { kind: 'parse', t: NaN };
  const t = Number(text.slice(HEAD.length, comma));
  if (!Number.isFinite(t) || !text.startsWith(TYPE, comma)) return { kind: 'parse', t: NaN };
  const typeFrom = comma + TYPE.length;
  const typeTo = text.indexOf('"', typeFrom);
  if (typeTo < 0) return { kind: 'parse', t: NaN };
  const type = text.slice(typeFrom, typeTo);
  if (type !== 'obs') return { kind: TYPES[type] ?? 'parse', t };
  if (!text.startsWith(NODE, typeTo)) return { kind: 'parse', t: NaN };
  const nodeTo = text.indexOf('"', typeTo + NODE.length);
  if (nodeTo < 0 || text.charCodeAt(nodeTo - 1) === 92 /* backslash */ || !text.startsWith(OBS_KEY, nodeTo)) return { kind: 'parse', t: NaN };
  const obsFrom = nodeTo + OBS_KEY.length;
  const obsTo = text.indexOf('"', obsFrom);
  if (obsTo < 0) return { kind: 'parse', t: NaN };
  return { kind: OBS[text.slice(obsFrom, obsTo)] ?? 'obs-other', t };
}

/** A cheap sanity check for a line that is skipped unparsed: a JSON object ends with `}`. */
export function looksComplete(text: string): boolean {
  return text.charCodeAt(text.length - 1) === 125;
}

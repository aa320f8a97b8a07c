// Classifies a raw history line without parsing its JSON, so that lines no open
// checker needs (most `stats` and every `detector` line) cost a prefix scan
// only. The controller writes `{"t":…,"type":…` first and, for observations,
// `"node":…,"obs":…` next (src/history/recorder.ts); any line not in that exact
// shape is classified 'parse' and read in full, so a hand-written history is
// still checked correctly, only more slowly. No allocation: the kind is
// returned, and the line's `t` and the observer's position are left in `head`.

export type RawKind = 'member' | 'stats' | 'detector' | 'update-obs' | 'obs-other' | 'node' | 'view' | 'timeline' | 'note' | 'parse';

/** Set by lineKind: `t` (NaN for 'parse'), and for observations the observer id's [from, to) and where the rest begins. */
export const head = { t: NaN, nodeFrom: 0, nodeTo: 0, rest: 0 };

const HEAD = '{"t":';
const TYPE = ',"type":"';
const NODE = 'obs","node":"';
const OBS_KEY = '","obs":"';

export function lineKind(text: string): RawKind {
  head.t = NaN;
  if (!text.startsWith(HEAD)) return 'parse';
  const comma = text.indexOf(',', HEAD.length);
  if (comma < 0) return 'parse';
  const t = numberAt(text, HEAD.length, comma);
  if (Number.isNaN(t) || !text.startsWith(TYPE, comma)) return 'parse';
  const at = comma + TYPE.length;
  if (text.startsWith(NODE, at)) {
    const nodeFrom = at + NODE.length;
    const nodeTo = text.indexOf('"', nodeFrom);
    if (nodeTo < 0 || text.charCodeAt(nodeTo - 1) === 92 /* backslash */ || !text.startsWith(OBS_KEY, nodeTo)) return 'parse';
    const obs = nodeTo + OBS_KEY.length;
    head.t = t;
    head.nodeFrom = nodeFrom;
    head.nodeTo = nodeTo;
    if (text.startsWith('member"', obs)) { head.rest = obs + 7; return 'member'; }
    if (text.startsWith('stats"', obs)) { head.rest = obs + 6; return 'stats'; }
    if (text.startsWith('detector"', obs)) return 'detector';
    if (text.startsWith('removed"', obs)) { head.rest = obs + 8; return 'member'; }
    if (text.startsWith('update"', obs)) return 'update-obs';
    return text.indexOf('"', obs) < 0 ? 'parse' : 'obs-other';
  }
  head.t = t;
  if (text.startsWith('node"', at)) return 'node';
  if (text.startsWith('fault"', at) || text.startsWith('phase"', at) || text.startsWith('run"', at) || text.startsWith('update"', at)) return 'timeline';
  if (text.startsWith('view"', at)) return 'view';
  if (text.startsWith('note"', at)) return 'note';
  head.t = NaN;
  return 'parse';
}

/** A JSON number in text[from, to), or NaN if it is not a plain one. */
export function numberAt(text: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  let neg = false;
  if (text.charCodeAt(i) === 45) { neg = true; i++; }
  if (i >= to) return NaN;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i < to) {
    // A fraction or exponent: let the engine parse it exactly as JSON.parse would.
    const x = Number(text.slice(from, to));
    return Number.isFinite(x) ? x : NaN;
  }
  return neg ? -n : n;
}

/** A cheap sanity check for a line that is skipped unparsed: a JSON object ends with `}`. */
export function looksComplete(text: string): boolean {
  return text.charCodeAt(text.length - 1) === 125;
}

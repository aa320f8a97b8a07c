// Classifies a raw history line from its bytes, without parsing its JSON or
// making a string, so that lines no open checker needs (most `stats` and every
// `detector` line) cost a few byte comparisons. The controller writes
// `{"t":…,"type":…` first and, for observations, `"node":…,"obs":…` next
// (src/history/recorder.ts); any line not in that exact shape is classified
// 'parse' and read in full, so a hand-written history is still checked
// correctly, only more slowly. No allocation: the kind is returned, and the
// line's `t` and the observer's position are left in `head`.

import { readNumber, scan, startsWith, utf8 } from './line-bytes.js';

export type RawKind = 'member' | 'stats' | 'detector' | 'update-obs' | 'obs-other' | 'node' | 'view' | 'timeline' | 'note' | 'parse';

/** Set by lineKind: `t` (NaN for 'parse'), and for observations the observer id's [from, to) and where the rest begins. */
export const head = { t: NaN, nodeFrom: 0, nodeTo: 0, rest: 0 };

const HEAD = utf8('{"t":');
const TYPE = utf8(',"type":"');
const NODE = utf8('obs","node":"');
const OBS_KEY = utf8('","obs":"');
const MEMBER = utf8('member"');
const STATS = utf8('stats"');
const DETECTOR = utf8('detector"');
const REMOVED = utf8('removed"');
const UPDATE = utf8('update"');
const TIMELINE = ['node"', 'fault"', 'phase"', 'run"', 'update"', 'view"', 'note"'].map(utf8);
const TIMELINE_KIND: readonly RawKind[] = ['node', 'timeline', 'timeline', 'timeline', 'timeline', 'view', 'note'];
const QUOTE = 34;
const BACKSLASH = 92;

/** The kind of the line buf[from, to). */
export function lineKind(buf: Buffer, from: number, to: number): RawKind {
  head.t = NaN;
  if (!startsWith(buf, from, to, HEAD)) return 'parse';
  const t = readNumber(buf, from + HEAD.length, to);
  const comma = scan.end;
  if (Number.isNaN(t) || !startsWith(buf, comma, to, TYPE)) return 'parse';
  const at = comma + TYPE.length;
  if (startsWith(buf, at, to, NODE)) {
    const nodeFrom = at + NODE.length;
    const nodeTo = quoteAt(buf, nodeFrom, to);
    if (nodeTo < 0 || buf[nodeTo - 1] === BACKSLASH || !startsWith(buf, nodeTo, to, OBS_KEY)) return 'parse';
    const obs = nodeTo + OBS_KEY.length;
    head.t = t;
    head.nodeFrom = nodeFrom;
    head.nodeTo = nodeTo;
    switch (buf[obs]) {
      case 109: if (startsWith(buf, obs, to, MEMBER)) { head.rest = obs + MEMBER.length; return 'member'; } break; // m
      case 115: if (startsWith(buf, obs, to, STATS)) { head.rest = obs + STATS.length; return 'stats'; } break; // s
      case 100: if (startsWith(buf, obs, to, DETECTOR)) return 'detector'; break; // d
      case 114: if (startsWith(buf, obs, to, REMOVED)) { head.rest = obs + REMOVED.length; return 'member'; } break; // r
      case 117: if (startsWith(buf, obs, to, UPDATE)) return 'update-obs'; break; // u
    }
    return quoteAt(buf, obs, to) < 0 ? 'parse' : 'obs-other';
  }
  for (let i = 0; i < TIMELINE.length; i++) {
    if (startsWith(buf, at, to, TIMELINE[i]!)) { head.t = t; return TIMELINE_KIND[i]!; }
  }
  return 'parse';
}

/**
 * For the first pass, which needs only the controller's lines: true when
 * buf[from, to) is an observation, view or note in the controller's shape (its
 * `t` is left in head.t), so that it can be skipped; false means the line is to
 * be read in full.
 */
export function skippable(buf: Buffer, from: number, to: number): boolean {
  if (!startsWith(buf, from, to, HEAD)) return false;
  const t = readNumber(buf, from + HEAD.length, to);
  const at = scan.end + TYPE.length;
  if (Number.isNaN(t) || !startsWith(buf, scan.end, to, TYPE) || at + 5 > to) return false;
  head.t = t;
  switch (buf[at]) {
    case 111: return startsWith(buf, at, to, NODE); // o
    case 118: return startsWith(buf, at, to, TIMELINE[5]!); // v
    case 110: return startsWith(buf, at, to, TIMELINE[6]!); // n
    default: return false;
  }
}

/** The first quote in buf[i, to), or -1: ids are short, so a loop beats a native search. */
function quoteAt(buf: Buffer, i: number, to: number): number {
  for (; i < to; i++) if (buf[i] === QUOTE) return i;
  return -1;
}

/** A cheap sanity check for a line that is skipped unparsed: a JSON object ends with `}`. */
export function looksComplete(buf: Buffer, from: number, to: number): boolean {
  return to > from && buf[to - 1] === 125;
}

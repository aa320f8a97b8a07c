// Classifies a raw history line from its bytes, without parsing its JSON or
// making a string, so that lines no open checker needs (most `stats` and every
// `detector` line) cost a few byte comparisons. The controller writes
// `{"t":…,"type":…` first and, for observations, `"node":…,"obs":…` next
// (src/history/recorder.ts); any line not in that exact shape is classified
// 'parse' and read in full, so a hand-written history is still checked
// correctly, only more slowly. No allocation: the kind is returned, and the
// line's `t` and the observer's position are left in `head`.

import { readNumber, readWordsOf, scan, startsWith, utf8, word, wordAt } from './line-bytes.js';

export type RawKind = 'member' | 'stats' | 'detector' | 'update-obs' | 'obs-other' | 'node' | 'view' | 'timeline' | 'note' | 'parse';

/** Set by lineKind: `t` (NaN for 'parse'), and for observations the observer id's [from, to) and where the rest begins. */
export const head = { t: NaN, nodeFrom: 0, nodeTo: 0, rest: 0 };

const TIMELINE = ['node"', 'fault"', 'phase"', 'run"', 'update"', 'view"', 'note"'].map(utf8);
const TIMELINE_KIND: readonly RawKind[] = ['node', 'timeline', 'timeline', 'timeline', 'timeline', 'view', 'note'];
const QUOTE = 34;
const COLON = 58;
const BACKSLASH = 92;

// The fixed parts of a line, compared four bytes at a time.
const W_OBS = word('obs"');
const W_NODE1 = word(',"no');
const W_NODE2 = word('de":'); // then '"'
const W_KEY1 = word('","o');
const W_KEY2 = word('bs":'); // then '"'
const W_STAT = word('stat'); // then 's"'
const W_MEMB = word('memb'); // then 'er"'
const W_DETE = word('dete');
const W_CTOR = word('ctor'); // then '"'
const W_REMO = word('remo');
const W_VED = word('ved"');
const W_UPDA = word('upda'); // then 'te"'

/** Reads `{"t":N,"type":"` at from: the index after it (head.t set), or -1. */
function typeAt(buf: Uint8Array, from: number, to: number): number {
  if (to - from < 15 || buf[from] !== 123 || buf[from + 1] !== QUOTE || buf[from + 2] !== 116 || buf[from + 3] !== QUOTE || buf[from + 4] !== COLON) return -1;
  const t = readNumber(buf, from + 5, to);
  const i = scan.end;
  // `,"type":"`
  if (Number.isNaN(t) || i + 8 >= to || buf[i] !== 44 || buf[i + 1] !== QUOTE || buf[i + 2] !== 116 || buf[i + 3] !== 121 || buf[i + 4] !== 112
    || buf[i + 5] !== 101 || buf[i + 6] !== QUOTE || buf[i + 7] !== COLON || buf[i + 8] !== QUOTE) return -1;
  readWordsOf(buf);
  head.t = t;
  return i + 9;
}

/** At `obs","node":"`: true, with the observer's [from, to) in head, when the id is plain and followed by `","obs":"`. */
function observerAt(buf: Uint8Array, at: number, to: number): boolean {
  if (wordAt(at, to) !== W_OBS || wordAt(at + 4, to) !== W_NODE1 || wordAt(at + 8, to) !== W_NODE2 || at + 12 >= to || buf[at + 12] !== QUOTE) return false;
  const nodeFrom = at + 13;
  const nodeTo = quoteAt(buf, nodeFrom, to);
  if (nodeTo < 0 || buf[nodeTo - 1] === BACKSLASH || wordAt(nodeTo, to) !== W_KEY1 || wordAt(nodeTo + 4, to) !== W_KEY2 || nodeTo + 8 >= to || buf[nodeTo + 8] !== QUOTE) return false;
  head.nodeFrom = nodeFrom;
  head.nodeTo = nodeTo;
  return true;
}

/** The kind of the line buf[from, to). */
export function lineKind(buf: Buffer, from: number, to: number): RawKind {
  head.t = NaN;
  const at = typeAt(buf, from, to);
  if (at < 0) return 'parse';
  if (buf[at] === 111) { // o
    if (!observerAt(buf, at, to)) { head.t = NaN; return 'parse'; }
    const obs = head.nodeTo + 9;
    const w = wordAt(obs, to);
    const c4 = obs + 4 < to ? buf[obs + 4] : -1;
    const c5 = obs + 5 < to ? buf[obs + 5] : -1;
    if (w === W_STAT && c4 === 115 && c5 === QUOTE) { head.rest = obs + 6; return 'stats'; }
    if (w === W_DETE && wordAt(obs + 4, to) === W_CTOR && obs + 8 < to && buf[obs + 8] === QUOTE) return 'detector';
    if (w === W_MEMB && c4 === 101 && c5 === 114 && obs + 6 < to && buf[obs + 6] === QUOTE) { head.rest = obs + 7; return 'member'; }
    if (w === W_REMO && wordAt(obs + 4, to) === W_VED) { head.rest = obs + 8; return 'member'; }
    if (w === W_UPDA && c4 === 116 && c5 === 101 && obs + 6 < to && buf[obs + 6] === QUOTE) return 'update-obs';
    if (quoteAt(buf, obs, to) >= 0) return 'obs-other';
    head.t = NaN;
    return 'parse';
  }
  for (let i = 0; i < TIMELINE.length; i++) {
    if (startsWith(buf, at, to, TIMELINE[i]!)) return TIMELINE_KIND[i]!;
  }
  head.t = NaN;
  return 'parse';
}

/**
 * For the first pass, which needs only the controller's lines: true when
 * buf[from, to) is an observation, view or note in the controller's shape (its
 * `t` is left in head.t), so that it can be skipped; false means the line is to
 * be read in full.
 */
export function skippable(buf: Buffer, from: number, to: number): boolean {
  const at = typeAt(buf, from, to);
  if (at < 0 || at + 5 > to) return false;
  switch (buf[at]) {
    case 111: return wordAt(at, to) === W_OBS && wordAt(at + 4, to) === W_NODE1; // o
    case 118: return startsWith(buf, at, to, TIMELINE[5]!); // v
    case 110: return startsWith(buf, at, to, TIMELINE[6]!); // n
    default: return false;
  }
}

/** The first quote in buf[i, to), or -1: ids are short, so a loop beats a native search. */
function quoteAt(buf: Uint8Array, i: number, to: number): number {
  for (; i < to; i++) if (buf[i] === QUOTE) return i;
  return -1;
}

/** A cheap sanity check for a line that is skipped unparsed: a JSON object ends with `}`. */
export function looksComplete(buf: Buffer, from: number, to: number): boolean {
  return to > from && buf[to - 1] === 125;
}

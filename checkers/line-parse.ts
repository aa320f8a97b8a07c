// Fast readers for the two most frequent kinds of line, `member` and `stats`
// observations, in the exact shape the controller writes them (after
// line-kind.ts has read the head). Anything else in the line, or any other
// shape, returns undefined and the caller parses the line with JSON.parse, so
// the result is always what JSON.parse would have given.

import type { EventOf } from '../src/history/types.js';
import { head, numberAt } from './line-kind.js';
import type { Totals } from './load-series.js';

const STATES: Readonly<Record<string, 'alive' | 'suspect' | 'dead' | 'left'>> = { alive: 'alive', suspect: 'suspect', dead: 'dead', left: 'left' };

/** A `member` or `removed` observation; uses `head` as lineKind left it. */
export function readMember(text: string): EventOf<'obs'> | undefined {
  let i = head.rest;
  const removed = text.charCodeAt(i - 2) === 100; // `removed"` ends in d
  if (!text.startsWith(',"member":"', i)) return undefined;
  i += 11;
  const mTo = plainString(text, i);
  if (mTo < 0) return undefined;
  const member = text.slice(i, mTo);
  const node = text.slice(head.nodeFrom, head.nodeTo);
  if (removed) {
    return mTo + 2 === text.length && text.charCodeAt(mTo + 1) === 125 ? { t: head.t, type: 'obs', node, obs: 'removed', member } : undefined;
  }
  i = mTo + 1;
  if (!text.startsWith(',"state":"', i)) return undefined;
  i += 10;
  const sTo = text.indexOf('"', i);
  const state = sTo < 0 ? undefined : STATES[text.slice(i, sTo)];
  if (!state || !text.startsWith(',"incarnation":', sTo + 1)) return undefined;
  const nFrom = sTo + 15;
  const nTo = text.length - 1;
  if (text.charCodeAt(nTo) !== 125) return undefined;
  const incarnation = numberAt(text, nFrom, nTo);
  if (Number.isNaN(incarnation)) return undefined;
  return { t: head.t, type: 'obs', node, obs: 'member', member, state, incarnation };
}

/** The totals of a `stats` observation (sent and received, messages and bytes); uses `head`. */
export function readStats(text: string, out: Totals): boolean {
  let i = head.rest;
  if (!text.startsWith(',"sent":', i)) return false;
  i = counters(text, i + 8, out, true);
  if (i < 0 || !text.startsWith(',"recv":', i)) return false;
  i = counters(text, i + 8, out, false);
  return i === text.length - 1 && text.charCodeAt(i) === 125;
}

/** Reads `{"type":{"msgs":N,"bytes":N},…}` from i into out; returns the index after it, or -1. */
function counters(text: string, i: number, out: Totals, sent: boolean): number {
  let msgs = 0;
  let bytes = 0;
  if (text.charCodeAt(i) !== 123) return -1;
  i++;
  if (text.charCodeAt(i) === 125) { set(out, sent, 0, 0); return i + 1; }
  for (;;) {
    if (text.charCodeAt(i) !== 34) return -1;
    const kTo = plainString(text, i + 1);
    if (kTo < 0 || !text.startsWith(':{"msgs":', kTo + 1)) return -1;
    const mFrom = kTo + 10;
    const mTo = text.indexOf(',', mFrom);
    if (mTo < 0 || !text.startsWith(',"bytes":', mTo)) return -1;
    const m = numberAt(text, mFrom, mTo);
    const bFrom = mTo + 9;
    const bTo = text.indexOf('}', bFrom);
    if (bTo < 0) return -1;
    const b = numberAt(text, bFrom, bTo);
    if (Number.isNaN(m) || Number.isNaN(b)) return -1;
    msgs += m;
    bytes += b;
    i = bTo + 1;
    const c = text.charCodeAt(i);
    if (c === 125) { set(out, sent, msgs, bytes); return i + 1; }
    if (c !== 44) return -1;
    i++;
  }
}

function set(out: Totals, sent: boolean, msgs: number, bytes: number): void {
  if (sent) { out.sentMsgs = msgs; out.sentBytes = bytes; } else { out.recvMsgs = msgs; out.recvBytes = bytes; }
}

/** The index of the quote closing a string that starts at i and has no escapes; -1 otherwise. */
function plainString(text: string, i: number): number {
  const end = text.indexOf('"', i);
  if (end < 0) return -1;
  const bs = text.indexOf('\\', i);
  return bs >= 0 && bs < end ? -1 : end;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { head, lineKind } from '../../checkers/line-kind.js';
import { own, readStats } from '../../checkers/line-parse.js';
import { readBuiltinStats } from '../../checkers/line-stats.js';
import { totalsOf, type Totals } from '../../checkers/load-series.js';
import { checkHistoryFile } from '../../src/run/check-history.js';
import type { HistoryEvent, ObsOf } from '../../src/history/types.js';
import { goodCrashRun } from './histories.js';

const dir = mkdtempSync(join(tmpdir(), 'gossiplab-line-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = '{"t":12.5,"type":"obs","node":"n3","obs":"stats"';
const SENT = '"sent":{"alive":{"msgs":27,"bytes":648},"ping":{"msgs":9,"bytes":216},"ping-req":{"msgs":3,"bytes":96}}';
const RECV = '"recv":{"ack":{"msgs":11,"bytes":264},"digest":{"msgs":2,"bytes":130},"state":{"msgs":5,"bytes":1200}}';
const REST = '"dropped":{"decode":2},"packets":{"sent":{"msgs":36,"bytes":864},"recv":{"msgs":31,"bytes":1111}}';
const BUILTIN = `${HEAD},${SENT},${RECV},${REST},"ts":1794999999998,"seq":41}`;

/**
 * What the checkers get from the line: read from its bytes, or (when the
 * readers decline it) through JSON.parse; and whether the built-in shape's reader took it.
 */
function read(line: string): { totals: Totals; ts: number; builtin: boolean } {
  const buf = Buffer.from(line);
  expect(lineKind(buf, 0, buf.length)).toBe('stats');
  const totals: Totals = { sentMsgs: -1, sentBytes: -1, recvMsgs: -1, recvBytes: -1, recvDigests: -1 };
  const builtin = readBuiltinStats(buf, head.rest, buf.length, { ...totals }, { ts: NaN, seq: NaN });
  if (!readStats(buf, buf.length, totals)) {
    expect(builtin).toBe(false);
    return { ...parsed(line), builtin };
  }
  return { totals, ts: own.ts, builtin };
}

/** What the same line gives through JSON.parse, as the load checker reads an event. */
function parsed(line: string): { totals: Totals; ts: number } {
  const e = JSON.parse(line) as ObsOf<'stats'>;
  return { totals: totalsOf(e), ts: typeof e.ts === 'number' ? e.ts : NaN };
}

describe('stats lines read from their bytes', () => {
  it('reads the built-in node\'s shape on its fast path, as JSON.parse would', () => {
    const got = read(BUILTIN);
    expect(got.builtin).toBe(true);
    expect(got.totals).toEqual({ sentMsgs: 39, sentBytes: 960, recvMsgs: 18, recvBytes: 1594, recvDigests: 2 });
    expect(got.ts).toBe(1794999999998);
    for (const line of [`${HEAD},${SENT},${RECV},${REST},"ts":7}`, `${HEAD},"sent":{},"recv":{},"dropped":{},"ts":0,"seq":1}`,
      `${HEAD},"sent":{"digest":{"msgs":4,"bytes":6}},"recv":{},${REST},"ts":7,"seq":1}`, // only received digests count
      `${HEAD},${SENT},"recv":{"digests":{"msgs":4,"bytes":6},"dig":{"msgs":3,"bytes":6}},${REST},"ts":7,"seq":1}`]) {
      const r = read(line);
      expect(r.builtin, line).toBe(true);
      expect({ totals: r.totals, ts: r.ts }, line).toEqual(parsed(line));
    }
  });

  it('gives the same for lines in other shapes, which the fast path leaves to the full reader', () => {
    const others = [
      `${HEAD},${RECV},${SENT},${REST},"ts":1794999999998,"seq":41}`, // keys reordered
      `${HEAD},${SENT},${RECV},"packets":{"sent":{"msgs":1,"bytes":2}},"dropped":{},"ts":5,"seq":41}`,
      `${HEAD},${SENT},${RECV},${REST},"probes":12,"ts":1794999999998,"seq":41}`, // an extra key
      `${HEAD},${SENT},${RECV},"dropped":{},"extra":{"ts":3,"seq":4},"ts":6}`,
      `${HEAD},${SENT},${RECV},"dropped":{},"ts":9,"extra":{"ts":3,"seq":4}}`,
      `${HEAD},${SENT},${RECV},"dropped":{},"ts":9,"seq":2,"x":[1,2]}`,
      `${HEAD},${SENT},${RECV},"dropped":{"decode":2},"ts":1794999999998}`, // no packets, no seq
      `${HEAD},${SENT},${RECV},${REST}}`, // no ts
      `${HEAD},${SENT},${RECV},${REST},"seq":41}`, // seq without ts
      `${HEAD},${SENT},${RECV},${REST},"ts":1794999999998.5,"seq":41}`, // ts not a whole number
      `${HEAD},${SENT},${RECV},${REST},"ts":1e3,"seq":41}`,
      `${HEAD},${SENT},${RECV},${REST},"ts":12345678901234567,"seq":41}`, // more digits than the fast path takes
      `${HEAD},"sent":{"alive":{"msgs":2.5,"bytes":6e2}},${RECV},${REST},"ts":7,"seq":1}`,
      `${HEAD},"sent":{"al\\u0069ve":{"msgs":2,"bytes":6}},${RECV},${REST},"ts":7,"seq":1}`,
      `${HEAD},"sent":{"alive":{"bytes":6,"msgs":2}},${RECV},${REST},"ts":7,"seq":1}`,
      `${HEAD},"sent":{"alive":{"msgs":2,"bytes":6,"x":1}},${RECV},${REST},"ts":7,"seq":1}`,
      `${HEAD},${SENT},${RECV},${REST},"ts":7,"seq":1,"ts":8}`, // the last `ts` counts
      `${HEAD},${SENT},${RECV},${REST},"ts":7,"ts":8,"seq":1}`,
      `${HEAD},${SENT},${RECV},${REST},"ts":"7","seq":1}`,
      `${HEAD},${SENT},${RECV},${REST},"ts": 7,"seq":1}`,
      `${HEAD},${SENT},"recv":{"\\u0064igest":{"msgs":4,"bytes":6}},${REST},"ts":7,"seq":1}`,
      `${HEAD},${SENT},"recv":{"digest":{"msgs":4.5,"bytes":6}},${REST},"ts":7,"seq":1}`,
    ];
    for (const line of others) {
      const want = parsed(line);
      const got = read(line);
      expect({ totals: got.totals, ts: got.ts }, line).toEqual(want);
    }
    // The fast path takes only what ends as the built-in shape does; it skips what lies between.
    expect(others.filter((l) => read(l).builtin).map((l) => l.slice(HEAD.length))).toEqual([
      `,${SENT},${RECV},"dropped":{},"extra":{"ts":3,"seq":4},"ts":6}`,
      `,${SENT},${RECV},"dropped":{"decode":2},"ts":1794999999998}`,
    ]);
  });

  it('reads any counts and type names of the built-in shape as JSON.parse does', () => {
    const counter = fc.record({ msgs: fc.nat(), bytes: fc.nat() });
    const name = fc.oneof(fc.constantFrom('digest', 'digest ', 'Digest'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== '__proto__'));
    const types = fc.dictionary(name, counter, { maxKeys: 6 });
    fc.assert(fc.property(types, types, fc.dictionary(fc.constantFrom('decode', 'full'), fc.nat()), fc.maxSafeNat(), fc.option(fc.nat()), (sent, recv, dropped, ts, seq) => {
      const e = { t: 1, type: 'obs', node: 'n1', obs: 'stats', sent, recv, dropped, packets: { sent: { msgs: 1, bytes: 2 }, recv: { msgs: 3, bytes: 4 } }, ts, ...(seq === null ? {} : { seq }) };
      const line = JSON.stringify(e);
      const got = read(line);
      expect({ totals: got.totals, ts: got.ts }).toEqual(parsed(line));
    }));
  });

  it('checks a history of built-in stats lines as it checks the same events in any other shape', () => {
    const { h } = goodCrashRun();
    let seq = 0;
    const events = h.events.map((e): HistoryEvent => (e.type === 'obs' && e.obs === 'stats'
      ? { ...e, dropped: {}, packets: { sent: e.sent.ping!, recv: e.recv.ack! }, ts: 1_795_000_000_000 + Math.round(e.t * 1.01), seq: ++seq } as HistoryEvent : e));
    const write = (name: string, lines: string[]): string => {
      const path = join(dir, name);
      writeFileSync(path, lines.join('\n') + '\n');
      return path;
    };
    const builtin = checkHistoryFile(write('builtin.jsonl', events.map((e) => JSON.stringify(e)))).report;
    const reordered = (e: HistoryEvent): string => (e.type === 'obs' && e.obs === 'stats'
      ? JSON.stringify({ ...e, sent: undefined, recv: undefined, extra: { ts: 1 } }).replace('"node"', `"sent":${JSON.stringify(e.sent)},"recv":${JSON.stringify(e.recv)},"node"`)
      : JSON.stringify(e));
    const other = checkHistoryFile(write('other.jsonl', events.map(reordered))).report;
    expect(builtin.results['load']!.metrics['timing']).toMatch(/^every interval timed by the node's own clock/);
    expect(builtin).toEqual(runCheckers(events));
    expect(other).toEqual(builtin);
  });
});

// A history the lab writes gets an index beside it (history.index.json); a check
// reads its controller lines from there instead of reading the whole file twice,
// and reaches the same report. An index that no longer describes the file is set
// aside, and the file is read as it now is. The reader thread runs the built code:
// `npm run build` first.

import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/scenario.js';
import { timelineOf } from '../../checkers/timeline.js';
import { indexPathOf, readHistoryIndex } from '../../src/history/index-file.js';
import { readHistory } from '../../src/history/read.js';
import { Recorder } from '../../src/history/recorder.js';
import { checkHistoryFile } from '../../src/run/check-history.js';
import { passOne } from '../../src/run/pass-one.js';
import { runSimScenario } from '../../src/sim/index.js';

const store = mkdtempSync(join(tmpdir(), 'gossiplab-history-index-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

let history = '';
let original = '';
let index = '';

/** The report of a check, as text, and its line count. */
function check(path: string, opts: { threads: 1 | 2; index?: boolean }): { report: string; lines: number } {
  const r = checkHistoryFile(path, {}, opts);
  return { report: JSON.stringify(r.report), lines: r.lines };
}

describe('the history index', () => {
  beforeAll(async () => {
    // Crashes and a restart: truth the checkers derive from fault and node lines.
    const r = await runSimScenario(loadScenario('faults/crash', { seed: 5 }), { storeRoot: store, analyze: false });
    history = r.dir.history;
    original = readFileSync(history, 'utf8');
    index = readFileSync(indexPathOf(history), 'utf8');
  }, 60_000);

  it('is left beside a simulated run\'s history and holds its controller lines, line count and latest time', () => {
    const { events } = readHistory(history);
    const indexed = readHistoryIndex(history)!;
    expect(indexed).toBeDefined();
    expect(indexed.lines).toBe(events.length);
    expect(indexed.endT).toBe(Math.max(...events.map((e) => e.t)));
    const expected = timelineOf(events);
    expect(expected.filter((x) => x.e.type === 'fault').length).toBeGreaterThan(0);
    expect(indexed.timeline).toEqual(expected);
  });

  it('gives the report of reading the whole file, on one thread and on two', () => {
    expect(passOne(history).indexed).toBe(true);
    const full = check(history, { threads: 1, index: false });
    expect(check(history, { threads: 1 })).toEqual(full);
    expect(check(history, { threads: 2 })).toEqual(full);
  });

  it('is set aside when the history has grown since: the new lines are checked', () => {
    const path = join(store, 'grown', 'history.jsonl');
    copyRun(path);
    const before = check(path, { threads: 1 });
    const last = JSON.parse(original.trimEnd().split('\n').at(-1)!) as { t: number };
    appendFileSync(path, JSON.stringify({ t: last.t + 1, type: 'note', level: 'info', message: 'appended' }) + '\n');
    expect(passOne(path).indexed).toBe(false);
    const after = check(path, { threads: 1 });
    expect(after.lines).toBe(before.lines + 1);
    expect(after).toEqual(check(path, { threads: 1, index: false }));
  });

  it('is set aside when a controller line was edited in place, even with the size and time kept', () => {
    const path = join(store, 'edited', 'history.jsonl');
    copyRun(path);
    const lines = original.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"fault"') && l.includes('"phase":"start"'));
    expect(at).toBeGreaterThan(0);
    // The fault's id changed, same length: the file's size is unchanged.
    lines[at] = lines[at]!.replace(/"id":"([^"]*)"/, (_m, id: string) => `"id":"${'x'.repeat(id.length)}"`);
    writeFileSync(path, lines.join('\n') + '\n');
    utimesSync(path, WHEN, WHEN);
    expect(statSync(path).size).toBe(original.length);
    expect(passOne(path).indexed).toBe(false);
    expect(check(path, { threads: 1 })).toEqual(check(path, { threads: 1, index: false }));
  });

  it('is set aside when it is not one the lab wrote: another format, or a line not where it says', () => {
    const path = join(store, 'bad-index', 'history.jsonl');
    copyRun(path);
    const good = JSON.parse(index) as { format: string; timeline: number[] };
    const full = check(path, { threads: 1, index: false });
    for (const bad of [
      { ...good, format: 'something-else/1' },
      { ...good, timeline: good.timeline.map((x, k) => (k % 3 === 1 && x > 0 ? x + 1 : x)) },
      'not json',
    ]) {
      writeFileSync(indexPathOf(path), typeof bad === 'string' ? bad : JSON.stringify(bad));
      expect(passOne(path).indexed).toBe(false);
      expect(check(path, { threads: 1 })).toEqual(full);
    }
  });

  it('is written by the controller\'s recorder as it is by the simulator', () => {
    const dir = join(store, 'recorder');
    const path = join(dir, 'history.jsonl');
    mkdirSync(dir, { recursive: true });
    const rec = new Recorder(path);
    rec.record({ type: 'phase', name: 'setup' });
    rec.record({ type: 'node', node: 'n1', event: 'started' });
    rec.record({ type: 'obs', node: 'n1', obs: 'member', member: 'n1', state: 'alive', incarnation: 0 } as never);
    rec.record({ type: 'fault', phase: 'start', id: 'f1', kind: 'pause', targets: ['n1'], params: { nodes: ['n1'] } });
    rec.record({ type: 'note', level: 'info', message: 'ünïcode, so bytes and characters differ' });
    rec.record({ type: 'phase', name: 'done' });
    rec.close();
    const { events } = readHistory(path);
    const indexed = readHistoryIndex(path)!;
    expect(indexed.lines).toBe(6);
    expect(indexed.timeline).toEqual(timelineOf(events));
    expect(indexed.timeline.map((x) => x.line)).toEqual([1, 2, 4, 6]);
  });

  it('is not written for a history that already had lines when its writer opened it', () => {
    const dir = join(store, 'reopened');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'history.jsonl');
    writeFileSync(path, JSON.stringify({ t: 0, type: 'phase', name: 'setup' }) + '\n');
    const rec = new Recorder(path);
    rec.record({ type: 'phase', name: 'done' });
    rec.close();
    expect(existsSync(indexPathOf(path))).toBe(false);
  });
});

/** The modification time of the copies (whole ms, so that it can be put back exactly). */
const WHEN = new Date(Date.UTC(2026, 0, 1));

/** A copy of the run's history at `path`, with an index that describes the copy. */
function copyRun(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, original);
  utimesSync(path, WHEN, WHEN);
  const i = JSON.parse(index) as { bytes: number; mtimeMs: number };
  writeFileSync(indexPathOf(path), JSON.stringify({ ...i, mtimeMs: statSync(path).mtimeMs }));
}

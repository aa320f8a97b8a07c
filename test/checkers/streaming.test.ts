import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { runCheckers as oracle } from './oracle/index.js';
import { checkHistoryFile } from '../../src/run/check-history.js';
import type { HistoryEvent, MemberState } from '../../src/history/types.js';
import { goodCrashRun, History } from './histories.js';
import { simRun } from './sim-history.js';

const dir = mkdtempSync(join(tmpdir(), 'gossiplab-streaming-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function fromFile(events: readonly HistoryEvent[], tail = '', write: (e: HistoryEvent) => string = (e) => JSON.stringify(e)): ReturnType<typeof checkHistoryFile> {
  const path = join(dir, `h${files++}.jsonl`);
  writeFileSync(path, events.map(write).join('\n') + '\n' + tail);
  return checkHistoryFile(path);
}

/** An event as another tool might write it: every object's keys in reverse order, with spaces. */
function reversed(e: HistoryEvent): string {
  const flip = (v: unknown): unknown => (typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, flip(x)])) : v);
  return JSON.stringify(flip(e)).replaceAll('":', '": ').replaceAll(',"', ', "');
}

type Op =
  | { k: 'member'; o: number; m: number; state: MemberState; inc: number }
  | { k: 'removed'; o: number; m: number }
  | { k: 'crash'; n: number } | { k: 'restart'; n: number } | { k: 'pause'; n: number }
  | { k: 'partition'; cut: number } | { k: 'loss'; n: number }
  | { k: 'stats'; n: number; bytes: number; digests: number } | { k: 'update'; n: number } | { k: 'saw'; o: number; m: number; v: number }
  | { k: 'view'; o: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('member' as const), o: fc.nat(5), m: fc.nat(5), state: fc.constantFrom<MemberState>('alive', 'suspect', 'dead', 'left'), inc: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('removed' as const), o: fc.nat(5), m: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('crash' as const, 'restart' as const, 'pause' as const, 'loss' as const), n: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('partition' as const), cut: fc.integer({ min: 1, max: 5 }) }) },
  // Mostly well within the load bounds; now and then a burst, with or without the digests that allow one.
  { weight: 2, arbitrary: fc.record({ k: fc.constant('stats' as const), n: fc.nat(5), bytes: fc.oneof({ weight: 3, arbitrary: fc.nat(5000) }, { weight: 1, arbitrary: fc.nat(120_000) }), digests: fc.oneof(fc.constant(0), fc.nat(300)) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('update' as const), n: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('saw' as const), o: fc.nat(5), m: fc.nat(5), v: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('view' as const), o: fc.nat(5) }) },
);

/** A history of 6 nodes from a list of operations, 0 to 3 s apart (several may share an instant). */
function build(ops: readonly { op: Op; gap: number }[], teardown: boolean): History {
  const h = new History(6);
  h.phase(0, 'setup');
  h.formed(100);
  const id = (i: number): string => h.ids[i % h.ids.length]!;
  const open = new Map<string, () => void>();
  const bytes = new Map<string, number>();
  const digests = new Map<string, number>();
  let t = 1000;
  let k = 0;
  for (const { op: o, gap } of ops) {
    t += gap;
    switch (o.k) {
      case 'member': h.member(t, id(o.o), id(o.m), o.state, o.inc); break;
      case 'removed': h.removed(t, id(o.o), id(o.m)); break;
      case 'crash': h.crash(t, id(o.n), `c${k++}`); break;
      case 'restart': h.node(t, id(o.n), 'restarted'); break;
      case 'pause': h.node(t, id(o.n), 'paused'); h.node(t + 500, id(o.n), 'resumed'); t += 500; break;
      case 'partition': {
        const a = h.ids.slice(0, o.cut), b = h.ids.slice(o.cut);
        const fid = `p${k++}`;
        h.partition(t, 'start', fid, a, b);
        open.set(fid, () => h.partition(t, 'stop', fid, a, b));
        break;
      }
      case 'loss': {
        const fid = `l${k++}`;
        const links: [string, string][] = h.ids.filter((x) => x !== id(o.n)).flatMap((x) => [[id(o.n), x], [x, id(o.n)]] as [string, string][]);
        h.fault(t, 'start', fid, 'loss', [id(o.n)], { links, loss: 0.3 });
        open.set(fid, () => h.fault(t, 'stop', fid, 'loss', [id(o.n)], { links, loss: 0.3 }));
        break;
      }
      case 'stats': {
        const b = (bytes.get(id(o.n)) ?? 0) + o.bytes;
        bytes.set(id(o.n), b);
        const d = (digests.get(id(o.n)) ?? 0) + o.digests;
        digests.set(id(o.n), d);
        const sent = { msgs: Math.round(b / 50), bytes: b };
        h.push({ t, type: 'obs', node: id(o.n), obs: 'stats', sent: { ping: sent }, recv: { ack: sent, digest: { msgs: d, bytes: 40 * d } } });
        break;
      }
      case 'update': h.update(t, id(o.n), 'k', k++); break;
      case 'saw': h.sawUpdate(t, id(o.o), id(o.m), 'k', o.v); break;
      case 'view': h.view(t, id(o.o), Object.fromEntries(h.ids.map((x) => [x, 'alive' as const]))); break;
    }
    if (open.size > 0 && gap > 2500) { for (const stop of open.values()) stop(); open.clear(); }
  }
  for (const stop of open.values()) stop();
  h.phase(t + 1, 'heal');
  if (teardown) h.phase(t + 40_000, 'teardown');
  h.member(t + 40_001, 'n1', 'n2', 'dead');
  h.phase(t + 40_002, 'done');
  return h;
}

const history = fc.tuple(fc.array(fc.record({ op, gap: fc.constantFrom(0, 0, 10, 400, 1500, 3000) }), { maxLength: 120 }), fc.boolean())
  .map(([ops, teardown]) => build(ops, teardown));

describe('streaming checkers', () => {
  it('give the array implementation\'s verdicts, metrics and cited lines on generated histories', () => {
    fc.assert(fc.property(history, (h) => {
      expect(runCheckers(h.events)).toEqual(oracle(h.events));
    }), { numRuns: 150 });
  });

  it('give the same results from the file, line by line, as from the events in memory', () => {
    fc.assert(fc.property(history, (h) => {
      const read = fromFile(h.events);
      expect(read.tornTail).toBe(false);
      expect(read.report).toEqual(runCheckers(h.events));
    }), { numRuns: 40 });
  });

  it('give the array implementation\'s results on runs of the real protocol core, including known-bad modes', () => {
    const runs = [
      simRun({ seed: 3, crash: 'n3', update: 'n2' }),
      simRun({ seed: 4, params: { bugNeverRefute: true }, end: 100_000 }),
      simRun({ seed: 5, params: { bugNeverEvict: true } }),
      simRun({ seed: 6, params: { bugSkipSuspicion: true }, loss: 0.05, partition: false }),
    ];
    for (const h of runs) {
      const streamed = runCheckers(h.events);
      expect(streamed).toEqual(oracle(h.events));
      expect(fromFile(h.events).report).toEqual(streamed);
    }
  });

  it('give the same results from a file whose lines are not in the controller\'s key order', () => {
    fc.assert(fc.property(history, (h) => {
      const read = fromFile(h.events, '', reversed);
      expect(read.tornTail).toBe(false);
      expect(read.report).toEqual(runCheckers(h.events));
    }), { numRuns: 30 });
    const sim = simRun({ seed: 3, crash: 'n3', update: 'n2' });
    expect(fromFile(sim.events, '', reversed).report).toEqual(runCheckers(sim.events));
  });

  it('give the same results from lines shaped as the built-in node prints them (ts, seq, dropped, packets)', () => {
    fc.assert(fc.property(history, fc.nat(3), (h, variant) => {
      const seq = new Map<string, number>();
      // n2's clock runs a minute ahead over [3000, 6000), a clock fault the load checker must see.
      const fault = (t: number, phase: 'start' | 'stop'): HistoryEvent => ({ t, type: 'fault', phase, id: 'c1', kind: 'clock', targets: ['n2'], params: { mode: 'offset', offset: 60_000 } });
      const withFault: HistoryEvent[] = [];
      for (const e of h.events) {
        if (e.t >= 3000 && !withFault.some((x) => x.type === 'fault' && x.id === 'c1')) withFault.push(fault(3000, 'start'));
        if (e.t >= 6000 && !withFault.some((x) => x.type === 'fault' && x.id === 'c1' && x.phase === 'stop')) withFault.push(fault(6000, 'stop'));
        withFault.push(e);
      }
      const printed = withFault.map((e): HistoryEvent => {
        if (e.type !== 'obs') return e;
        const n = (seq.get(e.node) ?? 0) + 1;
        seq.set(e.node, n);
        const extra = e.obs !== 'stats' ? {}
          : variant === 0 ? { dropped: {}, packets: { sent: { msgs: n, bytes: 40 * n }, recv: { msgs: n, bytes: 30 * n } } }
          : variant === 1 ? { dropped: { malformed: n % 3, decrypt: 0 }, packets: { sent: { msgs: n } } }
          : { dropped: { wrongTarget: 1.5e1 } };
        const skew = e.node === 'n2' && e.t >= 3000 && e.t < 6000 ? 60_000 : 0;
        const own = variant === 3 ? { seq: n } : { ts: 1_795_000_000_000 + Math.floor(e.t) - (n % 7) + skew, seq: n };
        return { ...e, ...extra, ...own } as HistoryEvent;
      });
      const read = fromFile(printed);
      expect(read.tornTail).toBe(false);
      expect(read.report).toEqual(runCheckers(printed));
      expect(read.report).toEqual(oracle(printed));
    }), { numRuns: 40 });
  });

  it('give the same results when node ids need JSON decoding or numbers are written another way', () => {
    const { h } = goodCrashRun();
    const renamed = JSON.parse(JSON.stringify(h.events).replaceAll('"n2"', '"n\\u00e92"').replaceAll('"n3"', '"n3\\"q"')) as HistoryEvent[];
    const exponents = (e: HistoryEvent): string => JSON.stringify(e).replace(/^\{"t":(\d+)/, (_, t: string) => `{"t":${Number(t) / 1000}e3`);
    const expected = runCheckers(renamed);
    expect(JSON.stringify(expected.results['load']!.metrics)).toContain('n\u00e92');
    expect(fromFile(renamed).report).toEqual(expected);
    expect(fromFile(renamed, '', exponents).report).toEqual(expected);
  });

  it('reports a torn last line and checks everything before it', () => {
    const { h } = goodCrashRun();
    const read = fromFile(h.events, '{"t":66001,"type":"obs","no');
    expect(read.tornTail).toBe(true);
    expect(read.report).toEqual(runCheckers(h.events));
  });

  it('names the line of a history that is not JSON', () => {
    const { h } = goodCrashRun();
    const path = join(dir, 'bad.jsonl');
    const lines = h.events.map((e) => JSON.stringify(e));
    lines[6] = '{"t":500,"type":"obs","node":"n1","obs":"detector"';
    writeFileSync(path, lines.join('\n') + '\n');
    expect(() => checkHistoryFile(path)).toThrow(`${path}: line 7: expected a JSON event`);
  });
});

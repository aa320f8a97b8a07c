// What each fault asks of the runtime on apply and heal, what it records, and
// what it declares (links, loss, needs), against a runtime that only records.

import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../faults/index.js';
import { createRng } from '../../src/seed.js';
import type { FaultKindName } from '../../src/config/types.js';
import { fakeLab, scheduled } from './fake-runtime.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
const resolve = (kind: FaultKindName, entry: Record<string, unknown>, seed = 1) => FAULTS[kind].resolve({ kind, ...entry }, nodes, createRng(seed));

async function run(kind: FaultKindName, entry: Record<string, unknown>) {
  const lab = fakeLab();
  const f = scheduled(kind, resolve(kind, entry));
  await FAULTS[kind].apply(lab.ctx, f);
  const applied = lab.verbs();
  await FAULTS[kind].heal(lab.ctx, f);
  return { ...lab, applied, healed: lab.verbs().slice(applied.length), f };
}

describe('fault kinds against a recording runtime', () => {
  it('loss degrades every link into and out of the node with probability p, and declares them', async () => {
    const r = await run('loss', { node: 'n2', p: 0.3 });
    expect(r.calls[0]).toMatchObject({ verb: 'degradeLinks', args: ['f1-loss', expect.any(Array), { loss: 0.3 }] });
    const links = r.calls[0]!.args[1] as [string, string][];
    expect(links).toHaveLength(8);
    expect(links.every(([a, b]) => a === 'n2' || b === 'n2')).toBe(true);
    expect(FAULTS.loss.links!(r.f.params)).toEqual(links);
    expect(FAULTS.loss.loss!(r.f.params)).toBe(0.3);
    expect(r.healed).toEqual(['clearLinks f1-loss']);
  });

  it('loss on listed links degrades exactly those', () => {
    const p = resolve('loss', { links: [['n1', 'n2']], p: 1 });
    expect(FAULTS.loss.links!(p)).toEqual([['n1', 'n2']]);
    expect(FAULTS.loss.targets(p)).toEqual(['n1', 'n2']);
  });

  it('delay, duplicate and reorder shape one node with netem and need netem; bandwidth needs tbf', async () => {
    const d = await run('delay', { node: 'n3', delay: 200, jitter: 50 });
    expect(d.calls[0]!.args).toEqual(['f1-delay', 'n3', { netem: { delay: 200, jitter: 50 } }]);
    expect(d.healed).toEqual(['clearShape f1-delay']);
    expect(FAULTS.delay.links!(d.f.params)).toEqual([['n3', 'n1'], ['n3', 'n2'], ['n3', 'n4'], ['n3', 'n5']]);
    expect((await run('duplicate', { node: 'n1', percent: 20 })).calls[0]!.args[2]).toEqual({ netem: { duplicate: 0.2 } });
    expect((await run('reorder', { node: 'n1', percent: 25 })).calls[0]!.args[2]).toEqual({ netem: { reorder: 0.25, delay: 10 } });
    expect((await run('bandwidth', { node: 'n1', rate: 256 })).calls[0]!.args[2]).toEqual({ rateKbit: 256 });
    for (const k of ['delay', 'duplicate', 'reorder'] as const) expect(FAULTS[k].needs!({})).toEqual(['netem']);
    expect(FAULTS.bandwidth.needs!({})).toEqual(['tbf']);
  });

  it('pause stops and continues each node, recording paused and resumed', async () => {
    const r = await run('pause', { nodes: ['n2', 'n4'] });
    expect(r.verbs()).toEqual(['pause n2', 'pause n4', 'resume n2', 'resume n4']);
    expect(r.events.map((e) => `${e.node} ${e.event}`)).toEqual(['n2 paused', 'n4 paused', 'n2 resumed', 'n4 resumed']);
  });

  it('crash kills; it restarts only with restart: true, and only a crash for good removes the node', async () => {
    const forGood = await run('crash', { node: 'n3' });
    expect(forGood.verbs()).toEqual(['kill n3']);
    expect(FAULTS.crash.removes!(forGood.f.params)).toEqual(['n3']);
    const back = await run('crash', { count: 2, restart: true });
    expect(back.events.map((e) => e.event)).toEqual(['killed', 'killed', 'restarted', 'restarted']);
    expect(FAULTS.crash.removes!(back.f.params)).toEqual([]);
  });

  it('leave leaves gracefully, and rejoins with rejoin: true', async () => {
    expect((await run('leave', { node: 'n2' })).events.map((e) => e.event)).toEqual(['left']);
    const r = await run('leave', { node: 'n2', rejoin: true });
    expect(r.verbs()).toEqual(['leave n2', 'restart n2']);
    expect(r.events.map((e) => e.event)).toEqual(['left', 'joined']);
  });

  it('cpu limits the nodes and lifts the limit at heal', async () => {
    const r = await run('cpu', { node: 'n5', cpus: 0.05 });
    expect(r.calls.map((c) => c.args)).toEqual([['n5', 0.05], ['n5', null]]);
    expect(FAULTS.cpu.needs!({})).toEqual(['cpu']);
  });

  it('clock offset steps the clock, drift changes only its rate; heal puts an offset back to true time and ends a drift at rate 1', async () => {
    const off = await run('clock', { node: 'n2', mode: 'offset', by: -30_000 });
    expect(off.calls.map((c) => c.args)).toEqual([['n2', { offset: -30_000, rate: 1 }], ['n2', { offset: 0, rate: 1 }]]);
    const drift = await run('clock', { node: 'n2', mode: 'drift', rate: 2 });
    expect(drift.calls.map((c) => c.args)).toEqual([['n2', { rate: 2 }], ['n2', { rate: 1 }]]);
    expect(drift.f.params).toMatchObject({ mode: 'drift', rate: 2 });
    expect(FAULTS.clock.needs!({})).toEqual(['clock']);
  });

  it('random choices skip nodes that are gone for good, and a restart of "all" leaves them out', () => {
    const gone = new Set(['n1', 'n2', 'n3', 'n4']);
    for (let seed = 0; seed < 20; seed++) {
      expect(FAULTS.pause.resolve({ node: 'random' }, nodes, createRng(seed), gone).nodes).toEqual(['n5']);
    }
    expect(FAULTS.restart.resolve({ mode: 'mass' }, nodes, createRng(1), new Set(['n2'])).nodes).toEqual(['n1', 'n3', 'n4', 'n5']);
    // A node named outright is taken as written.
    expect(FAULTS.pause.resolve({ node: 'n1' }, nodes, createRng(1), gone).nodes).toEqual(['n1']);
  });

  it('the same seed makes the same choices, another seed other ones', () => {
    const pick = (seed: number) => Array.from({ length: 8 }, (_, i) => resolve('pause', { count: 2 }, seed * 100 + i).nodes);
    expect(pick(1)).toEqual(pick(1));
    expect(pick(2)).not.toEqual(pick(1));
  });
});

// Process and clock faults of the catalogue have their effect in the simulator,
// run from the shipped example scenarios (scenarios/faults/) through the nemesis:
// a stopped, slowed, starved, crashed, departed, restarted or churned node, and a
// node whose clock is offset, drifting or strobing, as the traffic and the
// history show it.

import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/history/types.js';
import { faultRun, lifecycle, mean, said, windowOf, within } from './fault-run.js';

describe('process and clock faults in the simulator', () => {
  it('clock: an offset moves the node\'s wall clock, a 2x rate makes it probe twice as often, a strobe swings it both ways', async () => {
    const r = await faultRun('faults/clock');
    const skew = (node: string, w: { start: number; stop: number }): number[] => r.events
      .filter((e): e is EventOf<'obs'> => e.type === 'obs' && e.node === node && e.t > w.start + 10 && e.t < w.stop)
      .map((e) => (e.ts ?? NaN) - e.t);
    const [offset, drift, strobe] = [windowOf(r, 'clock', 0), windowOf(r, 'clock', 1), windowOf(r, 'clock', 2)];
    expect(skew('n2', offset).every((d) => Math.abs(d - 3_600_000) < 2)).toBe(true);
    expect(skew('n2', { start: offset.stop, stop: offset.stop + 5000 }).every((d) => Math.abs(d) < 2)).toBe(true);
    // the drifting clock gains one second per second
    const d3 = skew('n3', drift);
    expect(d3.at(-1)! - d3[0]!).toBeGreaterThan(0.9 * (drift.stop - drift.start - 1000));
    const pings = (from: string): number => r.deliveries
      .filter((d) => d.from === from && within(d.sent, drift) && d.msgs.some((m) => m.t === 'ping')).length;
    expect(pings('n3') / pings('n1')).toBeGreaterThan(1.5);
    const d4 = skew('n4', strobe).map((d) => Math.round(d / 1000));
    expect(new Set(d4)).toEqual(new Set([-5, 5]));
    expect(r.result.analysis?.valid).toBe(true);
  }, 60_000);

  it('pause: a stopped node reads and sends nothing, is suspected, and refutes once it runs again', async () => {
    const r = await faultRun('faults/pause');
    const w = windowOf(r, 'pause');
    const [node] = w.targets as [string];
    expect(r.deliveries.filter((d) => (d.to === node && within(d.t, w)) || (d.from === node && d.sent > w.start && d.sent < w.stop))).toEqual([]);
    // at resume it reads what its socket buffered while stopped
    expect(r.deliveries.filter((d) => d.to === node && d.t === w.stop && d.sent < w.stop).length).toBeGreaterThan(0);
    expect(said(r, node, 'suspect', w.start, w.stop).length).toBeGreaterThan(0);
    const before = Math.max(...r.members.filter((e) => 'member' in e && e.member === node && e.t < w.start).map((e) => ('incarnation' in e ? e.incarnation : 0)));
    const after = said(r, node, 'alive', w.stop, w.stop + 10_000);
    expect(after.some((e) => 'incarnation' in e && e.incarnation > before)).toBe(true);
    expect(lifecycle(r, 'paused').map((e) => e.node)).toContain(node);
  }, 60_000);

  it('slow: the node runs only in the last 40% of each second, and is paused the rest', async () => {
    const r = await faultRun('faults/slow');
    const w = windowOf(r, 'slow');
    const [node] = w.targets as [string];
    const phases = r.deliveries.filter((d) => d.from === node && within(d.sent, w)).map((d) => (d.sent - w.start) % 1000);
    expect(phases.length).toBeGreaterThan(10);
    expect(Math.min(...phases)).toBeGreaterThanOrEqual(600);
    const before = r.deliveries.filter((d) => d.from === node && d.sent < w.start).map((d) => (d.sent - w.start + 100_000) % 1000);
    expect(Math.min(...before)).toBeLessThan(600);
  }, 60_000);

  it('slow with lag: the node reads what it receives about a second late, in order, yet probes on time and so accuses healthy members', async () => {
    const r = await faultRun(`
cluster: {nodes: 5, preset: lan, params: {lifeguardLhm: false}}
warmup: 3s
duration: 32s
nemesis:
  - {kind: slow, at: 2s, duration: 20s, node: n2, lag: 1s}
`, { yaml: true });
    const w = windowOf(r, 'slow');
    expect(w.params).toEqual({ nodes: ['n2'], lag: 1000 });
    const read = r.deliveries.filter((d) => d.to === 'n2' && d.sent > w.start && d.sent < w.stop - 5000);
    const late = read.map((d) => d.t - d.sent);
    expect(read.length).toBeGreaterThan(50);
    expect(mean(late)).toBeGreaterThan(700);
    // in arrival order: what was sent to n2 later is never read earlier (beyond the ~1 ms spread of link latencies)
    expect(read.every((d, i) => i === 0 || d.sent >= read[i - 1]!.sent - 2)).toBe(true);
    const prompt = r.deliveries.filter((d) => d.to === 'n3' && within(d.sent, w)).map((d) => d.t - d.sent);
    expect(Math.max(...prompt)).toBeLessThan(10);
    // its timers run on time: a probe every probeInterval (1 s; no health multiplier here to stretch it)
    const pings = r.deliveries.filter((d) => d.from === 'n2' && within(d.sent, w) && d.msgs.some((m) => m.t === 'ping')).length;
    expect(pings).toBeGreaterThanOrEqual(0.9 * (w.stop - w.start) / 1000);
    const accused = new Set(r.members.filter((e) => e.node === 'n2' && 'state' in e && e.state === 'suspect' && within(e.t, w)).map((e) => ('member' in e ? e.member : '')));
    expect([...accused].filter((m) => m !== 'n2').length).toBeGreaterThan(0);
    // healed: it reads promptly again
    const after = r.deliveries.filter((d) => d.to === 'n2' && d.sent > w.stop).map((d) => d.t - d.sent);
    expect(after.length).toBeGreaterThan(10);
    expect(Math.max(...after)).toBeLessThan(10);
  }, 60_000);

  it('cpu: at 0.05 CPUs the node handles datagrams only in the first 5 ms of each 100 ms period', async () => {
    const r = await faultRun('faults/cpu');
    const w = windowOf(r, 'cpu');
    const [node] = w.targets as [string];
    const phase = (t: number): number => t % 100;
    const starved = r.deliveries.filter((d) => d.to === node && within(d.t, w)).map((d) => phase(d.t));
    expect(starved.length).toBeGreaterThan(10);
    expect(Math.max(...starved)).toBeLessThan(5.01);
    const free = r.deliveries.filter((d) => d.to === node && d.t > w.stop + 100).map((d) => phase(d.t));
    expect(Math.max(...free)).toBeGreaterThan(5.01);
  }, 60_000);

  it('crash: a killed node sends nothing, is declared dead by everyone, and comes back alive when restarted', async () => {
    const r = await faultRun('faults/crash');
    const [w1, w2] = [windowOf(r, 'crash', 0), windowOf(r, 'crash', 1)];
    expect(w1.targets).toEqual(['n2']);
    expect(r.deliveries.filter((d) => d.from === 'n2' && d.sent > w1.start && d.sent < w1.stop)).toEqual([]);
    const deadSayers = (node: string, from: number, to: number): Set<string> => new Set(said(r, node, 'dead', from, to).map((e) => e.node));
    expect(deadSayers('n2', w1.start, w1.stop).size).toBe(4);
    expect(said(r, 'n2', 'alive', w1.stop, w2.start).length).toBeGreaterThan(0);
    expect(lifecycle(r, 'restarted').map((e) => e.node)).toContain('n2');
    const [gone] = w2.targets as [string];
    expect(r.deliveries.filter((d) => d.from === gone && d.sent > w2.start)).toEqual([]);
    expect(deadSayers(gone, w2.start, Infinity).size).toBe(4);
    expect(r.result.analysis?.results['detection']?.valid).toBe(true);
  }, 60_000);

  it('leave: peers mark a leaver left, never dead; a rejoined node is alive again', async () => {
    const r = await faultRun('faults/leave');
    const [w1, w2] = [windowOf(r, 'leave', 0), windowOf(r, 'leave', 1)];
    for (const w of [w1, w2]) {
      const [node] = w.targets as [string];
      expect(new Set(said(r, node, 'left', w.start, w.start + 5000).map((e) => e.node)).size).toBe(4);
      expect(said(r, node, 'dead', w.start, Infinity), `${node} declared dead after leaving`).toEqual([]);
    }
    expect(said(r, w1.targets[0]!, 'alive', w1.stop, w2.start).length).toBeGreaterThan(0);
    expect(lifecycle(r, 'left').length).toBe(2);
  }, 60_000);

  it('churn: newcomers join and are seen alive, removed nodes leave and are seen left', async () => {
    const r = await faultRun('faults/churn');
    const joined = lifecycle(r, 'joined').map((e) => e.node);
    const left = lifecycle(r, 'left').map((e) => e.node);
    expect(joined.length).toBeGreaterThanOrEqual(3);
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left).not.toContain('n1');
    for (const n of joined) expect(said(r, n, 'alive', 0, Infinity).some((e) => e.node === 'n1'), `n1 never saw ${n}`).toBe(true);
    for (const n of left) expect(said(r, n, 'left', 0, Infinity).some((e) => e.node === 'n1'), `n1 never saw ${n} leave`).toBe(true);
    const views = r.events.filter((e): e is EventOf<'view'> => e.type === 'view');
    const stillUp = new Set(['n1', 'n2', 'n3', 'n4', ...joined].filter((n) => !left.includes(n)));
    expect(new Set(views.map((v) => v.node))).toEqual(stillUp);
  }, 60_000);

  it('restart: rolling restarts take nodes down one at a time, a mass restart all at once; the cluster re-forms', async () => {
    const r = await faultRun('faults/restart');
    const [rolling, mass] = [windowOf(r, 'restart', 0), windowOf(r, 'restart', 1)];
    const down = new Set<string>();
    let most = 0;
    for (const e of r.events) {
      if (e.type !== 'node' || e.t < rolling.start || e.t > rolling.stop) continue;
      if (e.event === 'killed') down.add(e.node);
      if (e.event === 'restarted') down.delete(e.node);
      most = Math.max(most, down.size);
    }
    expect(most).toBe(1);
    expect(lifecycle(r, 'killed').filter((e) => within(e.t, rolling)).length).toBe(5);
    const massKills = lifecycle(r, 'killed').filter((e) => within(e.t, mass));
    expect(massKills.map((e) => e.t)).toEqual(Array(5).fill(mass.start));
    const firstBack = Math.min(...lifecycle(r, 'restarted').filter((e) => within(e.t, mass, 1)).map((e) => e.t));
    expect(r.deliveries.filter((d) => d.sent > mass.start && d.sent < firstBack)).toEqual([]);
    expect(r.result.analysis?.results['convergence']?.valid).toBe(true);
  }, 60_000);
});

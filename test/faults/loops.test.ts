// Faults that act over their window (slow, churn, restart, clock strobe): what
// the loop does over time, that heal ends it, and that heal leaves nodes running.
// Virtual time (fake timers), a runtime that only records.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAULTS } from '../../faults/index.js';
import { looping } from '../../faults/loop.js';
import { createRng } from '../../src/seed.js';
import type { FaultKindName } from '../../src/config/types.js';
import { fakeLab, scheduled } from './fake-runtime.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

async function during(kind: FaultKindName, entry: Record<string, unknown>, ms: number, lab = fakeLab()) {
  const f = scheduled(kind, FAULTS[kind].resolve({ kind, ...entry }, nodes, createRng(1)), ms);
  await FAULTS[kind].apply(lab.ctx, f);
  await vi.advanceTimersByTimeAsync(ms);
  const before = lab.calls.length;
  await FAULTS[kind].heal(lab.ctx, f);
  return { ...lab, f, atHeal: before };
}

describe('slow', () => {
  it('pauses for duty x period of every period, and heal leaves the node resumed', async () => {
    const r = await during('slow', { node: 'n2', period: 1000, duty: 0.6 }, 5000);
    const seq = r.calls.map((c) => `${c.verb}@${c.t}`);
    expect(seq.slice(0, 5)).toEqual(['pause@0', 'resume@600', 'pause@1000', 'resume@1600', 'pause@2000']);
    expect(r.calls.at(-1)!.verb).toBe('resume');
    expect(r.calls.filter((c) => c.verb === 'pause').length).toBe(r.calls.filter((c) => c.verb === 'resume').length);
    expect(looping(r.f.id)).toBe(false);
  });

  it('pauses and resumes in a duty cycle without recording lifecycle events (the node stays up, degraded)', async () => {
    const r = await during('slow', { node: 'n2', period: 200, duty: 0.5 }, 4000);
    expect(r.calls.length).toBeGreaterThan(30);
    expect(r.calls.at(-1)!.verb).toBe('resume');
    expect(r.events).toEqual([]);
  });

  it('stops when the run is aborted, and heal still resumes', async () => {
    const lab = fakeLab();
    const f = scheduled('slow', { nodes: ['n3'], period: 1000, duty: 0.5 });
    await FAULTS.slow.apply(lab.ctx, f);
    await vi.advanceTimersByTimeAsync(1200);
    lab.abort.abort();
    await vi.advanceTimersByTimeAsync(5000);
    const n = lab.calls.length;
    expect(n).toBeLessThanOrEqual(3);
    await FAULTS.slow.heal(lab.ctx, f);
    expect(lab.calls.slice(n).map((c) => c.verb)).toEqual(['resume']);
  });
});

describe('churn', () => {
  it('makes at most rate x window changes, alternately a join and a leave, never of a kept node', async () => {
    const r = await during('churn', { rate: 6, remove: 'leave', keep: ['n1', 'n2'] }, 60_000);
    const changes = r.calls.filter((c) => c.verb === 'addNode' || c.verb === 'leave');
    expect(changes.length).toBeLessThanOrEqual(6);
    expect(changes.length).toBeGreaterThanOrEqual(5);
    expect(changes.map((c) => c.verb)).toEqual(changes.map((_, i) => (i % 2 === 0 ? 'addNode' : 'leave')));
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.t - changes[i - 1]!.t).toBeGreaterThanOrEqual(10_000);
    expect(r.calls.filter((c) => c.verb === 'leave').map((c) => c.args[0])).not.toContain('n1');
    expect(r.calls.filter((c) => c.verb === 'leave').map((c) => c.args[0])).not.toContain('n2');
    expect(r.events.map((e) => e.event)).toEqual(changes.map((c) => (c.verb === 'addNode' ? 'joined' : 'left')));
    expect(r.calls.length).toBe(r.atHeal);
  });

  it('kills instead of leaving with remove: kill, and never removes a node twice', async () => {
    const r = await during('churn', { rate: 60, remove: 'kill' }, 20_000);
    const killed = r.calls.filter((c) => c.verb === 'kill').map((c) => c.args[0] as string);
    expect(killed.length).toBeGreaterThan(5);
    expect(new Set(killed).size).toBe(killed.length);
    expect(killed).not.toContain('n1');
  });
});

describe('restart', () => {
  it('rolling: one node at a time, in the given order: kill, `down` later restart, `gap` later the next', async () => {
    const r = await during('restart', { mode: 'rolling', nodes: ['n3', 'n1', 'n2'], down: 1000, gap: 2000 }, 7000);
    expect(r.calls.map((c) => `${c.verb} ${String(c.args[0])}@${c.t}`)).toEqual([
      'kill n3@0', 'restart n3@1000', 'kill n1@3000', 'restart n1@4000', 'kill n2@6000', 'restart n2@7000',
    ]);
    expect(r.events.map((e) => `${e.node} ${e.event}`)).toEqual([
      'n3 killed', 'n3 restarted', 'n1 killed', 'n1 restarted', 'n2 killed', 'n2 restarted',
    ]);
  });

  it('its window defaults to the time the restarts take', () => {
    expect(FAULTS.restart.defaultDuration!({ mode: 'rolling', count: 3, down: 1000, gap: 2000 }, nodes)).toBe(7000);
    expect(FAULTS.restart.defaultDuration!({ mode: 'mass', down: 2000 }, nodes)).toBe(2000);
  });

  it('mass: every node killed, then every node restarted', async () => {
    const r = await during('restart', { mode: 'mass', down: 2000 }, 2000);
    expect(r.verbs()).toEqual([...nodes.map((n) => `kill ${n}`), ...nodes.map((n) => `restart ${n}`)]);
  });

  it('a heal before the restarts are done restarts every node still down, once', async () => {
    const r = await during('restart', { mode: 'mass', down: 10_000 }, 1000);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(r.verbs().filter((v) => v.startsWith('restart')).sort()).toEqual(nodes.map((n) => `restart ${n}`));
    const roll = await during('restart', { mode: 'rolling', down: 1000, gap: 1000 }, 2500);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(roll.verbs()).toEqual(['kill n1', 'restart n1', 'kill n2', 'restart n2']);
  });
});

describe('clock strobe', () => {
  it('flips between the two offsets every period, and heal puts the clock back to true time', async () => {
    const r = await during('clock', { node: 'n4', mode: 'strobe', a: -5000, b: 5000, period: 1000 }, 3500);
    const offsets = r.calls.map((c) => (c.args[1] as { offset: number }).offset);
    expect(offsets).toEqual([-5000, 5000, -5000, 5000, 0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.calls).toHaveLength(5);
  });
});

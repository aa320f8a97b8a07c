// Lifeguard, part by part (each switchable): local health multiplier (awareness),
// nacks from indirect probers, and the buddy system. Dynamic suspicion is in
// suspicion.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Awareness } from '../../nodes/core/awareness.js';
import { decodePacket } from '../../nodes/core/codec.js';
import type { Message } from '../../nodes/core/messages.js';
import { cluster, firstObs, Sim } from './harness.js';

const pingsTo = (data: Uint8Array): Message[] => { try { return decodePacket(data); } catch { return []; } };

describe('local health multiplier (awareness)', () => {
  it('never leaves [0, max-1] whatever deltas are applied', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }), (max, deltas) => {
      const a = new Awareness(max, true);
      for (const d of deltas) {
        a.apply(d);
        if (a.value < 0 || a.value > max - 1) return false;
        if (a.scale(1000) !== 1000 * (a.value + 1)) return false;
      }
      return true;
    }), { numRuns: 2000 });
  });

  it('is pinned at 0 when lifeguardLhm is off', () => {
    const a = new Awareness(8, false);
    a.apply(5);
    expect(a.value).toBe(0);
  });

  it('a node that hears nothing saturates at 7 and stretches its probe period to 8 s, and recovers after', () => {
    const sim = cluster(6, { seed: 31 });
    sim.runFor(15_000);
    for (const o of sim.live()) if (o !== 'n2') sim.block(o, 'n2'); // n2 sends but receives nothing
    const pingTimes: number[] = [];
    sim.onSend = (from, _to, data) => {
      if (from === 'n2' && pingsTo(data).some((m) => m.t === 'ping')) pingTimes.push(sim.now);
    };
    let maxAwareness = 0;
    sim.runFor(29_000, () => {
      const a = sim.node('n2').detectorSnapshot(sim.now).awareness;
      expect(a).toBeLessThanOrEqual(7);
      maxAwareness = Math.max(maxAwareness, a);
      return false;
    });
    expect(maxAwareness).toBe(7);
    const gaps = pingTimes.slice(1).map((t, i) => t - pingTimes[i]!);
    expect(Math.max(...gaps)).toBeCloseTo(8000, 0);
    // healed before its suspicions of the others expire: successful probes bring it back to 0
    for (const o of sim.live()) sim.unblock(o, 'n2');
    sim.runFor(60_000);
    expect(sim.node('n2').detectorSnapshot(sim.now).awareness).toBe(0);
    expect(sim.converged()).toBe(true);
  });

  it('the same starved node with lifeguardLhm off keeps probing every second', () => {
    const sim = cluster(6, { seed: 31, params: { lifeguardLhm: false } });
    sim.runFor(15_000);
    for (const o of sim.live()) if (o !== 'n2') sim.block(o, 'n2');
    sim.runFor(30_000);
    expect(sim.node('n2').detectorSnapshot(sim.now).awareness).toBe(0);
  });
});

describe('nacks', () => {
  function awarenessAfterCrash(nacks: boolean): number {
    const sim = cluster(8, { seed: 41, params: { lifeguardNacks: nacks, lifeguardBuddy: false } });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.crash('n8');
    // the health score of every node, after every event (a failed probe's +1 is
    // undone by the next successful probe about one round later)
    let peak = 0;
    sim.runFor(10_000, () => {
      for (const o of sim.live()) peak = Math.max(peak, sim.node(o).detectorSnapshot(sim.now).awareness);
      return false;
    });
    expect(firstObs(sim, 'n8', 'suspect', t0)).toBeDefined();
    return peak;
  }

  it('a healthy prober of a dead member gets nacks from the indirect probers, so its health score stays 0', () => {
    expect(awarenessAfterCrash(true)).toBe(0);
  });

  it('without nacks, the same failed probe counts against the prober', () => {
    expect(awarenessAfterCrash(false)).toBeGreaterThanOrEqual(1);
  });

  it('indirect probers send a nack when the target stays silent', () => {
    const sim = cluster(5, { seed: 43 });
    sim.runFor(10_000);
    sim.crash('n5');
    sim.runFor(5000);
    const nacks = sim.live().reduce((a, o) => a + (sim.node(o).statsSnapshot().sent.nack?.msgs ?? 0), 0);
    expect(nacks).toBeGreaterThan(0);
  });
});

describe('buddy system', () => {
  function suspectsInPings(buddy: boolean): { pings: number; withSuspect: number } {
    // two members, so every ping to c is a's own probe (no relayed ping-req pings)
    const sim = new Sim({ seed: 51, params: { lifeguardBuddy: buddy } });
    for (const id of ['a', 'c']) { sim.add(id, id === 'a' ? [] : ['a']); sim.runFor(300); }
    sim.runFor(10_000);
    sim.block('c', 'a'); // c cannot answer, but hears everything
    let pings = 0;
    let withSuspect = 0;
    sim.runFor(3000);
    sim.onSend = (from, to, data) => {
      if (to !== 'c') return;
      const msgs = pingsTo(data);
      if (!msgs.some((m) => m.t === 'ping')) return;
      pings++;
      if (msgs.some((m) => m.t === 'suspect' && m.id === 'c')) withSuspect++;
    };
    sim.runFor(2500);
    expect(sim.stateOf('a').get('c')).toBe('suspect');
    return { pings, withSuspect };
  }

  it('a probe of a suspect member carries the suspicion, so it can refute at once', () => {
    const on = suspectsInPings(true);
    expect(on.pings).toBeGreaterThan(0);
    expect(on.withSuspect).toBe(on.pings);
  });

  it('without buddy, once gossip has run out, probes carry no suspicion', () => {
    const off = suspectsInPings(false);
    expect(off.pings).toBeGreaterThan(0);
    expect(off.withSuspect).toBe(0);
  });
});

describe('all Lifeguard parts off', () => {
  it('is plain SWIM: no nacks, no health score, and a suspect dies exactly the minimum timeout later', () => {
    const off = { lifeguardLhm: false, lifeguardNacks: false, lifeguardDynamicSuspicion: false, lifeguardBuddy: false };
    const sim = cluster(10, { seed: 91, params: off });
    sim.runFor(15_000);
    const t0 = sim.now;
    sim.crash('n10');
    sim.runFor(30_000, () => {
      for (const o of sim.live()) expect(sim.node(o).detectorSnapshot(sim.now).awareness).toBe(0);
      return false;
    });
    const nacks = sim.live().reduce((a, o) => a + (sim.node(o).statsSnapshot().sent.nack?.msgs ?? 0), 0);
    expect(nacks).toBe(0);
    const suspecter = sim.log.find((r) => r.t >= t0 && r.obs.type === 'member' && r.obs.member === 'n10' && r.obs.state === 'suspect')!;
    const dead = firstObs(sim, 'n10', 'dead', t0, suspecter.node)!;
    expect(dead - suspecter.t).toBeCloseTo(4 * 1 * 1000, 3); // suspicionMult × max(1, log10 10) × probeInterval
  });
});


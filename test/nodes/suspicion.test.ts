// Suspicion timeouts against the CLAIMS.md formula (memberlist / Lifeguard), and
// their effect on when a crashed member is declared dead.

import { describe, expect, it } from 'vitest';
import { Suspicion } from '../../nodes/core/suspicion.js';
import { Rng, SwimNode, resolveParams } from '../../nodes/core/index.js';
import { assemblePacket, encodeMessage } from '../../nodes/core/codec.js';
import type { Message } from '../../nodes/core/messages.js';
import { cluster, firstObs } from './harness.js';

/** CLAIMS.md, written out independently of params.ts. */
function claimsTimeout(n: number, c: number, probeInterval = 1000, mult = 4, maxMult = 6): number {
  const min = mult * Math.max(1, Math.log10(Math.max(1, n))) * probeInterval;
  const max = maxMult * min;
  const k = mult - 2;
  return Math.max(min, max - (max - min) * Math.log(c + 1) / Math.log(k + 1));
}

describe('suspicion timeout', () => {
  const lan = resolveParams('lan');
  it.each([[100, 0], [100, 1], [100, 2], [1000, 0], [1000, 1], [1000, 2]])('N=%i with %i confirmations matches the formula', (n, c) => {
    const s = new Suspicion(lan, n, 0, 'a');
    for (let i = 0; i < c; i++) expect(s.confirm(`c${i}`)).toBe(true);
    expect(s.timeout()).toBeCloseTo(claimsTimeout(n, c), -1);
  });

  it('gives the CLAIMS figures: 8/48 s at N=100 and 12/72 s at N=1000', () => {
    expect(new Suspicion(lan, 100, 0, 'a').timeout()).toBe(48_000);
    expect(new Suspicion(lan, 1000, 0, 'a').timeout()).toBe(72_000);
    const s = new Suspicion(lan, 1000, 0, 'a');
    s.confirm('b'); s.confirm('c'); s.confirm('d');
    expect(s.timeout()).toBe(12_000);
  });

  it('does not count the originator or repeats as confirmations', () => {
    const s = new Suspicion(lan, 100, 0, 'a');
    expect(s.confirm('a')).toBe(false);
    expect(s.confirm('b')).toBe(true);
    expect(s.confirm('b')).toBe(false);
    expect(s.confirmations).toBe(1);
  });

  it('a node of 100 members reports the formula timeout as confirmations arrive', () => {
    const node = new SwimNode({ id: 'me', addr: '10.0.0.1:7946', params: lan, rng: new Rng(3) });
    node.start(0);
    const feed = (msgs: Message[]) => node.handle(assemblePacket(msgs.map(encodeMessage)), '10.0.0.2:7946', 1);
    for (let i = 0; i < 99; i += 10) {
      feed(Array.from({ length: Math.min(10, 99 - i) }, (_, j): Message => ({ t: 'alive', id: `m${i + j}`, addr: `10.1.0.${i + j}:7946`, inc: 0 })));
    }
    feed([{ t: 'suspect', id: 'm5', inc: 0, from: 'm1' }]);
    expect(node.detectorSnapshot(1).suspicion.m5).toBe(claimsTimeout(100, 0));
    feed([{ t: 'suspect', id: 'm5', inc: 0, from: 'm2' }]);
    expect(node.detectorSnapshot(1).suspicion.m5).toBeCloseTo(claimsTimeout(100, 1), -1);
    feed([{ t: 'suspect', id: 'm5', inc: 0, from: 'm3' }]);
    expect(node.detectorSnapshot(1).suspicion.m5).toBe(claimsTimeout(100, 2));
  });

  it('with dynamic suspicion off, the timeout is the minimum (plain SWIM)', () => {
    const p = { ...lan, lifeguardDynamicSuspicion: false };
    expect(new Suspicion(p, 100, 0, 'a').timeout()).toBe(8000);
  });

  it('a crash is declared dead sooner with many confirmers than with dynamic suspicion\'s max', () => {
    const sim = cluster(20, { seed: 9 });
    sim.runFor(20_000);
    const crash = sim.now;
    sim.crash('n9');
    sim.runFor(90_000);
    const suspect = firstObs(sim, 'n9', 'suspect', crash)!;
    const dead = firstObs(sim, 'n9', 'dead', crash)!;
    const min = resolveParams('lan').suspicionMult * Math.log10(20) * 1000;
    expect(dead - suspect).toBeGreaterThanOrEqual(min - 1);
    expect(dead - suspect).toBeLessThan(6 * min);
  });
});

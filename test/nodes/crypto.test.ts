// AES-256-GCM with a shared key: members with the key form a cluster; a node with
// the wrong key (or none) cannot join, and its packets are counted and dropped.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcm } from '../../nodes/process/aesgcm.js';
import { Sim } from './harness.js';

describe('encryption', () => {
  const key = randomBytes(32);

  it('round-trips, and rejects tampering and other keys', () => {
    const c = aesGcm(key);
    const plain = Uint8Array.from([0x47, 1, 2, 3]);
    const sealed = c.seal(plain);
    expect(sealed.length).toBe(plain.length + c.overhead);
    expect(Buffer.from(c.open(sealed)!)).toEqual(Buffer.from(plain));
    const bent = Uint8Array.from(sealed);
    bent[bent.length - 3]! ^= 1;
    expect(c.open(bent)).toBeUndefined();
    expect(aesGcm(randomBytes(32)).open(sealed)).toBeUndefined();
    expect(c.open(plain)).toBeUndefined();
  });

  it('keyed members converge; wrong-key and keyless nodes cannot join and their packets are dropped', () => {
    const sim = new Sim({ seed: 71 });
    const cipher = aesGcm(key);
    for (const id of ['n1', 'n2', 'n3']) { sim.add(id, id === 'n1' ? [] : ['n1'], { cipher }); sim.runFor(200); }
    sim.add('bad', ['n1'], { cipher: aesGcm(randomBytes(32)) });
    sim.add('plain', ['n1']);
    sim.runFor(20_000);
    expect(sim.converged(['n1', 'n2', 'n3'])).toBe(true);
    for (const o of ['n1', 'n2', 'n3']) {
      expect(sim.stateOf(o).has('bad')).toBe(false);
      expect(sim.stateOf(o).has('plain')).toBe(false);
    }
    expect(sim.node('bad').view().members.map((m) => m.id)).toEqual(['bad']);
    // Each outsider's joins (about 5 in 20 s, as retries back off) reach n1 and are dropped there.
    expect(sim.node('n1').statsSnapshot().dropped.decrypt).toBeGreaterThanOrEqual(8);
    expect(sim.maxPacket).toBeLessThanOrEqual(sim.params.packetBudget);
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClaim } from '../../src/claims/schema.js';
import { claimFiles } from '../../src/claims/run.js';
import { measure } from '../../src/claims/measures.js';
import { ConfigError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gl-claim-'));
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('claims against other implementations', () => {
  it('the shipped Serf claims load, each naming serf and saying how it departs from the claim\'s setting', () => {
    const serf = claimFiles().filter((f) => /\/serf-[^/]+\.yaml$/.test(f)).map(loadClaim);
    expect(serf.map((c) => c.claim.id).sort()).toEqual([
      'serf-awareness-cap', 'serf-first-detection', 'serf-partition-merges', 'serf-partition-outlasts-reconnect', 'serf-starved-probe-interval', 'serf-time-to-dead',
    ]);
    for (const c of serf) {
      expect(c.implementation).toBe('serf');
      expect(c.claim.note).toBeTruthy();
    }
    // where Serf's real timeouts last hours, the claim says it shortened them
    for (const c of serf.filter((x) => !/awareness|probe-interval/.test(x.claim.id))) expect(c.claim.note).toMatch(/shortened from 24 h/);
  });

  it('an arm may name its own implementation; the simulator runs only the built-in node', () => {
    const ok = loadClaim(file('arms.yaml', 'claim: {id: x, statement: s, source: t}\nscenario: default\nseed: 1\narms: {b: {}, s: {implementation: serf}}\n'
      + 'measure: {metric: detection.meanFirstDead}\nexpect: {ratio: {arm: s, to: b, atMost: 2}}\n'));
    expect(ok.arms?.s?.implementation).toBe('serf');
    let e: unknown;
    try {
      loadClaim(file('sim.yaml', 'claim: {id: x, statement: s, source: t}\nimplementation: serf\nruntime: sim\nscenario: default\nseed: 1\n'
        + 'measure: {metric: detection.meanFirstDead}\nexpect: {atMost: 1}\n'));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).field).toBe('runtime');
    expect((e as ConfigError).message).toMatch(/simulator runs only the built-in node/);
  });

  it('the starved probe gap reads probe rounds where a node counts those instead of pings', () => {
    const run = mkdtempSync(join(tmpdir(), 'gl-claim-run-'));
    const stats = (t: number, probes: number): string => JSON.stringify({ t, type: 'obs', node: 'n2', obs: 'stats', sent: { udp: { msgs: probes * 2, bytes: 100 } }, recv: {}, probes });
    writeFileSync(join(run, 'history.jsonl'), [
      JSON.stringify({ t: 0, type: 'fault', phase: 'start', id: 'f1-cpu', kind: 'cpu', targets: ['n2'], params: {} }),
      stats(1000, 1), stats(2000, 2), stats(3000, 2), stats(4000, 2), stats(9000, 3), stats(10000, 4),
    ].join('\n') + '\n');
    expect(measure(run, 'history.longestProbeGapOfStarved')).toBe(7);
  });
});

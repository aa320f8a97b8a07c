import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluate } from '../../src/claims/evaluate.js';
import { claimFiles } from '../../src/claims/run.js';
import { loadClaim, type ClaimFile } from '../../src/claims/schema.js';
import { ConfigError } from '../../src/errors.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const base = { claim: { id: 'x', statement: 's', source: 'src' }, scenario: 'default', seed: 1, measure: { metric: 'detection.meanFirstSuspicion' } };
const claim = (expect: ClaimFile['expect'], arms?: ClaimFile['arms']): ClaimFile => ({ ...base, expect, ...(arms ? { arms } : {}) } as ClaimFile);

describe('claim verdicts', () => {
  it('holds or is refuted on the mean, and says the figure, range and expectation', () => {
    const held = evaluate(claim({ within: [1.35, 1.8] }), { only: [1.5, 1.7, 1.6] });
    expect(held.verdict).toBe('holds');
    expect(held.figure).toBeCloseTo(1.6);
    expect(held.reason).toBe('mean 1.6 (range 1.5..1.7), expected in [1.35, 1.8]');
    expect(evaluate(claim({ within: [1.35, 1.8] }), { only: [2.0, 2.1] }).verdict).toBe('refuted');
    expect(evaluate(claim({ atMost: 1 }), { only: [0.5] }).verdict).toBe('holds');
    expect(evaluate(claim({ atLeast: 1 }), { only: [0.5] }).verdict).toBe('refuted');
  });

  it('is inconclusive when fewer than half of an arm\'s runs measured the figure', () => {
    const e = evaluate(claim({ within: [1, 2] }), { only: [1.5, null, null] });
    expect(e.verdict).toBe('inconclusive');
    expect(e.reason).toContain('only 1/3');
  });

  it('compares two arms by the ratio of their means', () => {
    const arms = { swim: {}, lifeguard: {} };
    const r = evaluate(claim({ ratio: { arm: 'lifeguard', to: 'swim', atMost: 0.02 } }, arms), { swim: [100, 120], lifeguard: [1, 1] });
    expect(r.verdict).toBe('holds');
    expect(r.figure).toBeCloseTo(1 / 110);
    const refuted = evaluate(claim({ ratio: { arm: 'lifeguard', to: 'swim', atMost: 0.02 } }, arms), { swim: [10, 10], lifeguard: [2, 2] });
    expect(refuted.verdict).toBe('refuted');
    expect(refuted.reason).toBe('lifeguard/swim = 2/10 = 0.2, expected <= 0.02');
    expect(evaluate(claim({ ratio: { arm: 'lifeguard', to: 'swim', atMost: 0.02 } }, arms), { swim: [0], lifeguard: [0] }).verdict).toBe('inconclusive');
  });

  it('"never" holds only when no run measured the event', () => {
    expect(evaluate(claim({ never: true }), { only: [null, null] }).verdict).toBe('holds');
    expect(evaluate(claim({ never: true }), { only: [null, 12.5] }).verdict).toBe('refuted');
  });
});

describe('claim files', () => {
  it('every shipped claim file validates, and the ones the issue names are there', () => {
    const files = claimFiles();
    const ids = files.map((f) => loadClaim(f).claim.id);
    expect(ids).toEqual(expect.arrayContaining(['swim-first-detection', 'time-to-dead', 'awareness-cap', 'lifeguard-vs-swim', 'dissemination-rounds', 'per-node-bandwidth', 'partition-never-merges']));
  });

  it('a ratio naming an arm that does not exist is refused, naming the field', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'gl-claim-')), 'c.yaml');
    writeFileSync(f, 'claim: {id: x, statement: s, source: t}\nscenario: default\nseed: 1\narms: {a: {}}\nmeasure: {metric: load.x}\nexpect: {ratio: {arm: a, to: b, atMost: 1}}\n');
    expect(() => loadClaim(f)).toThrow(ConfigError);
    expect(() => loadClaim(f)).toThrow(/expect\.ratio\.to: expected one of the arms \(a\), found "b"/);
  });
});

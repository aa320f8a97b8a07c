import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCampaign } from '../../src/campaign/schema.js';
import { checkPlan, planCampaign, resolvePlanned } from '../../src/campaign/plan.js';
import { ConfigError } from '../../src/errors.js';
import { ROOT } from '../../src/paths.js';

function file(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'gl-camp-')), 'c.yaml');
  writeFileSync(f, text);
  return f;
}

function errorOf(text: string): ConfigError {
  try {
    const c = loadCampaign(file(text));
    checkPlan(planCampaign(c), c.bounds);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('campaign plans', () => {
  it('the shipped phi sweep is 3 thresholds x 2 scenarios x 2 repetitions, each with its own printed seed', () => {
    const c = loadCampaign(join(ROOT, 'scenarios/campaigns/phi-sweep.yaml'));
    const plan = planCampaign(c);
    expect(plan.runs).toHaveLength(12);
    expect(plan.configs.map((x) => x.label)).toEqual(['lan detector=phi phiThreshold=5', 'lan detector=phi phiThreshold=8', 'lan detector=phi phiThreshold=12']);
    expect(new Set(plan.runs.map((r) => r.seed)).size).toBe(12);
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(12);
    const s = resolvePlanned(plan.runs[0]!, c.bounds);
    expect(s.cluster.params.detector).toBe('phi');
    expect(s.cluster.params.phiThreshold).toBe(5);
    expect(s.cluster.params.reapTime).toBe(5000); // the scenario's own override survives
    expect(s.seed).toBe(plan.runs[0]!.seed);
  });

  it('derives the same seeds from the same base seed, and others from another', () => {
    const c = loadCampaign(join(ROOT, 'scenarios/campaigns/phi-sweep.yaml'));
    const a = planCampaign(c), b = planCampaign(c), d = planCampaign({ ...c, seed: 1001 });
    expect(b.runs.map((r) => r.seed)).toEqual(a.runs.map((r) => r.seed));
    expect(b.hash).toBe(a.hash);
    expect(d.runs.map((r) => r.seed)).not.toEqual(a.runs.map((r) => r.seed));
  });

  it('named variants multiply with the rest of the matrix', () => {
    const c = loadCampaign(join(ROOT, 'scenarios/campaigns/nightly.yaml'));
    const plan = planCampaign(c);
    expect(plan.configs.map((x) => x.label)).toEqual(['swim lan', 'lifeguard lan', 'phi lan']);
    expect(plan.runs).toHaveLength(3 * c.scenarios.length);
    expect(resolvePlanned(plan.runs[0]!).cluster.params.lifeguardLhm).toBe(false);
  });

  it('the shipped comparison: each arm is an implementation with its parameters, and every arm faces the same seeds', () => {
    const c = loadCampaign(join(ROOT, 'scenarios/campaigns/implementations.yaml'));
    const plan = planCampaign(c);
    expect(plan.configs.map((x) => [x.variant, x.implementation, x.arm])).toEqual([
      ['serf', 'serf', true], ['redis-cluster', 'redis-cluster', true], ['swim', 'builtin', true], ['lifeguard', 'builtin', true], ['phi', 'builtin', true],
    ]);
    expect(plan.runs).toHaveLength(5 * 5);
    for (const scenario of c.scenarios.map((s) => s.split('/').at(-1)!)) {
      const here = plan.runs.filter((r) => r.scenario === scenario);
      expect(here).toHaveLength(5);
      expect(new Set(here.map((r) => r.seed)).size).toBe(1);
      // same seed, same nodes: the same resolved schedule for every arm
      const schedules = here.map((r) => JSON.stringify(resolvePlanned(r).schedule));
      expect(new Set(schedules).size).toBe(1);
      expect(new Set(here.map((r) => resolvePlanned(r).cluster.nodes)).size).toBe(1);
    }
    const redis = resolvePlanned(plan.runs.find((r) => r.config.variant === 'redis-cluster')!);
    expect(redis.cluster.implementation).toBe('redis-cluster');
    expect(redis.cluster.semantics.evicts).toBe(false);
    const phi = resolvePlanned(plan.runs.find((r) => r.config.variant === 'phi')!);
    expect([phi.cluster.implementation, phi.cluster.params.detector]).toEqual(['builtin', 'phi']);
  });

  it('without sharedSeeds, the same campaign derives a seed per configuration', () => {
    const c = loadCampaign(join(ROOT, 'scenarios/campaigns/implementations.yaml'));
    const plan = planCampaign({ ...c, sharedSeeds: false });
    expect(new Set(plan.runs.map((r) => r.seed)).size).toBe(25);
  });

  it('refuses a variant naming an implementation beside an implementation axis, and an arm its implementation cannot honour', () => {
    const base = 'name: x\nseed: 1\nscenarios: [compare/crash]\n';
    const both = errorOf(`${base}matrix: {implementation: [builtin, serf], variants: {a: {implementation: serf}}}`);
    expect(both.field).toBe('matrix.implementation');
    expect(both.message).toMatch(/variant "a" does/);
    const redis = errorOf(`${base}matrix: {variants: {r: {implementation: redis-cluster, detector: phi}}}`);
    expect(redis.message).toMatch(/cluster\.params\.detector: .*redis-cluster cannot honour detector.*in configuration "r lan"/);
    expect(errorOf(`${base}matrix: {variants: {a: {implementation: consul}}}`).field).toBe('matrix.variants.a.implementation');
  });

  it('refuses an unknown implementation, a bad parameter name, a bad value and an impossible matrix before any run', () => {
    const base = 'name: x\nseed: 1\nscenarios: [default]\n';
    expect(errorOf(`${base}matrix: {implementation: [consul]}`).message).toMatch(/matrix\.implementation\.0: expected one of "builtin", "serf", "redis-cluster", found "consul"/);
    expect(errorOf(`${base}matrix: {params: {phiTreshold: [5]}}`).message).toMatch(/matrix\.params\.phiTreshold: expected a protocol parameter .* found unknown parameter "phiTreshold"/);
    expect(errorOf(`${base}matrix: {params: {phiThreshold: [5, high]}}`).field).toBe('matrix.params.phiThreshold.1');
    expect(errorOf(`${base}matrix: {nodes: [1]}`).message).toMatch(/in configuration "lan n=1"/);
    expect(errorOf('name: x\nseed: 1\nscenarios: [no-such-scenario]').field).toBe('scenarios.0');
    expect(errorOf('name: x\nscenarios: [default]').field).toBe('seed');
  });
});

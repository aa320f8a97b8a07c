import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/config/scenario.js';
import { loadCampaign } from '../../src/campaign/schema.js';
import { checkPlan, planCampaign, resolvePlanned } from '../../src/campaign/plan.js';
import { capabilitiesFor, clockNodes, unsupportedFaults, unsupportedMessage } from '../../src/run/docker-runner.js';
import { ConfigError } from '../../src/errors.js';

function dirWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gl-impl-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const host = { netem: false, tbf: true, clock: true, cpu: true, leave: true };

describe('cluster.implementation', () => {
  it('defaults to the built-in node, which declares every semantics', () => {
    const s = loadScenario('default');
    expect(s.cluster.implementation).toBe('builtin');
    expect(Object.values(s.cluster.semantics).every((v) => v)).toBe(true);
  });

  it('serf declares no incarnations; its stats and detector lines come from the telemetry of memberlist', () => {
    const d = dirWith({ 's.yaml': 'cluster: {implementation: serf}\n' });
    const s = loadScenario(join(d, 's.yaml'));
    expect(s.cluster.implementation).toBe('serf');
    expect(s.cluster.semantics).toMatchObject({ suspect: true, evicts: true, incarnations: false, metadata: true, stats: true, detector: true });
  });

  it('redis-cluster declares it never evicts', () => {
    const d = dirWith({ 's.yaml': 'cluster: {implementation: redis-cluster}\n' });
    expect(loadScenario(join(d, 's.yaml')).cluster.semantics).toMatchObject({ evicts: false, refutes: false, suspect: true });
  });

  it('refuses an unknown name, naming the field and the choices', () => {
    const d = dirWith({ 's.yaml': 'cluster: {implementation: consul}\n' });
    const e = errorOf(() => loadScenario(join(d, 's.yaml')));
    expect(e.field).toBe('cluster.implementation');
    expect(e.message).toContain('"consul"');
  });

  it('refuses a parameter serf cannot honour, and accepts a shortened reapTime', () => {
    const d = dirWith({
      'bad.yaml': 'cluster: {implementation: serf, params: {probeInterval: 500}}\n',
      'ok.yaml': 'cluster: {implementation: serf, params: {reapTime: 20000}}\n',
    });
    const e = errorOf(() => loadScenario(join(d, 'bad.yaml')));
    expect(e.field).toBe('cluster.params.probeInterval');
    expect(e.message).toMatch(/serf cannot honour probeInterval.*maps only reapTime.*found 500/);
    expect(loadScenario(join(d, 'ok.yaml')).cluster.params.reapTime).toBe(20000);
  });

  it('resolves a user program relative to the scenario file, with its files, arguments and declared semantics', () => {
    const d = dirWith({ 'mynode': '#!/usr/local/bin/node\n', 'data.bin': 'x', 's.yaml': 'cluster:\n  implementation: {program: ./mynode, files: [data.bin], args: [--fast], semantics: {stats: false}}\n' });
    chmodSync(join(d, 'mynode'), 0o755);
    const s = loadScenario(join(d, 's.yaml'));
    expect(s.cluster.implementation).toBe('program');
    expect(s.cluster.program).toEqual({ program: join(d, 'mynode'), files: [join(d, 'data.bin')], args: ['--fast'] });
    expect(s.cluster.semantics.stats).toBe(false);
    expect(s.cluster.semantics.evicts).toBe(true);
  });

  it('refuses a missing program, a non-executable program and a missing file, naming each', () => {
    const d = dirWith({ 'plain': 'x', 'ok': 'x' });
    chmodSync(join(d, 'ok'), 0o755);
    const write = (name: string, text: string): string => { writeFileSync(join(d, name), text); return join(d, name); };
    const missing = errorOf(() => loadScenario(write('a.yaml', 'cluster: {implementation: {program: ./nope}}\n')));
    expect(missing.field).toBe('cluster.implementation.program');
    expect(missing.found).toContain(join(d, 'nope'));
    const notExec = errorOf(() => loadScenario(write('b.yaml', 'cluster: {implementation: {program: ./plain}}\n')));
    expect(notExec.expected).toContain('executable');
    expect(notExec.found).toContain('not executable');
    const noFile = errorOf(() => loadScenario(write('c.yaml', 'cluster: {implementation: {program: ./ok, files: [./gone.so]}}\n')));
    expect(noFile.field).toBe('cluster.implementation.files.0');
  });

  it('a campaign matrix mixes implementations, labelled by name', () => {
    const d = dirWith({ 'c.yaml': 'name: mix\nseed: 1\nscenarios: [default]\nmatrix: {implementation: [builtin, serf, redis-cluster]}\n' });
    const c = loadCampaign(join(d, 'c.yaml'));
    const plan = planCampaign(c);
    checkPlan(plan);
    expect(plan.configs.map((x) => x.label)).toEqual(['builtin lan', 'serf lan', 'redis-cluster lan']);
    expect(resolvePlanned(plan.runs[1]!).cluster.implementation).toBe('serf');
  });

  it('a clock fault on serf is refused with the reason, while the built-in node may take it', () => {
    const d = dirWith({
      's.yaml': 'cluster: {implementation: serf}\nnemesis:\n  - {kind: clock, at: 1s, duration: 5s, mode: offset, by: "+1h", node: n2}\n  - {kind: pause, at: 1s, duration: 2s, node: n3}\n',
      'b.yaml': 'nemesis:\n  - {kind: clock, at: 1s, duration: 5s, mode: offset, by: "+1h", node: n2}\n',
    });
    const serf = loadScenario(join(d, 's.yaml'));
    const u = unsupportedFaults(serf, capabilitiesFor(serf, host));
    expect(u.map((x) => x.id)).toEqual([serf.schedule.find((f) => f.kind === 'clock')!.id]);
    expect(unsupportedMessage(u)).toMatch(/clock.*serf cannot take it: .*Go runtime reads the clock/);
    const builtin = loadScenario(join(d, 'b.yaml'));
    expect(unsupportedFaults(builtin, capabilitiesFor(builtin, host))).toEqual([]);
    // a skipped clock fault preloads no libfaketime either (Redis would hang at start under it)
    expect(clockNodes(serf, capabilitiesFor(serf, host))).toEqual({ nodes: [], monotonic: [] });
    expect(clockNodes(builtin, capabilitiesFor(builtin, host))).toEqual({ nodes: ['n2'], monotonic: [] });
    expect(clockNodes(builtin, { ...host, clock: false })).toEqual({ nodes: [], monotonic: [] });
  });
});

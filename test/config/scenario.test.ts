import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import { ConfigError } from '../../src/errors.js';
import { PRESETS } from '../../nodes/core/params.js';

function scenarioFile(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'gl-scn-')), 'bad.yaml');
  writeFileSync(f, text);
  return f;
}

function errorOf(text: string): ConfigError {
  try {
    loadScenario(scenarioFile(text));
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('scenario files', () => {
  it('resolves the shipped default scenario with the LAN preset', () => {
    const s = loadScenario('default');
    expect(s.cluster.nodes).toBe(5);
    expect(s.cluster.params.probeInterval).toBe(PRESETS.lan.probeInterval);
    expect(s.schedule.map((f) => f.kind)).toEqual(['crash', 'pause', 'loss', 'partition']);
    expect(s.schedule[3]!.params.sides).toEqual([['n1', 'n2'], ['n3', 'n4', 'n5']]);
  });

  it('gives the same schedule for the same seed, and another for another seed', () => {
    const text = 'seed: 1\ncluster: {nodes: 9}\nnemesis:\n' +
      Array.from({ length: 6 }, (_, i) => `  - {kind: crash, at: ${i + 1}s, node: random}\n  - {kind: partition, at: ${i}s, duration: 1s, shape: random-halves}\n`).join('');
    const f = parseScenarioText(text, 'x.yaml');
    const a = resolveScenario(f, 'x.yaml');
    const b = resolveScenario(f, 'x.yaml');
    const c = resolveScenario(f, 'x.yaml', { seed: 2 });
    expect(JSON.stringify(b.schedule)).toBe(JSON.stringify(a.schedule));
    expect(JSON.stringify(c.schedule)).not.toBe(JSON.stringify(a.schedule));
  });

  it('applies command-line overrides of nodes, seed and duration', () => {
    const s = loadScenario('default', { nodes: 7, seed: 9, duration: 60_000 });
    expect([s.cluster.nodes, s.seed, s.duration]).toEqual([7, 9, 60_000]);
  });

  it('names the file, field, expectation and finding for a wrong type', () => {
    const e = errorOf('cluster:\n  nodes: five\n');
    expect(e.message).toMatch(/bad\.yaml: cluster\.nodes: expected a number, found "five" \(string\)/);
  });

  it('rejects an unknown protocol parameter by name', () => {
    const e = errorOf('cluster:\n  params:\n    probeIntervall: 100\n');
    expect(e.field).toBe('cluster.params.probeIntervall');
    expect(e.found).toContain('unknown field');
  });

  it('rejects zero nodes, unknown fault kinds, bad durations and malformed YAML', () => {
    expect(errorOf('cluster: {nodes: 0}').field).toBe('cluster.nodes');
    expect(errorOf('nemesis: [{kind: meteor, at: 1s}]').message).toMatch(/nemesis\.0\.kind: expected one of partition, loss, .*, restart, flap, found "meteor"/);
    expect(errorOf('duration: soon').field).toBe('duration');
    expect(errorOf('cluster: [nodes: 3').expected).toBe('valid YAML');
  });

  it('rejects faults outside the nemesis phase and nodes outside the cluster', () => {
    expect(errorOf('duration: 10s\nnemesis: [{kind: crash, at: 12s}]').field).toBe('nemesis.0.at');
    expect(errorOf('cluster: {nodes: 3}\nnemesis: [{kind: crash, at: 1s, node: n4}]').field).toBe('nemesis.0.node');
  });
});

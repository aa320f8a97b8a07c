// compareRuns over two stored runs: every compared figure with its B/A ratio,
// the differences said in words, and a clear error for a directory without results.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/sim/compare.js';

function runDir(root: string, name: string, valid: boolean, m: { suspect: number; fp: number; bytes: number }): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const results = {
    valid, results: {
      detection: { valid: true, metrics: { meanFirstSuspicion: m.suspect, meanFirstDead: 6 } },
      'false-positives': { valid, metrics: { falseSuspicions: m.fp, falseDeaths: 0 } },
      load: { valid: true, metrics: { clusterMeanBytesPerSec: m.bytes } },
    },
  };
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
  writeFileSync(join(dir, 'history.jsonl'), `${JSON.stringify({ t: 0, type: 'run', scenario: name, runtime: 'sim', seed: 7, nodes: ['n1', 'n2'], config: { cluster: { nodes: 2 } } })}\n`);
  return dir;
}

describe('compareRuns', () => {
  it('lists each figure of both runs with B/A and states what differs', () => {
    const root = mkdtempSync(join(tmpdir(), 'gossiplab-compare-'));
    const a = runDir(root, 'swim', false, { suspect: 2, fp: 40, bytes: 100 });
    const b = runDir(root, 'lifeguard', true, { suspect: 2.1, fp: 1, bytes: 150 });
    const { rows, text } = compareRuns(a, b);
    const row = (m: string) => rows.find((r) => r.metric === m)!;
    expect(row('verdict')).toMatchObject({ a: 'false', b: 'true' });
    expect(row('false-positives.falseSuspicions')).toMatchObject({ a: 40, b: 1, ratio: 0.025 });
    expect(row('false-positives.falseSuspicions').note).toMatch(/40x lower in B \(better\)/);
    expect(row('load.clusterMeanBytesPerSec').note).toMatch(/1\.5x in B \(worse\)/);
    expect(row('detection.meanFirstSuspicion').note).toMatch(/within 10%/);
    expect(row('false-positives.falseDeaths').note).toBe('same');
    expect(text).toContain('swim, sim, 2 nodes, seed 7');
    expect(text).toMatch(/Differences: verdict false in A, true in B; .*false suspicions/);
    expect(text).not.toMatch(/Differences:.*crash-to-first-suspicion/);
  });

  it('says which directory has no results', () => {
    const root = mkdtempSync(join(tmpdir(), 'gossiplab-compare-'));
    expect(() => compareRuns(join(root, 'nope'), join(root, 'nope2'))).toThrow(/nope: expected a run directory with results\.json/);
  });
});

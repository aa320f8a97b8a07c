// compareRuns over two stored runs: every compared figure with its B/A ratio,
// the differences said in words, and a clear error for a directory without results.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/sim/compare.js';

interface Figures { suspect: number; fp: number; bytes: number; median?: number; crashes?: { node: string; at: number; firstAccusation: { after: number } | null }[] }

function runDir(root: string, name: string, valid: boolean, m: Figures): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const results = {
    valid, results: {
      detection: { valid: true, metrics: { meanFirstSuspicion: m.suspect, meanFirstDead: 6, ...(m.median !== undefined ? { medianFirstSuspicion: m.median, crashes: m.crashes ?? [] } : {}) } },
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

  it('says whether the detection-latency medians agree within 25%, and where they part when not', () => {
    const root = mkdtempSync(join(tmpdir(), 'gossiplab-compare-'));
    const crash = (node: string, after: number | null) => ({ node, at: 10, firstAccusation: after === null ? null : { after } });
    const docker = runDir(root, 'docker', true, { suspect: 2, fp: 0, bytes: 100, median: 2, crashes: [crash('n4', 1.5), crash('n7', 2)] });
    const close = runDir(root, 'close', true, { suspect: 2.4, fp: 0, bytes: 100, median: 2.4, crashes: [crash('n4', 2.4), crash('n7', 2.5)] });
    const far = runDir(root, 'far', true, { suspect: 2.6, fp: 0, bytes: 100, median: 2.6, crashes: [crash('n4', 3.1), crash('n7', null)] });
    const none = runDir(root, 'none', true, { suspect: 2, fp: 0, bytes: 100 });
    const last = (a: string, b: string): string => compareRuns(a, b).text.split('\n').at(-1)!;
    expect(last(docker, close)).toBe('Detection latency: median crash-to-first-suspicion 2 s in A, 2.4 s in B (20% apart): they agree within 25%.');
    expect(last(docker, far)).toBe('Detection latency: median crash-to-first-suspicion 2 s in A, 2.6 s in B (30% apart): they differ by more than 25%; '
      + 'crash by crash (A vs B, first accusation): n4 1.5 s vs 3.1 s, n7 2 s vs never.');
    expect(last(docker, none)).toMatch(/no median crash-to-first-suspicion in B/);
    expect(compareRuns(docker, close).rows.find((r) => r.metric === 'detection.medianFirstSuspicion')).toMatchObject({ a: 2, b: 2.4, ratio: 1.2 });
  });

  it('says which directory has no results', () => {
    const root = mkdtempSync(join(tmpdir(), 'gossiplab-compare-'));
    expect(() => compareRuns(join(root, 'nope'), join(root, 'nope2'))).toThrow(/nope: expected a run directory with results\.json/);
  });
});

// Proof that the checkers catch real bugs: the node run in each known-bad mode
// under a fault schedule must be caught by the right checker, pointing at the
// right member, and the same schedule with the correct node must be valid.

import { describe, expect, it } from 'vitest';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { gossiplab, noDocker, tempStore } from './lab.js';
import { ROOT } from '../../src/paths.js';

interface Violation { message: string; lines: number[]; member?: string; observer?: string; t?: number }
interface Results { valid: boolean | 'unknown'; results: Record<string, { valid: boolean | 'unknown'; violations: Violation[] }> }

async function run(fixture: string, correct: boolean): Promise<{ exitCode: number; results: Results; history: Record<string, unknown>[]; output: string }> {
  const store = tempStore();
  let file = join(ROOT, 'test/integration/fixtures', `${fixture}.yaml`);
  if (correct) {
    const doc = parse(readFileSync(file, 'utf8'));
    doc.cluster.params = Object.fromEntries(Object.entries(doc.cluster.params ?? {}).filter(([k]) => !k.startsWith('bug')));
    file = join(store, `${fixture}.yaml`);
    writeFileSync(file, stringify(doc));
  }
  const r = await gossiplab(['run', file], store);
  const dir = join(store, readlinkSync(join(store, 'latest')));
  return {
    exitCode: r.exitCode ?? -1,
    output: r.all ?? '',
    results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')),
    history: readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)),
  };
}

/** The history line a violation cites must exist, and at least one must concern the member. */
function citesMember(history: Record<string, unknown>[], v: Violation, member: string): boolean {
  return v.lines.every((l) => l >= 1 && l <= history.length)
    && (v.member === member || v.lines.some((l) => JSON.stringify(history[l - 1]).includes(`"${member}"`)));
}

// Every run is independent (its own store, run id, bridge and subnet), so they
// all run side by side: the three cases at once, and in each case the buggy node
// and the correct one at once, six 5-node clusters at a time.
describe.skipIf(noDocker).concurrent('known-bad nodes are caught', () => {
  it('a node that never evicts: eviction is false for the crashed n4; the correct node is valid', async () => {
    const [bad, good] = await Promise.all([run('never-evict', false), run('never-evict', true)]);
    expect(bad.exitCode, bad.output).toBe(1);
    const ev = bad.results.results.eviction!;
    expect(ev.valid).toBe(false);
    expect(ev.violations.length).toBeGreaterThan(0);
    for (const v of ev.violations) expect(citesMember(bad.history, v, 'n4'), v.message).toBe(true);
    const crashAt = bad.history.find((e) => e.type === 'node' && e.event === 'killed')!.t as number;
    expect(ev.violations.every((v) => v.t === undefined || v.t >= crashAt)).toBe(true);

    expect(good.results.valid, good.output).toBe(true);
    expect(good.exitCode).toBe(0);
  });

  it('a node that never refutes: incarnation is false for n3 after its isolation; the correct node is valid', async () => {
    const [bad, good] = await Promise.all([run('never-refute', false), run('never-refute', true)]);
    expect(bad.exitCode, bad.output).toBe(1);
    const inc = bad.results.results.incarnation!;
    expect(inc.valid).toBe(false);
    expect(inc.violations.some((v) => v.member === 'n3' && citesMember(bad.history, v, 'n3')), JSON.stringify(inc.violations.slice(0, 3))).toBe(true);

    expect(good.results.valid, good.output).toBe(true);
  });

  it('a node that skips suspicion: false-positives is false (healthy members declared dead); the correct node is valid', async () => {
    const [bad, good] = await Promise.all([run('skip-suspicion', false), run('skip-suspicion', true)]);
    expect(bad.exitCode, bad.output).toBe(1);
    const fp = bad.results.results['false-positives']!;
    expect(fp.valid).toBe(false);
    expect(fp.violations.length).toBeGreaterThan(0);
    for (const v of fp.violations) {
      const line = bad.history[v.lines[0]! - 1]!;
      expect(line).toMatchObject({ type: 'obs', obs: 'member', state: 'dead' });
    }

    expect(good.results.results['false-positives']!.valid, good.output).toBe(true);
    expect(good.results.valid, good.output).toBe(true);
  });
});

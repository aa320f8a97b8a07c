// A campaign in Docker, as a nightly job runs it: interrupted halfway, resumed
// without repeating finished runs, and ending in a report, JUnit XML a parser
// reads, and a JSON summary.

import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CLI, gossiplab, labResources, noDocker, tempStore } from './lab.js';
import { ROOT } from '../../src/paths.js';

const FILE = join(ROOT, 'test/integration/fixtures/mini-campaign.yaml');

function ledger(store: string): { dir: string; finished: Record<string, { dir: string }> } | undefined {
  const root = join(store, 'campaigns', 'mini');
  if (!existsSync(root)) return undefined;
  const d = readdirSync(root).sort().at(-1);
  if (!d || !existsSync(join(root, d, 'campaign.json'))) return undefined;
  return { dir: join(root, d), ...JSON.parse(readFileSync(join(root, d, 'campaign.json'), 'utf8')) };
}

describe.skipIf(noDocker)('campaigns', () => {
  it('resumes an interrupted campaign without repeating finished runs, then writes its report and JUnit XML', async () => {
    const store = tempStore();
    const first = execa('node', [CLI, 'campaign', FILE], { cwd: ROOT, reject: false, all: true, env: { GOSSIPLAB_STORE: store } });
    const deadline = Date.now() + 300_000;
    while (Object.keys(ledger(store)?.finished ?? {}).length < 2) {
      if (Date.now() > deadline || first.exitCode !== null) throw new Error(`the campaign never finished two runs:\n${(await first).all}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    first.kill('SIGINT');
    const stopped = await first;
    expect(stopped.exitCode).toBe(2);
    expect(stopped.all).toMatch(/--resume/);
    const before = ledger(store)!;
    const done = Object.entries(before.finished);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(4);

    const second = await gossiplab(['campaign', FILE, '--resume', '--json'], store, { timeout: 600_000 });
    expect(second.all).toContain(`${done.length} already finished`);
    expect([0, 1]).toContain(second.exitCode);
    const after = ledger(store)!;
    expect(after.dir).toBe(before.dir);
    for (const [key, f] of done) expect(after.finished[key]!.dir).toBe(f.dir);
    expect(Object.keys(after.finished)).toHaveLength(4);
    // Four complete runs; at most one more directory: the run the interruption cut short, kept with its report.
    const runDirs = readdirSync(join(after.dir, 'runs')).flatMap((c) => readdirSync(join(after.dir, 'runs', c, 'crash')).map((d) => join(after.dir, 'runs', c, 'crash', d)));
    const complete = runDirs.filter((d) => !JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')).interrupted);
    expect(complete).toHaveLength(4);
    expect(runDirs.length - complete.length).toBeLessThanOrEqual(1);
    expect(new Set(Object.values(after.finished).map((f) => f.dir)).size).toBe(4);

    const summary = JSON.parse(second.stdout);
    expect(summary.runs.total).toBe(4);
    expect(summary.results.map((r: { seed: number }) => r.seed).every((s: number) => Number.isInteger(s))).toBe(true);

    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(after.dir, 'junit.xml'), 'utf8'));
    const cases = [xml.testsuites.testsuite.testcase].flat();
    expect(cases.length).toBe(4 * 8);
    expect(Number(xml.testsuites['@_tests'])).toBe(32);
    expect(new Set(cases.map((c: Record<string, string>) => c['@_name']))).toContain('eviction');

    const html = readFileSync(join(after.dir, 'index.html'), 'utf8');
    expect(html).toContain('phiThreshold=5');
    expect(html).toContain('phiThreshold=12');
    expect(await labResources()).toEqual({ containers: [], networks: [] });
  });

  it('refuses a bad campaign file before any run, naming the field', async () => {
    const store = tempStore();
    const { writeFileSync } = await import('node:fs');
    const bad = join(store, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nseed: 1\nscenarios: [default]\nmatrix: {params: {suspicionMultt: [4, 5]}}\n');
    const r = await gossiplab(['campaign', bad], store);
    expect(r.exitCode).toBe(2);
    expect(r.all?.trim().split('\n')).toHaveLength(1);
    expect(r.all).toContain('matrix.params.suspicionMultt');
    expect(existsSync(join(store, 'campaigns'))).toBe(false);
  });
});

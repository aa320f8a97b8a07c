// JUnit XML for CI systems: one test case per run and checker. An anomaly is a
// <failure> citing the violations; an unknown verdict is an <error>.

import type { CheckerResult } from '../../checkers/types.js';

export interface JunitRun {
  key: string;
  seed: number;
  seconds: number;
  results: Record<string, CheckerResult> | undefined;
  /** Why the run produced no results (harness failure, interruption). */
  error?: string;
}

const esc = (s: string): string => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]!));

export function junitXml(name: string, runs: readonly JunitRun[]): string {
  let tests = 0, failures = 0, errors = 0;
  const cases: string[] = [];
  for (const r of runs) {
    const classname = esc(`${name}.${r.key.replace(/\//g, '.')}`);
    if (!r.results) {
      tests++; errors++;
      cases.push(`  <testcase classname="${classname}" name="run" time="${r.seconds.toFixed(1)}"><error message="${esc(r.error ?? 'no results')}"/></testcase>`);
      continue;
    }
    const entries = Object.entries(r.results);
    for (const [checker, res] of entries) {
      tests++;
      let body = '';
      if (res.valid === false) {
        failures++;
        const msg = res.violations.slice(0, 20).map((v) => `${v.message} (history lines ${v.lines.join(', ')})`).join('\n');
        body = `<failure message="${esc(res.violations[0]?.message ?? 'anomaly')}">${esc(`seed ${r.seed}\n${msg}`)}</failure>`;
      } else if (res.valid !== true) {
        errors++;
        body = `<error message="${esc(res.error ?? 'verdict unknown')}"/>`;
      }
      cases.push(`  <testcase classname="${classname}" name="${esc(checker)}" time="${(r.seconds / entries.length).toFixed(2)}">${body}</testcase>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${esc(name)}" tests="${tests}" failures="${failures}" errors="${errors}">\n` +
    `<testsuite name="${esc(name)}" tests="${tests}" failures="${failures}" errors="${errors}">\n${cases.join('\n')}\n</testsuite>\n</testsuites>\n`;
}

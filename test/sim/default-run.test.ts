// The shipped default scenario (a crash, a pause, a lossy node, a halves
// partition on 5 nodes) runs in the simulator to a valid verdict through the same
// analyzeRun as a docker run: results.json and the report are written.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/scenario.js';
import { runSimScenario } from '../../src/sim/index.js';

describe('default scenario in the simulator', () => {
  it('reaches a valid verdict, with every checker valid, in virtual time', async () => {
    const store = mkdtempSync(join(tmpdir(), 'gossiplab-sim-default-'));
    const s = loadScenario('default', { seed: 42 });
    const r = await runSimScenario(s, { storeRoot: store });
    const results = JSON.parse(readFileSync(r.dir.results, 'utf8'));
    const bad = Object.entries(results.results as Record<string, { valid: unknown; violations: { message: string }[] }>)
      .filter(([, v]) => v.valid !== true).map(([k, v]) => `${k}: ${String(v.valid)} ${v.violations.map((x) => x.message).join('; ')}`);
    expect(bad, `replay: gossiplab run scenarios/default.yaml --runtime sim --seed 42`).toEqual([]);
    expect(r.analysis?.valid).toBe(true);
    expect(r.analysis?.exitCode).toBe(0);
    expect(existsSync(r.dir.report)).toBe(true);
    expect(existsSync(join(store, 'latest'))).toBe(true);
    // the run lasts warmup + nemesis + quiesce in virtual time
    expect(r.simulatedMs).toBeGreaterThan(s.warmup + s.duration);
  }, 60_000);
});

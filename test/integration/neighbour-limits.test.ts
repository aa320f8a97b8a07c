// A lab large enough to crowd the host's neighbour (ARP) table raises the
// kernel's thresholds while it runs, on the real /proc/sys, and puts back the
// values it found when it is torn down; the run's notes say both, and nothing
// of the run is left: no container, no network, no ledger record.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noDocker, labResources } from './lab.js';
import { DockerLab } from '../../src/runtime/docker/lab.js';
import { ensureNodeImage } from '../../src/runtime/docker/image.js';
import { NEIGH_LEDGER, entriesFor } from '../../src/runtime/docker/neighbour-limits.js';
import { labSpecs } from '../../src/bench/bringup.js';
import { newRunId } from '../../src/run/pipeline.js';

const PROC = '/proc/sys/net/ipv4/neigh/default';
const thresholds = (): number[] => [1, 2, 3].map((i) => Number(readFileSync(join(PROC, `gc_thresh${i}`), 'utf8')));

describe.skipIf(noDocker)('the host\'s neighbour-table thresholds', () => {
  it('are raised for a 20-node lab while it runs and put back at teardown', async () => {
    const image = await ensureNodeImage(() => {});
    const before = thresholds();
    const runId = newRunId();
    const lab = new DockerLab(runId, { image: image.tag, capabilities: { netem: false, tbf: false, clock: false, cpu: false, leave: true } });
    let during: number[] = [];
    let report;
    try {
      await lab.start(labSpecs(20), () => {}, new AbortController().signal);
      during = thresholds();
      expect(existsSync(join(NEIGH_LEDGER, `${runId}.json`))).toBe(true);
    } finally {
      report = await lab.teardown();
    }
    expect(during).toEqual(before.map((v) => v + entriesFor(20)));
    expect(thresholds()).toEqual(before);
    expect(report.notes?.[0]).toContain(`raised net.ipv4.neigh.default.gc_thresh1/2/3 from ${before.join('/')} to ${during.join('/')}`);
    expect(report.notes?.[1]).toContain(`put back to ${before.join('/')}`);
    expect(report.leftovers).toEqual([]);
    expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
    expect(existsSync(join(NEIGH_LEDGER, `${runId}.json`))).toBe(false);
  });
});

// The size check before a Docker run: which limit a cluster hits, with the
// figure it needs and the figure available, on hand-written host figures.

import { describe, expect, it } from 'vitest';
import { FDS_PER_NODE, FDS_RESERVED, MIB_PER_NODE, MIB_RESERVED, TASKS_PER_NODE, limitMessage, limitsHit, peakNodes, type HostFigures } from '../../src/runtime/docker/limits.js';
import { assertClusterFits } from '../../src/runtime/docker/preflight.js';

const GiB = 2 ** 30;
const roomy: HostFigures = { memAvailable: 22 * GiB, openFiles: 20_000, tasksMax: 4_194_304, tasksNow: 300 };
const scenario = (nodes: number, schedule: { kind: string; duration: number; params: Record<string, unknown> }[] = []) =>
  ({ cluster: { nodes }, schedule, duration: 60_000 }) as unknown as Parameters<typeof peakNodes>[0];

describe('cluster size limits', () => {
  it('lets 200 and 500 nodes through on a roomy 24 GiB host', () => {
    expect(limitsHit(200, roomy)).toEqual([]);
    expect(limitsHit(500, roomy)).toEqual([]);
  });

  it('refuses more nodes than the lab subnet has addresses, with both figures', () => {
    const hits = limitsHit(1022, { ...roomy, memAvailable: 1000 * GiB });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ limit: 'addresses in the lab subnet', required: 1022, available: 1021 });
    expect(limitsHit(1021, { ...roomy, memAvailable: 1000 * GiB })).toEqual([]);
  });

  it('counts memory per node plus a reserve against what is available', () => {
    const avail = 8 * GiB; // 8192 MiB: (8192 - reserve) / per node fit
    const fit = Math.floor((8192 - MIB_RESERVED) / MIB_PER_NODE);
    expect(limitsHit(fit, { ...roomy, memAvailable: avail })).toEqual([]);
    const [hit] = limitsHit(fit + 1, { ...roomy, memAvailable: avail });
    expect(hit).toMatchObject({ limit: 'memory', required: (fit + 1) * MIB_PER_NODE + MIB_RESERVED, available: 8192, unit: 'MiB' });
    expect(hit!.fix).toContain(`at most ${fit} nodes`);
  });

  it('counts descriptors and tasks per node, and says how to raise them', () => {
    const tight: HostFigures = { ...roomy, openFiles: 1024, tasksMax: 32_768, tasksNow: 30_000 };
    const hits = limitsHit(300, tight);
    const files = hits.find((h) => h.limit === 'open files');
    expect(files).toMatchObject({ required: 300 * FDS_PER_NODE + FDS_RESERVED, available: 1024 });
    expect(files!.fix).toContain('ulimit -n 2048');
    const tasks = hits.find((h) => h.limit.startsWith('tasks'));
    expect(tasks).toMatchObject({ required: 300 * TASKS_PER_NODE, available: 2768 });
    expect(tasks!.fix).toContain('kernel.pid_max=');
  });

  it('counts the nodes churn adds to the cluster', () => {
    expect(peakNodes(scenario(10))).toBe(10);
    // 6 changes a minute for 60 s: half are joins, plus one for a partial period.
    expect(peakNodes(scenario(10, [{ kind: 'churn', duration: 60_000, params: { rate: 6 } }]))).toBe(14);
    expect(peakNodes(scenario(10, [{ kind: 'crash', duration: 60_000, params: {} }]))).toBe(10);
  });

  it('names every limit hit in one message, and says nothing was started', () => {
    const m = limitMessage(5000, limitsHit(5000, { ...roomy, openFiles: 1024 }));
    expect(m).toMatch(/^5000 nodes will not fit on this host\./);
    expect(m).toContain('addresses in the lab subnet: 5000 addresses required');
    expect(m).toContain('1021 available');
    expect(m).toMatch(/memory: \d+ MiB required .* 22528 available/);
    expect(m).toContain('open files: 20128 descriptors required');
    expect(m).toMatch(/Nothing was started\.$/);
  });

  it('throws a GOSSIPLAB_LIMIT error for a scenario that does not fit, and nothing for one that does', () => {
    expect(() => assertClusterFits(scenario(2000), roomy)).toThrow(expect.objectContaining({ code: 'GOSSIPLAB_LIMIT' }));
    expect(() => assertClusterFits(scenario(50), roomy)).not.toThrow();
  });
});

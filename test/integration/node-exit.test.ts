// A node whose process ends on its own (an implementation that crashes, or an
// adapter that refuses to start) is reported in the history and the report,
// never silently missing; a node the lab kills on purpose is not reported so.

import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gossiplab, labResources, noDocker, tempStore } from './lab.js';
import { NODE_BUNDLE } from '../../src/paths.js';
import type { HistoryEvent } from '../../src/history/types.js';

describe.skipIf(noDocker)('a node that ends on its own', () => {
  it('is named in the history, on the console and in the report, with its exit status; a killed node is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-exit-'));
    // The user's program: the lab's own node, except that n3 gives up after 2 s with status 3.
    const program = join(dir, 'fragile-node');
    writeFileSync(program, '#!/usr/local/bin/node\n'
      + 'if (process.env.GOSSIP_NODE_ID === \'n3\') setTimeout(() => { process.stderr.write(\'n3 gives up\\n\'); process.exit(3); }, 2000);\n'
      + `await import(${JSON.stringify(NODE_BUNDLE)});\n`);
    chmodSync(program, 0o755);
    const file = join(dir, 'fragile.yaml');
    writeFileSync(file, [
      'cluster:', '  nodes: 3', `  implementation: {program: ${program}, files: [${NODE_BUNDLE}]}`,
      'warmup: 3s', 'duration: 6s', 'quiesce: 5s', 'nemesis:', '  - {kind: crash, at: 1s, node: n2}', '',
    ].join('\n'));
    const store = tempStore();
    const r = await gossiplab(['run', file, '--seed', '5'], store, { timeout: 120_000 });
    const d = join(store, readlinkSync(join(store, 'latest')));
    const events = readFileSync(join(d, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
    const notes = events.filter((e): e is Extract<HistoryEvent, { type: 'note' }> => e.type === 'note' && e.level === 'error');
    expect(notes.map((n) => [n.node, n.message]), r.all).toEqual([['n3', 'n3\'s process ended on its own (exit status 3); its last words are in nodes/n3.log']]);
    expect(events.some((e) => e.type === 'node' && e.node === 'n2' && e.event === 'killed')).toBe(true);
    expect(r.all).toContain('n3\'s process ended on its own (exit status 3)');
    expect(readFileSync(join(d, 'index.html'), 'utf8')).toContain('n3&#39;s process ended on its own (exit status 3)');
    expect(readFileSync(join(d, 'nodes', 'n3.log'), 'utf8')).toContain('n3 gives up');
    const run = events[0]!;
    expect(await labResources(run.type === 'run' ? run.runId : 'none')).toEqual({ containers: [], networks: [] });
  }, 150_000);
});

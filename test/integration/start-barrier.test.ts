// The start barrier, seen from the host: while a cluster's containers are still
// being started, every node that has said `ready` is stopped (its processes in
// state T) and learns of no member started after it said so; once the last
// container has started they all run and the cluster forms. Without the barrier
// the same nodes run and learn of the later ones while the rest start, which is
// what the barrier is for.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { noDocker, labResources } from './lab.js';
import { docker } from '../../src/runtime/docker/engine.js';
import { DockerLab } from '../../src/runtime/docker/lab.js';
import { ensureNodeImage } from '../../src/runtime/docker/image.js';
import { pidsOfContainer } from '../../src/runtime/docker/container-pids.js';
import { containerName } from '../../src/labels.js';
import { labSpecs } from '../../src/bench/bringup.js';
import { newRunId } from '../../src/run/pipeline.js';

const N = 6;

interface Seen {
  /** Per node, the host pids of its container, looked up once it said `ready`. */
  pids: Map<string, number[]>;
  /** When the last node's container had been created: each earlier node's processes' states, and the members each had learned of. */
  atLastStart?: { states: Map<string, string[]>; learned: Map<string, Set<string>> };
  /** When each node's ready line was read (it is held from then on), and when each node's container had been created. */
  readyAt: Map<string, number>;
  createdAt: Map<string, number>;
  /** Members each node has seen alive, over the whole run. */
  alive: Map<string, Set<string>>;
  /** Whether every node's processes were running when `start` returned. */
  runningAfter?: boolean;
}

/** The state letter of a process (R, S, T ...), or '?' once it is gone. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '?';
  }
}

async function startCluster(holdStart: boolean): Promise<Seen> {
  const image = await ensureNodeImage(() => {});
  const runId = newRunId();
  const lab = new DockerLab(runId, {
    image: image.tag, concurrency: 1, holdStart,
    capabilities: { netem: false, tbf: false, clock: false, cpu: false, leave: true },
  });
  const seen: Seen = { pids: new Map(), alive: new Map(), readyAt: new Map(), createdAt: new Map() };
  const learnedSoFar = new Map<string, Set<string>>();
  const sink = (node: string, line: string): void => {
    if (line.includes('"type":"ready"')) {
      seen.readyAt.set(node, performance.now());
      // The barrier holds a node when its ready line is read; its pids are what the check below looks at.
      void docker().getContainer(containerName(runId, node)).inspect()
        .then((c) => seen.pids.set(node, pidsOfContainer(c.Id)), () => {});
    }
    if (!line.includes('"type":"member"')) return;
    const m = JSON.parse(line) as { member: string; state: string };
    if (m.member === node) return;
    if (!learnedSoFar.has(node)) learnedSoFar.set(node, new Set());
    learnedSoFar.get(node)!.add(m.member);
    if (!seen.alive.has(node)) seen.alive.set(node, new Set());
    if (m.state === 'alive') seen.alive.get(node)!.add(m.member);
    else seen.alive.get(node)!.delete(m.member);
  };
  const specs = labSpecs(N);
  const last = specs[specs.length - 1]!.id;
  try {
    await lab.start(specs, sink, new AbortController().signal, (addr) => {
      // Called once a container exists, before it is started; for the last one, every other node has been started.
      seen.createdAt.set(addr.id, performance.now());
      if (addr.id !== last) return;
      const states = new Map([...seen.pids].map(([node, pids]) => [node, pids.map(stateOf)]));
      const learned = new Map([...learnedSoFar].map(([node, s]) => [node, new Set(s)]));
      seen.atLastStart = { states, learned };
    });
    seen.runningAfter = [...seen.pids.values()].flat().every((p) => stateOf(p) !== 'T');
    // The cluster forms once released: every node sees every other alive (bounded wait).
    for (let i = 0; i < 300 && !formed(seen); i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    const report = await lab.teardown();
    expect(report.leftovers).toEqual([]);
  }
  expect(await labResources(runId)).toEqual({ containers: [], networks: [] });
  return seen;
}

/** Per node, the members it had learned of at the last start whose containers were created after the node said ready. */
function learnedAfterReady(seen: Seen): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [node, members] of seen.atLastStart!.learned) {
    const ready = seen.readyAt.get(node) ?? Infinity;
    const later = [...members].filter((m) => (seen.createdAt.get(m) ?? -Infinity) > ready);
    if (later.length) out.set(node, later);
  }
  return out;
}

function formed(seen: Seen): boolean {
  return seen.alive.size === N && [...seen.alive.values()].every((s) => s.size === N - 1);
}

describe.skipIf(noDocker)('the start barrier', () => {
  it('holds every ready node while the rest start, then releases them into one cluster', async () => {
    const held = await startCluster(true);
    const at = held.atLastStart!;
    // Started one at a time, most of the first five have said ready before the sixth is created.
    expect(at.states.size).toBeGreaterThanOrEqual(2);
    for (const [node, states] of at.states) expect({ node, states: states.filter((s) => s !== 'T') }).toEqual({ node, states: [] });
    // A node may have heard from nodes that started before it was held (started one at a time, a ready line can
    // come after the next node's join), but a held node cannot learn of one started after it.
    expect(Object.fromEntries(learnedAfterReady(held))).toEqual({});
    expect(held.runningAfter).toBe(true);
    expect(formed(held)).toBe(true);

    // The same start without the barrier: the early nodes run, and have found each other, while the last is still to start.
    const free = await startCluster(false);
    const running = [...free.atLastStart!.states.values()].filter((states) => states.every((s) => s !== 'T'));
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(learnedAfterReady(free).size).toBeGreaterThanOrEqual(2);
    expect(formed(free)).toBe(true);
  });
});

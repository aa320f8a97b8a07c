import { describe, expect, it } from 'vitest';
import { linksBetween, partition, sidesFor } from '../../faults/partition.js';
import { majoritiesRing } from '../../faults/partition-shapes.js';
import { FaultParamError } from '../../faults/params.js';
import type { Link } from '../../src/history/types.js';
import { createRng } from '../../src/seed.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
const key = ([a, b]: Link): string => `${a}>${b}`;
const cutSet = (links: Link[]): string[] => links.map(key).sort();

/** Resolve a partition entry and return the directed links it cuts. */
function cut(entry: Record<string, unknown>, seed = 1, cluster = nodes): Link[] {
  const params = partition.resolve({ kind: 'partition', ...entry }, cluster, createRng(seed));
  return partition.links!(params);
}

/** Who `to` still hears: every node whose packets reach it (itself included). */
function hears(links: Link[], to: string, cluster = nodes): string[] {
  const dropped = new Set(links.filter(([, b]) => b === to).map(([a]) => a));
  return cluster.filter((n) => !dropped.has(n));
}

describe('partition shapes', () => {
  it('two halves cut every directed link between the halves and no other', () => {
    const sides = sidesFor('halves', nodes, createRng(1));
    expect(sides).toEqual([['n1', 'n2'], ['n3', 'n4', 'n5']]);
    const links = linksBetween(sides);
    expect(links).toHaveLength(2 * 3 * 2);
    expect(links).toContainEqual(['n1', 'n3']);
    expect(links).toContainEqual(['n5', 'n2']);
    expect(links).not.toContainEqual(['n1', 'n2']);
    expect(links).not.toContainEqual(['n3', 'n4']);
    expect(cutSet(cut({ shape: 'halves' }))).toEqual(cutSet(links));
  });

  it('isolating one node cuts its links in both directions only', () => {
    const links = cut({ shape: 'isolate', node: 'n3' });
    expect(links).toHaveLength(8);
    expect(links.every(([a, b]) => a === 'n3' || b === 'n3')).toBe(true);
    expect(hears(links, 'n3')).toEqual(['n3']);
  });

  it('random halves cover every node exactly once', () => {
    const sides = sidesFor('random-halves', nodes, createRng(7));
    expect(sides.flat().sort()).toEqual([...nodes].sort());
    expect(Math.abs(sides[0]!.length - sides[1]!.length)).toBeLessThanOrEqual(1);
  });

  it('a grudge cuts exactly the listed senders at each receiver, one way', () => {
    const links = cut({ shape: 'grudge', grudge: { n1: ['n2', 'n3'], n4: ['n5'] } });
    expect(cutSet(links)).toEqual(['n2>n1', 'n3>n1', 'n5>n4']);
  });

  it('one-way: the `to` nodes drop the `from` nodes, who still hear them', () => {
    const links = cut({ shape: 'one-way', from: ['n1', 'n2'], to: ['n4', 'n5'] });
    expect(cutSet(links)).toEqual(['n1>n4', 'n1>n5', 'n2>n4', 'n2>n5']);
    expect(hears(links, 'n1')).toEqual(nodes);
    expect(hears(links, 'n4')).toEqual(['n3', 'n4', 'n5']);
  });

  it('a bridge node hears and is heard by all; the two halves are cut from each other both ways, and nothing else', () => {
    for (const seed of [1, 2, 3, 4]) {
      const params = partition.resolve({ kind: 'partition', shape: 'bridge' }, nodes, createRng(seed));
      const links = partition.links!(params);
      const b = params.bridge as string;
      expect(links.some(([x, y]) => x === b || y === b)).toBe(false);
      const rest = nodes.filter((n) => n !== b);
      const a = hears(links, rest[0]!).filter((n) => n !== b);
      const other = rest.filter((n) => !a.includes(n));
      expect([a.length, other.length]).toEqual([2, 2]);
      expect(cutSet(links)).toEqual(cutSet(linksBetween([a, other])));
    }
    expect(cut({ shape: 'bridge', node: 'n3' }).some(([x, y]) => x === 'n3' || y === 'n3')).toBe(false);
  });

  it('majorities-ring: every node hears exactly a majority, and the majorities overlap in a ring', () => {
    for (const n of [3, 4, 5, 6, 7]) {
      const cluster = nodes.concat(['n6', 'n7']).slice(0, n);
      const links = cut({ shape: 'majorities-ring' }, n, cluster);
      const m = Math.floor(n / 2) + 1;
      const views = cluster.map((x) => hears(links, x, cluster));
      for (const v of views) expect(v).toHaveLength(m);
      expect(links).toHaveLength(n * (n - m));
      // No node is a majority apart from everyone: every two views share a node.
      for (const v of views) for (const w of views) expect(v.some((x) => w.includes(x))).toBe(true);
    }
  });

  it('majorities-ring on five nodes is symmetric: neighbours on the ring hear each other', () => {
    const g = majoritiesRing(nodes, createRng(3));
    for (const [to, froms] of Object.entries(g)) for (const from of froms) expect(g[from]).toContain(to);
  });

  it('targets are exactly the nodes with a cut link', () => {
    const params = partition.resolve({ kind: 'partition', shape: 'grudge', grudge: { n2: ['n4'] } }, nodes, createRng(1));
    expect(partition.targets(params)).toEqual(['n2', 'n4']);
  });

  it('refuses shapes the cluster is too small for, and unknown nodes, naming the field', () => {
    expect(() => cut({ shape: 'bridge' }, 1, ['n1', 'n2'])).toThrow(FaultParamError);
    expect(() => cut({ shape: 'majorities-ring' }, 1, ['n1', 'n2'])).toThrow(/at least 3 nodes/);
    const e = (() => { try { cut({ shape: 'grudge', grudge: { n1: ['n9'] } }); } catch (x) { return x as FaultParamError; } })();
    expect(e?.field).toBe('grudge.n1.0');
    expect(() => cut({ shape: 'grudge', grudge: { n1: ['n1'] } })).toThrow(/other than n1/);
  });

  it('a random isolated or bridge node is never one that is gone for good', () => {
    for (let seed = 0; seed < 30; seed++) {
      const params = partition.resolve({ kind: 'partition', shape: 'isolate', node: 'random' }, nodes, createRng(seed), new Set(['n1', 'n2', 'n3']));
      expect(['n4', 'n5']).toContain((params.sides as string[][])[0]![0]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { linksBetween, sidesFor } from '../../faults/partition.js';
import { createRng } from '../../src/seed.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];

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
  });

  it('isolating one node cuts its links in both directions only', () => {
    const links = linksBetween(sidesFor('isolate', nodes, createRng(1), 'n3'));
    expect(links).toHaveLength(8);
    expect(links.every(([a, b]) => a === 'n3' || b === 'n3')).toBe(true);
  });

  it('random halves cover every node exactly once', () => {
    const sides = sidesFor('random-halves', nodes, createRng(7));
    expect(sides.flat().sort()).toEqual([...nodes].sort());
    expect(Math.abs(sides[0]!.length - sides[1]!.length)).toBeLessThanOrEqual(1);
  });
});

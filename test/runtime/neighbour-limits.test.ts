import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NeighbourLimits, entriesFor } from '../../src/runtime/docker/neighbour-limits.js';

// A directory that stands in for /proc/sys/net/ipv4/neigh/default (the real one is
// written by the docker integration test), and a ledger of its own.
let root: string;
let proc: string;
let ledger: string;
const dead = new Set<number>();

function kernel(): string {
  return ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'].map((k) => readFileSync(join(proc, k), 'utf8').trim()).join('/');
}
function limits(): NeighbourLimits {
  return new NeighbourLimits({ proc, ledger, alive: (pid) => !dead.has(pid) });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'neigh-'));
  proc = join(root, 'proc');
  ledger = join(root, 'ledger');
  mkdirSync(proc);
  for (const [k, v] of [['gc_thresh1', 128], ['gc_thresh2', 512], ['gc_thresh3', 1024]] as const) writeFileSync(join(proc, k), `${v}\n`);
  dead.clear();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the host\'s neighbour-table thresholds', () => {
  it('a 50-node run needs more entries than the kernel\'s default hard limit', () => {
    expect(entriesFor(50)).toBe(2550);
    expect(entriesFor(50)).toBeGreaterThan(1024);
  });

  it('a small run changes nothing and leaves no record', () => {
    expect(limits().raise('r1', 10)).toBeUndefined();
    expect(kernel()).toBe('128/512/1024');
    expect(limits().release('r1')).toBeUndefined();
    expect(existsSync(ledger) ? readdirSync(ledger) : []).toEqual([]);
  });

  it('a large run raises all three by what it needs, records it under its run id, and puts the values back at its end', () => {
    const note = limits().raise('r1', 50);
    expect(note).toMatch(/from 128\/512\/1024 to 2678\/3062\/3574/);
    expect(kernel()).toBe('2678/3062/3574');
    expect(JSON.parse(readFileSync(join(ledger, 'r1.json'), 'utf8'))).toMatchObject({ label: 'gossiplab.run=r1', nodes: 50, entries: 2550 });
    expect(limits().release('r1')).toMatch(/put back to 128\/512\/1024/);
    expect(kernel()).toBe('128/512/1024');
    expect(readdirSync(ledger)).toEqual([]);
  });

  it('overlapping runs add up; the values found come back only when the last one ends', () => {
    limits().raise('r1', 50);
    limits().raise('r2', 20);
    expect(kernel()).toBe(`${128 + 2550 + 420}/${512 + 2550 + 420}/${1024 + 2550 + 420}`);
    expect(limits().release('r1')).toMatch(/lowered to 548\/932\/1444 \(other lab runs/);
    expect(kernel()).toBe('548/932/1444');
    limits().release('r2');
    expect(kernel()).toBe('128/512/1024');
  });

  it('a run that grows (churn adds nodes) raises again', () => {
    limits().raise('r1', 50);
    expect(limits().raise('r1', 50)).toBeUndefined();
    limits().raise('r1', 60);
    expect(kernel()).toBe(`${128 + 3660}/${512 + 3660}/${1024 + 3660}`);
  });

  it('the record of a run whose controller died is dropped by the next run, and the values found come back', () => {
    limits().raise('r1', 50);
    dead.add(process.pid);
    expect(limits().raise('r2', 10)).toBeUndefined();
    expect(kernel()).toBe('128/512/1024');
    expect(readdirSync(ledger)).toEqual([]);
  });

  it('values someone else changed while the run held them are left as they are, and the run says so', () => {
    limits().raise('r1', 50);
    writeFileSync(join(proc, 'gc_thresh3'), '100000\n');
    expect(limits().release('r1')).toMatch(/are 2678\/3062\/100000, not the 2678\/3062\/3574 the lab set: changed by someone else/);
    expect(kernel()).toBe('2678/3062/100000');
  });

  it('clean forgets every record and puts the values back', () => {
    limits().raise('r1', 50);
    limits().raise('r2', 30);
    const r = limits().clean();
    expect(r[0]).toMatch(/put back to 128\/512\/1024/);
    expect(r.slice(1).sort()).toEqual([join(ledger, 'r1.json'), join(ledger, 'r2.json')]);
    expect(kernel()).toBe('128/512/1024');
    expect(limits().clean()).toEqual([]);
  });
});

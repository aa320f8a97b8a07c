// The CPU time a bring-up figure is made of: the machine's busy time must hold at
// least the CPU this very process burned meanwhile, or the per-start figure lies.

import { describe, expect, it } from 'vitest';
import { cpuTime } from '../../src/bench/machine.js';

describe('cpuTime', () => {
  it('counts the CPU a process burns in the machine\'s busy time', () => {
    const before = cpuTime();
    const own0 = process.cpuUsage();
    let x = 0;
    while ((process.cpuUsage(own0).user + process.cpuUsage(own0).system) < 300_000) x += Math.sqrt(x + 1);
    const burned = (process.cpuUsage(own0).user + process.cpuUsage(own0).system) / 1e6;
    const after = cpuTime();
    expect(x).toBeGreaterThan(0);
    // /proc counts in ticks of 10 ms: allow two of them for the rounding at either end.
    expect(after.machine - before.machine).toBeGreaterThanOrEqual(burned - 0.02);
    expect(after.engine).toBeGreaterThanOrEqual(before.engine);
  });
});

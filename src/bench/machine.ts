// The machine a benchmark ran on, printed with every table of figures: figures
// without the machine they came from cannot be compared. How busy the machine
// was matters as much on a shared host: load average and CPU pressure (PSI).

import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { engineVersion } from '../runtime/docker/engine.js';

export interface Machine { cores: number; cpu: string; memoryGiB: number; kernel: string; node: string; docker: string | null }

export async function describeMachine(): Promise<Machine> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    docker: (await engineVersion()) ?? null,
  };
}

export interface Busy {
  /** 1-minute load average. */
  load: number;
  /** Share of the last 60 s in which some task waited for a CPU (%), where the kernel reports it. */
  cpuPressure: number | null;
}

export function howBusy(): Busy {
  let cpuPressure: number | null = null;
  try {
    const m = /^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    if (m?.[1]) cpuPressure = Number(m[1]);
  } catch { /* no PSI on this kernel */ }
  return { load: Math.round((loadavg()[0] ?? 0) * 10) / 10, cpuPressure };
}

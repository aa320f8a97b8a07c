// The machine a benchmark ran on, printed with every table of figures: figures
// without the machine they came from cannot be compared. How busy the machine
// was matters as much on a shared host: load average and CPU pressure (PSI).

import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU time, seconds, from /proc: the whole machine's busy time, and the Docker engine's (dockerd and containerd). */
export interface CpuTime { machine: number; engine: number }

const TICK = 100;

/**
 * The machine's busy CPU time (every state but idle and iowait, from /proc/stat)
 * and the engine's: dockerd's and containerd's own time plus that of the
 * children they reaped (the iptables runs and dockerd's re-executions of itself
 * that set up each container's network). Runc and the shims are left out of the
 * engine's figure: their time is reaped by processes outside the engine.
 */
export function cpuTime(): CpuTime {
  let machine = 0;
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    machine = f.reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0);
  } catch { /* not Linux */ }
  let engine = 0;
  for (const pid of pidsNamed(['dockerd', 'containerd'])) engine += processTicks(pid);
  return { machine: machine / TICK, engine: engine / TICK };
}

function pidsNamed(names: readonly string[]): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try { entries = readdirSync('/proc'); } catch { return out; }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (names.includes(readFileSync(`/proc/${e}/comm`, 'utf8').trim())) out.push(Number(e));
    } catch { /* it ended meanwhile */ }
  }
  return out;
}

/** utime + stime + cutime + cstime of a process, in ticks (0 if it is gone). */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return 0;
  }
}

// The machine a benchmark ran on, printed with every table of figures: figures
// without the machine they came from cannot be compared.

import { cpus, release, totalmem } from 'node:os';
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

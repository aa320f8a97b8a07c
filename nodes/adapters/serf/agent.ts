// The Serf agent as a child process: started with the adapter's configuration
// file, its log read line by line (every line is also passed to stderr, for the
// node's log), and ended with the adapter. Serf needs no shell: there is none.

import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const SERF_BINARY = '/usr/bin/serf';

export function startAgent(config: Record<string, unknown>, onLine: (line: string) => void): ChildProcess {
  const file = `/tmp/serf-${process.pid}.json`;
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(SERF_BINARY, ['agent', `-config-file=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream!, crlfDelay: Infinity }).on('line', (l) => {
      process.stderr.write(`serf: ${l.trim()}\n`);
      onLine(l);
    });
  }
  return child;
}

// Checks one history file and prints what it cost as JSON: run in a process of
// its own by the checker benchmark, so that peak memory is the checkers' alone.
// Usage: node dist/src/bench/check-file.js <history.jsonl> [threads: 1 or 2; default as `gossiplab check`] [--no-index]
// (--no-index: pass 1 reads the whole file even when the history has an index).

import { getHeapStatistics } from 'node:v8';
import { checkHistoryFile } from '../run/check-history.js';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: check-file.js <history.jsonl>\n');
  process.exit(2);
}
let peakHeap = 0;
const sample = (): void => { peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size); };
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const threads = process.argv[3] === '1' ? 1 : process.argv[3] === '2' ? 2 : undefined;
const index = !process.argv.includes('--no-index');
const { report, lines, waited } = checkHistoryFile(path, {}, { sample, index, ...(threads ? { threads } : {}) });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
sample();
const verdicts = Object.fromEntries(Object.entries(report.results).map(([k, r]) => [k, r.valid]));
process.stdout.write(JSON.stringify({ lines, ms, cpuMs, peakRssMiB: process.resourceUsage().maxRSS / 1024, peakHeapMiB: peakHeap / 2 ** 20, valid: report.valid, verdicts, ...(waited ? { waited } : {}) }) + '\n');

// npm run bench: runs every benchmark, prints a table with the machine's
// description, and writes bench/results.json. Figures only: nothing is asserted.
// Needs a build (npm start or npm test does it).
import { writeFileSync } from 'node:fs';
import { describeMachine } from '../dist/src/bench/machine.js';
import { checkerFigures, reportFigures } from '../dist/src/bench/figures.js';

const only = process.argv.slice(2);
const benches = { report: () => reportFigures(), checkers: () => checkerFigures(Number(process.env.BENCH_EVENTS ?? 10_000_000)) };
const machine = await describeMachine();
console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, kernel ${machine.kernel}, node ${machine.node}, docker ${machine.docker ?? 'none'}`);
const figures = [];
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  for (const f of await run()) {
    figures.push({ bench: name, ...f });
    console.log(`${f.name.padEnd(48)} ${String(f.value).padStart(12)} ${f.unit}${f.note ? `   (${f.note})` : ''}`);
  }
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2) + '\n');

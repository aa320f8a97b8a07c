// npm run bench: runs every benchmark script, each in its own process, prints a
// table with the machine's description and keeps the figures in
// bench/results.json. Figures only: nothing is asserted. See bench/README.md for
// the convention a script follows. Needs the build (npm run build).
//   node bench/run.mjs [name …]     e.g. node bench/run.mjs docker-bringup report
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine, howBusy } from '../dist/src/bench/machine.js';
import { parseBenchOutput } from '../dist/src/bench/collect.js';

// In this order; a script that is not there is skipped with a word.
const BENCHES = [
  { name: 'report' },
  { name: 'report-open', node: ['--max-old-space-size=8000'] },
  { name: 'checkers' },
  { name: 'sim-scale', node: ['--max-old-space-size=16000'] },
  { name: 'docker-bringup' },
  { name: 'docker-traffic' },
  { name: 'docker-soak', node: ['--max-old-space-size=12000'] },
];
const only = process.argv.slice(2);
const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length) {
  process.stderr.write(`bench/run.mjs: unknown bench ${unknown.join(', ')}; expected one of ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
const machine = await describeMachine();
const started = new Date().toISOString();
const runs = [];
const figures = [];

for (const b of BENCHES) {
  if (only.length && !only.includes(b.name)) continue;
  const script = fileURLToPath(new URL(`./${b.name}.mjs`, import.meta.url));
  if (!existsSync(script)) { process.stderr.write(`${b.name}: bench/${b.name}.mjs is not there; skipped\n`); continue; }
  const before = howBusy();
  process.stderr.write(`running ${b.name} (load average ${before.load})…\n`);
  const t0 = performance.now();
  const { code, stdout } = await runScript(script, b.node ?? []);
  const out = parseBenchOutput(stdout);
  const run = { bench: b.name, date: new Date().toISOString(), exitCode: code, seconds: Math.round((performance.now() - t0) / 100) / 10,
    busy: { before, after: howBusy() }, ...(out.text.length ? { text: out.text } : {}) };
  runs.push(run);
  for (const f of out.figures) figures.push({ bench: b.name, ...f });
  if (code !== 0) process.stderr.write(`${b.name}: exit code ${code}\n`);
}

// Benches that did not run this time keep their earlier figures, marked with their own date.
const ran = new Set(runs.map((r) => r.bench));
const kept = (previous.runs ?? []).filter((r) => !ran.has(r.bench));
const keptFigures = (previous.figures ?? []).filter((f) => !ran.has(f.bench));
const all = { date: started, machine, runs: [...kept, ...runs], figures: [...keptFigures, ...figures] };
writeFileSync(resultsFile, JSON.stringify(all, null, 2) + '\n');

console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, kernel ${machine.kernel}, node ${machine.node}, docker ${machine.docker ?? 'none'}`);
for (const r of all.runs) {
  const busy = (b) => (b ? `load ${b.load}${b.cpuPressure === null ? '' : `, CPU pressure ${b.cpuPressure}%`}` : '?');
  console.log(`\n${r.bench}: ${r.date}, ${r.seconds} s, exit ${r.exitCode}; before: ${busy(r.busy?.before)}; after: ${busy(r.busy?.after)}`);
  for (const f of all.figures.filter((x) => x.bench === r.bench)) {
    const v = f.value === null ? 'n/a' : String(f.value);
    console.log(`  ${f.name.padEnd(52)} ${v.padStart(12)} ${f.unit}${f.note ? `   (${f.note})` : ''}`);
  }
  for (const t of r.text ?? []) console.log(`  | ${t}`);
}
console.log(`\nwritten: bench/results.json`);

function runScript(script, nodeFlags) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.on('close', (code) => resolve({ code: code ?? 2, stdout }));
  });
}

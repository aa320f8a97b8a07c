// The experiments only the simulator can run, printed as the README's tables.
// Needs the build (npm run build): the logic is src/sim/experiments.ts.
//   node --max-old-space-size=16000 bench/sim-experiments.mjs [dissemination] [detection] [lifeguard]
// SIZES=100,1000 limits the dissemination sizes, ARMS='push-pull' (or 'push K=3',
// 'push K=4', comma-separated) its arms; detection runs CRASHES (default 2)
// crashes at 10,000 nodes, with LAN push-pull unless PUSHPULL=off (about 20 min of
// wall time per crash with it, about 1 min without).
import { disseminationRounds, disseminationTable, suspicionAtScale, lifeguardVsSwim, lifeguardTable } from '../dist/src/sim/experiments.js';

const which = process.argv.slice(2);
const want = (x) => which.length === 0 || which.includes(x);
const log = (m) => process.stderr.write(`${m}\n`);

if (want('lifeguard')) {
  console.log('Lifeguard vs SWIM, 100 nodes, 600 simulated s per cell, slow = every datagram read late (mean 2 s, in order), timers on time:');
  console.log(lifeguardTable(lifeguardVsSwim({ log })));
  console.log('\nThe same with the catalogue cpu fault at 0.005 CPUs (the starved node cannot keep up at all):');
  console.log(lifeguardTable(lifeguardVsSwim({ log, slowCounts: [1, 4], starve: { cpus: 0.005 } })));
}
if (want('dissemination')) {
  const sizes = (process.env.SIZES ?? '100,1000,10000,100000').split(',').map(Number);
  const arms = process.env.ARMS ? process.env.ARMS.split(',').map((a) => a.trim()) : undefined;
  const known = ['push K=3', 'push K=4', 'push-pull'];
  for (const a of arms ?? []) {
    if (!known.includes(a)) { console.error(`ARMS: expected a comma-separated list of ${known.map((k) => `'${k}'`).join(', ')}, got '${a}'`); process.exit(2); }
  }
  console.log('\nRounds to full propagation, time / gossipInterval (mean over trials; in brackets: to half the nodes):');
  console.log(disseminationTable(disseminationRounds({ sizes, log, ...(arms ? { arms } : {}) })));
}
if (want('detection')) {
  const r = suspicionAtScale({ log, crashes: Number(process.env.CRASHES ?? 2), params: process.env.PUSHPULL === 'off' ? { pushPullInterval: 0 } : {} });
  console.log(`\nN = ${r.nodes}${process.env.PUSHPULL === 'off' ? ' (push-pull off)' : ''}: suspicion timeout min ${r.formula.minS} s, max ${r.formula.maxS} s; claim: time to dead ~ ${r.formula.claimS} s`);
  for (const c of r.crashes) console.log(`  ${JSON.stringify(c)}`);
  console.log(`  (${(r.wallMs / 1000).toFixed(0)} s of wall time)`);
}

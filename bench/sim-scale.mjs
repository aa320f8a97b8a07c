// Scale of the simulator: N idle nodes (LAN parameters, warm start) for S simulated
// seconds. Needs the build (npm run build): the logic is src/sim/bench.ts.
//   node --max-old-space-size=16000 bench/sim-scale.mjs [--nodes 10000] [--seconds 300] [--push-pull off] [--members exact]
import { runScaleBench } from '../dist/src/sim/bench.js';
import { emit } from '../dist/src/bench/emit.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const nodes = Number(arg('nodes', 10000));
const seconds = Number(arg('seconds', 300));
const params = arg('push-pull', 'on') === 'off' ? { pushPullInterval: 0 } : {};
const f = await runScaleBench({ nodes, seconds, params, members: arg('members', 'compact'), log: (m) => process.stderr.write(`${m}\n`) });
const say = (m) => process.stderr.write(`${m}\n`);
say(`sim-scale: ${f.nodes} nodes (${f.members} member lists), push-pull ${f.pushPullMs ? `${f.pushPullMs / 1000} s` : 'off'}, ${f.simulatedS} s simulated`);
say(`  wall time          ${f.wallS} s (${f.speedup}x real time), CPU time ${f.cpuS} s`);
say(`  agenda items       ${f.events} (${f.eventsPerS}/s), datagrams ${f.packets}`);
say(`  peak memory        RSS ${f.peakRssMB} MB, heap ${f.peakHeapMB} MB, ${(f.bytesPerNode / 1024).toFixed(1)} KiB per simulated node`);
say(`  history            ${f.historyLines} lines`);
const what = `${f.nodes} nodes, ${f.simulatedS} simulated s, LAN, push-pull ${f.pushPullMs ? 'on' : 'off'}`;
emit([
  { name: `sim: wall time (${what})`, value: f.wallS, unit: 's', note: `${f.speedup}x real time` },
  { name: 'sim: CPU time (user + system)', value: f.cpuS, unit: 's', note: 'the steadier figure on a shared machine' },
  { name: 'sim: agenda items per wall second', value: f.eventsPerS, unit: 'events/s', note: `${f.events} items, ${f.packets} datagrams` },
  { name: 'sim: peak resident memory', value: f.peakRssMB, unit: 'MB', note: `heap ${f.peakHeapMB} MB` },
  { name: 'sim: memory per simulated node', value: Math.round(f.bytesPerNode / 102.4) / 10, unit: 'KiB', note: '(peak RSS - RSS before) / N' },
  { name: 'sim: history lines', value: f.historyLines, unit: 'lines', note: 'sampled observers' },
]);

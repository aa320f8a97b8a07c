// Scale of the simulator: N idle nodes (LAN parameters, warm start) for S simulated
// seconds. Needs the build (npm run build): the logic is src/sim/bench.ts.
//   node --max-old-space-size=16000 bench/sim-scale.mjs [--nodes 10000] [--seconds 300] [--push-pull off] [--members exact]
import { runScaleBench } from '../dist/src/sim/bench.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const nodes = Number(arg('nodes', 10000));
const seconds = Number(arg('seconds', 300));
const params = arg('push-pull', 'on') === 'off' ? { pushPullInterval: 0 } : {};
const f = await runScaleBench({ nodes, seconds, params, members: arg('members', 'compact'), log: (m) => process.stderr.write(`${m}\n`) });
console.log(`sim-scale: ${f.nodes} nodes (${f.members} member lists), push-pull ${f.pushPullMs ? `${f.pushPullMs / 1000} s` : 'off'}, ${f.simulatedS} s simulated`);
console.log(`  wall time          ${f.wallS} s (${f.speedup}x real time)`);
console.log(`  agenda items       ${f.events} (${f.eventsPerS}/s), datagrams ${f.packets}`);
console.log(`  peak memory        RSS ${f.peakRssMB} MB, heap ${f.peakHeapMB} MB, ${(f.bytesPerNode / 1024).toFixed(1)} KiB per simulated node`);
console.log(`  history            ${f.historyLines} lines`);

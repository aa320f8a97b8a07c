// Bytes and packets each node sends per second, with LAN parameters, in a real
// Docker cluster after it has converged, at N = 10 and 50 (BENCH_TRAFFIC_SIZES);
// N = 200 comes from docker-soak.mjs. Compared with the seed document's ~4 KB/s
// per node. Memory per node is measured on the same clusters.
//
// Serf (memberlist, LAN profile) is measured the same way on the same host right
// after the built-in node at each size, as `traffic N=…: sent per node (serf)`:
// the kernel's interface counters of its containers. BENCH_TRAFFIC_SERF=0 skips it.
import { bringUp } from '../dist/src/bench/bringup.js';
import { emit, envList, progress } from '../dist/src/bench/emit.js';

const seconds = Number(process.env.BENCH_TRAFFIC_SECONDS ?? 60);
const impls = process.env.BENCH_TRAFFIC_SERF === '0' ? ['builtin'] : ['builtin', 'serf'];
const keep = (f) => !f.name.startsWith('bring-up') || f.name.includes('lines');
for (const n of envList('BENCH_TRAFFIC_SIZES', [10, 50])) {
  for (const implementation of impls) {
    progress(`traffic: ${n} nodes (${implementation}), ${seconds} s of steady gossip…`);
    try {
      emit((await bringUp(n, { trafficSeconds: seconds, log: progress, implementation })).filter(keep));
    } catch (e) {
      if (implementation === 'builtin') throw e;
      // Serf missing on this host (no /usr/bin/serf) is a figure not measured, not a failed bench.
      progress(`serf not measured: ${e.message}`);
      emit([{ name: `traffic N=${n}: sent per node (serf)`, value: NaN, unit: 'B/s', note: `not measured: ${e.message}` }]);
    }
  }
}

// Bytes and packets each node sends per second, with LAN parameters, in a real
// Docker cluster after it has converged, at N = 10 and 50 (BENCH_TRAFFIC_SIZES);
// N = 200 comes from docker-soak.mjs. Compared with the seed document's ~4 KB/s
// per node. Memory per node is measured on the same clusters.
//
// Serf: once an adapter for it exists, the same figure for Serf belongs here, as
// `traffic N=…: sent per node (serf)`, measured the same way on the same host.
import { bringUp } from '../dist/src/bench/bringup.js';
import { emit, envList, progress } from '../dist/src/bench/emit.js';

const seconds = Number(process.env.BENCH_TRAFFIC_SECONDS ?? 60);
for (const n of envList('BENCH_TRAFFIC_SIZES', [10, 50])) {
  progress(`traffic: ${n} nodes, ${seconds} s of steady gossip…`);
  emit((await bringUp(n, { trafficSeconds: seconds, log: progress })).filter((f) => !f.name.startsWith('bring-up') || f.name.includes('lines')));
}

// Bring-up to convergence and teardown of real Docker clusters, with LAN
// parameters, at N = 10, 50, 100 and 200 (BENCH_SIZES=10,50 to choose).
// BENCH_CONCURRENCY=8 sets how many containers are created and started at once.
// While waiting for convergence it prints, every BENCH_GAP_EVERY ms (10,000), how
// many views still lack a member; BENCH_BARRIER=0 starts without the start barrier.
// Targets: 50 nodes started and converged in at most 15 s, torn down in at most 10 s.
// Needs root, a Docker engine and the build (npm run build).
import { bringUp } from '../dist/src/bench/bringup.js';
import { emit, envList, progress } from '../dist/src/bench/emit.js';

const concurrency = Number(process.env.BENCH_CONCURRENCY) || undefined;
for (const n of envList('BENCH_SIZES', [10, 50, 100, 200])) {
  progress(`bring-up: ${n} nodes…`);
  emit(await bringUp(n, { log: progress, concurrency }));
}

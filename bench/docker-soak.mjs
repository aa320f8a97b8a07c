// A 200-node Docker run with LAN parameters for 5 minutes through the real run
// pipeline (BENCH_NODES, BENCH_MINUTES to change). Figures: lines lost (gaps in
// the nodes' own line numbers), recorder lag p50/p99 (target p99 < 1 s), memory
// per node from the container cgroups (aim <= 40 MB), controller, dockerd and node
// CPU and the machine's busy share, gaps between each node's stats lines (stalls),
// suspicions of healthy members, traffic per node at this size, and the size and
// render time of the run's report.
// Needs root, a Docker engine and the build. The run goes to GOSSIPLAB_STORE.
import { fileURLToPath } from 'node:url';
import { soak } from '../dist/src/bench/soak.js';
import { emit, progress } from '../dist/src/bench/emit.js';
import { howBusy } from '../dist/src/bench/machine.js';

const nodes = Number(process.env.BENCH_NODES ?? 200);
const minutes = Number(process.env.BENCH_MINUTES ?? 5);
const before = howBusy();
const { figures } = await soak({ scenario: fileURLToPath(new URL('./soak.yaml', import.meta.url)), nodes, minutes, log: progress });
emit(figures);
const after = howBusy();
emit([
  { name: `soak N=${nodes}: load average at the end`, value: after.load, unit: '', note: `${before.load} before` },
  { name: `soak N=${nodes}: CPU pressure at the end`, value: after.cpuPressure, unit: '%', note: `share of the last 60 s some task waited for a CPU; ${before.cpuPressure}% before` },
]);

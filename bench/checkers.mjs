// Checker throughput: a synthetic history of BENCH_EVENTS events (default ten
// million; a 100-node run with crashes, partitions, pauses, loss and updates) is
// streamed to a temporary file, then checked from it in a process of its own.
// Prints events per second (wall and CPU) and peak memory. Needs the build.
import { checkerFigures } from '../dist/src/bench/figures.js';
import { emit } from '../dist/src/bench/emit.js';

emit(checkerFigures(Number(process.env.BENCH_EVENTS ?? 10_000_000)));

// The run report of a synthetic 50-node, 10-minute history: render time and page
// size (the 200-node report of a real run is measured by docker-soak.mjs).
// Needs the build (npm run build).
import { reportFigures } from '../dist/src/bench/figures.js';
import { emit } from '../dist/src/bench/emit.js';

emit(reportFigures());

// The oracle's per-node stats intervals are the whole-array series the charts draw
// (checkers/load-series.ts): the streaming load checker must agree with it.

export { seriesOf, totalsOf, type Interval, type NodeSeries, type Totals } from '../../../checkers/load-series.js';

// Delay: every packet a node sends waits `delay` ms, ± `jitter`, with
// `correlation` (%) between successive delays (netem). Messages still arrive, only
// late, so probes time out and suspicion grows without any packet being lost.

import { defined, shapingFault } from './shaping.js';
import { optNum, num } from './params.js';

export const delay = shapingFault('delay', 'netem', (entry) => ({
  netem: defined({ delay: num(entry, 'delay'), jitter: optNum(entry, 'jitter'), correlation: optNum(entry, 'correlation') }),
}));

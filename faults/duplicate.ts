// Duplication: netem sends `percent` % of a node's outgoing packets twice. Gossip
// must be idempotent: a duplicated ack or suspicion may never change a verdict.

import { shapingFault } from './shaping.js';
import { num } from './params.js';

export const duplicate = shapingFault('duplicate', 'netem', (entry) => ({
  netem: { duplicate: num(entry, 'percent') / 100 },
}));

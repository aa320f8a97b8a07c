// Bandwidth: a token bucket (tbf) caps a node's outgoing rate at `rate` kbit/s
// (the scenario writes 256kbit or 1mbit; the schema turns it into kbit).
// Gossip bursts then queue and drop, which is how a saturated uplink looks.

import { shapingFault } from './shaping.js';
import { num } from './params.js';

export const bandwidth = shapingFault('bandwidth', 'tbf', (entry) => ({ rateKbit: num(entry, 'rate') }));

// Reordering: netem sends `percent` % of a node's outgoing packets at once and
// holds the rest back by `delay` ms (netem reorders only against a delay), so
// later messages overtake earlier ones, e.g. an alive overtaking a suspect.

import { shapingFault } from './shaping.js';
import { num, optNum } from './params.js';

export const DEFAULT_REORDER_DELAY = 10;

export const reorder = shapingFault('reorder', 'netem', (entry) => ({
  netem: { reorder: num(entry, 'percent') / 100, delay: optNum(entry, 'delay') ?? DEFAULT_REORDER_DELAY },
}));

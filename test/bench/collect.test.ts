// The bench convention: JSON lines with name, value and unit are figures, any
// other output is kept as text.

import { describe, expect, it } from 'vitest';
import { parseBenchOutput } from '../../src/bench/collect.js';

describe('bench output', () => {
  it('takes figures from JSON lines and keeps every other line as text', () => {
    const out = [
      '{"name":"bring-up N=10: torn down","value":1.2,"unit":"s","note":"10 containers"}',
      'sim-scale: 10000 nodes',
      '{"name":"not converged","value":null,"unit":"s"}',
      '{"value":3,"unit":"s"}',
      '{not json',
      '',
    ].join('\n');
    expect(parseBenchOutput(out)).toEqual({
      figures: [
        { name: 'bring-up N=10: torn down', value: 1.2, unit: 's', note: '10 containers' },
        { name: 'not converged', value: null, unit: 's' },
      ],
      text: ['sim-scale: 10000 nodes', '{"value":3,"unit":"s"}', '{not json'],
    });
  });
});

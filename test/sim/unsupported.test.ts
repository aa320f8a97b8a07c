// A fault kind the simulator cannot model is refused before anything starts,
// with an error that names the fault and its kind.

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/scenario.js';
import type { ScheduledFault } from '../../src/config/types.js';
import { SIM_KINDS, assertSimulable, runSimScenario } from '../../src/sim/index.js';
import { FAULTS } from '../../faults/index.js';

describe('faults the simulator cannot model', () => {
  it('every kind of the catalogue is modelled', () => {
    expect(Object.keys(SIM_KINDS).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it('refuses an unknown kind by name, before creating a run directory', async () => {
    const store = mkdtempSync(join(tmpdir(), 'gossiplab-sim-unsup-'));
    const base = loadScenario('default', { seed: 1 });
    const teleport = { id: 'f9-teleport', kind: 'teleport', at: 1000, duration: 1000, params: { nodes: ['n2'] } } as unknown as ScheduledFault;
    const s = { ...base, schedule: [...base.schedule, teleport] };
    expect(() => assertSimulable(s.schedule)).toThrow(/f9-teleport.*"teleport"/);
    await expect(runSimScenario(s, { storeRoot: store })).rejects.toThrow(/cannot model fault kind "teleport"/);
    expect(readdirSync(store)).toEqual([]);
  });
});

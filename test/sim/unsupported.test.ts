// A fault kind the simulator cannot model is refused before anything starts,
// with an error that names the fault and its kind.

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import { capabilitiesFor, unsupportedFaults, unsupportedMessage } from '../../src/run/docker-runner.js';
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

  it('a slow fault with lag runs only here: a docker run refuses it before starting, naming the fault and the simulator', () => {
    const s = resolveScenario(parseScenarioText('nemesis:\n  - {kind: slow, at: 1s, duration: 5s, node: n2, lag: 2s}\n', 'lag.yaml'), 'lag.yaml', { seed: 1 });
    const host = { netem: true, tbf: true, clock: true, cpu: true, leave: true };
    const u = unsupportedFaults(s, capabilitiesFor(s, host));
    expect(u.map((x) => x.id)).toEqual([s.schedule[0]!.id]);
    expect(unsupportedMessage(u)).toMatch(/slow.*lag is modelled only by the simulator \(--runtime sim\)/);
    expect(unsupportedFaults(s, { ...host, lag: true })).toEqual([]);
  });
});

// Everything a Docker run needs before its first container, done once per
// process: root, an engine, the node image, the host's capabilities. A single
// run and a campaign of hundreds both go through `prepareDocker`, so they refuse
// the same things for the same reasons.

import { runScenario, type RunOutcome } from './pipeline.js';
import { DockerLab } from '../runtime/docker/lab.js';
import { requireEngine } from '../runtime/docker/engine.js';
import { ensureNodeImage } from '../runtime/docker/image.js';
import { probeHost, type HostCapabilities } from '../host.js';
import { HostError } from '../errors.js';
import { FAULTS } from '../../faults/index.js';
import { assertClusterFits } from '../runtime/docker/preflight.js';
import type { ResolvedScenario } from '../config/types.js';
import type { RuntimeCapabilities } from '../runtime/types.js';

export interface DockerRunner {
  host: HostCapabilities;
  capabilities: RuntimeCapabilities;
  /** Faults of a scenario this host cannot run. */
  unsupported(s: ResolvedScenario): { id: string; missing: string[] }[];
  run(s: ResolvedScenario, opts: { storeRoot?: string; log?: (m: string) => void; handleSignals?: boolean }): Promise<RunOutcome>;
}

export async function prepareDocker(log: (m: string) => void): Promise<DockerRunner> {
  const host = await probeHost();
  if (!host.root) throw new HostError('gossiplab run needs root (nsenter and iptables act inside the lab containers). Run it as root.');
  const engine = await requireEngine();
  const image = await ensureNodeImage(log);
  const capabilities: RuntimeCapabilities = { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup };
  return {
    host,
    capabilities,
    unsupported: (s) => unsupportedFaults(s, capabilities),
    run: async (s, opts) => {
      assertClusterFits(s);
      return runScenario({
        scenario: s,
        runtime: async (runId) => new DockerLab(runId, { image: image.tag, capabilities, fakedClocks: clockNodes(s) }),
        host: { ...host },
        versions: { node: process.version, docker: engine, image: image.tag },
        ...opts,
      });
    },
  };
}

/** Faults of the schedule that need a capability the host lacks. */
export function unsupportedFaults(s: ResolvedScenario, caps: RuntimeCapabilities): { id: string; missing: string[] }[] {
  return s.schedule
    .map((f) => ({ id: f.id, missing: (FAULTS[f.kind].needs?.(f.params) ?? []).filter((c) => !caps[c]) }))
    .filter((u) => u.missing.length > 0);
}

/** Nodes whose clock a clock fault touches get libfaketime; those whose rate drifts get fake timers too. */
export function clockNodes(s: ResolvedScenario): { nodes: string[]; monotonic: string[] } {
  const clock = s.schedule.filter((f) => f.kind === 'clock');
  const targets = (fs: typeof clock): string[] => [...new Set(fs.flatMap((f) => FAULTS[f.kind].targets(f.params)))];
  const drifting = clock.filter((f) => f.params.mode === 'drift' || (typeof f.params.rate === 'number' && f.params.rate !== 1));
  return { nodes: targets(clock), monotonic: targets(drifting) };
}

export function unsupportedMessage(unsupported: { id: string; missing: string[] }[]): string {
  return `this host cannot run ${unsupported.map((u) => `${u.id} (needs ${u.missing.join(', ')})`).join('; ')}. ` +
    'Run it on a host that can (see gossiplab doctor), or pass --skip-unsupported to run the rest and mark these skipped.';
}

// Everything a Docker run needs before its first container, done once per
// process: root, an engine, the node image, the host's capabilities. A single
// run and a campaign of hundreds both go through `prepareDocker`, so they refuse
// the same things for the same reasons. What a run can do is the host's
// capabilities less what its implementation cannot take (Serf's clock).

import { runScenario, type RunOutcome } from './pipeline.js';
import { DockerLab } from '../runtime/docker/lab.js';
import { requireEngine } from '../runtime/docker/engine.js';
import { ensureImplementationImage, ensureNodeImage, entryPoint } from '../runtime/docker/image.js';
import { missingCommands, probeHost, type HostCapabilities } from '../host.js';
import { HostError } from '../errors.js';
import { FAULTS, type Capability } from '../../faults/index.js';
import { IMPLEMENTATIONS } from '../implementations/registry.js';
import { assertClusterFits } from '../runtime/docker/preflight.js';
import type { ResolvedScenario } from '../config/types.js';
import type { RuntimeCapabilities } from '../runtime/types.js';

export interface Unsupported { id: string; missing: string[]; reasons: string[] }

export interface DockerRunner {
  host: HostCapabilities;
  capabilities: RuntimeCapabilities;
  /** Faults of a scenario this host, or the scenario's implementation, cannot run. */
  unsupported(s: ResolvedScenario): Unsupported[];
  run(s: ResolvedScenario, opts: { storeRoot?: string; log?: (m: string) => void; handleSignals?: boolean }): Promise<RunOutcome>;
}

export async function prepareDocker(log: (m: string) => void): Promise<DockerRunner> {
  const host = await probeHost();
  if (!host.root) throw new HostError('gossiplab run needs root (nsenter and iptables act inside the lab containers). Run it as root.');
  const missing = missingCommands(host);
  if (missing.length) throw new HostError(`gossiplab run needs these host commands, which this host lacks: ${missing.join(', ')}. Nothing was started.`);
  const engine = await requireEngine();
  const image = await ensureNodeImage(log);
  const capabilities: RuntimeCapabilities = { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup, leave: true };
  return {
    host,
    capabilities,
    unsupported: (s) => unsupportedFaults(s, capabilitiesFor(s, capabilities)),
    run: async (s, opts) => {
      assertClusterFits(s);
      const tag = await ensureImplementationImage(image, s.cluster.implementation, s.cluster.program, opts.log ?? log);
      const caps = capabilitiesFor(s, capabilities);
      return runScenario({
        scenario: s,
        runtime: async (runId) => new DockerLab(runId, {
          image: tag, entrypoint: entryPoint(s.cluster.implementation, s.cluster.program), capabilities: caps, fakedClocks: clockNodes(s, caps),
        }),
        host: { ...host },
        versions: { node: process.version, docker: engine, image: tag },
        ...opts,
      });
    },
  };
}

/** The host's capabilities, less those the scenario's implementation cannot take, with the reason. */
export function capabilitiesFor(s: ResolvedScenario, host: RuntimeCapabilities): RuntimeCapabilities {
  const impl = s.cluster.implementation === 'program' ? undefined : IMPLEMENTATIONS[s.cluster.implementation];
  const caps: RuntimeCapabilities = { ...host, reasons: { ...host.reasons } };
  if (!caps.lag) caps.reasons!.lag ??= 'a message-processing lag is modelled only by the simulator (--runtime sim)';
  for (const [c, why] of Object.entries(impl?.cannot ?? {}) as [Capability, string][]) {
    caps[c] = false;
    caps.reasons![c] = `${s.cluster.implementation} cannot take it: ${why}`;
  }
  return caps;
}

/** Faults of the schedule that need a capability missing here, with the reasons when known. */
export function unsupportedFaults(s: ResolvedScenario, caps: RuntimeCapabilities): Unsupported[] {
  return s.schedule
    .map((f) => {
      const missing = (FAULTS[f.kind].needs?.(f.params) ?? []).filter((c) => !caps[c]);
      return { id: f.id, missing, reasons: missing.map((c) => caps.reasons?.[c]).filter((r): r is string => !!r) };
    })
    .filter((u) => u.missing.length > 0);
}

/**
 * Nodes whose clock a clock fault touches get libfaketime; those whose rate drifts get fake timers too.
 * None when clock faults cannot run here (skipped, never applied): libfaketime is then
 * not preloaded at all, since some implementations cannot even start under it (Redis).
 */
export function clockNodes(s: ResolvedScenario, caps: RuntimeCapabilities): { nodes: string[]; monotonic: string[] } {
  if (!caps.clock) return { nodes: [], monotonic: [] };
  const clock = s.schedule.filter((f) => f.kind === 'clock');
  const targets = (fs: typeof clock): string[] => [...new Set(fs.flatMap((f) => FAULTS[f.kind].targets(f.params)))];
  const drifting = clock.filter((f) => f.params.mode === 'drift' || (typeof f.params.rate === 'number' && f.params.rate !== 1));
  return { nodes: targets(clock), monotonic: targets(drifting) };
}

export function unsupportedMessage(unsupported: Unsupported[]): string {
  const what = (u: Unsupported): string => (u.reasons.length ? `${u.id} (${u.reasons.join('; ')})` : `${u.id} (needs ${u.missing.join(', ')})`);
  return `this run cannot do ${unsupported.map(what).join('; ')}. ` +
    'Run it where it can (see gossiplab doctor), or pass --skip-unsupported to run the rest and mark these skipped.';
}

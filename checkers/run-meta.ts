// Reads the `run` event: the resolved scenario and protocol parameters that the
// bounds are derived from. The history is untrusted input, so every field used
// is checked here once, and errors say which line and field were wrong.

import type { EventOf } from '../src/history/types.js';
import type { Numbered } from './timeline.js';
import type { ResolvedScenario } from '../src/config/types.js';
import type { ProtocolParams } from '../nodes/core/params.js';

export interface RunInfo {
  line: number;
  run: EventOf<'run'>;
  /** The resolved scenario, when the run event carries one. */
  config?: ResolvedScenario;
  /** Cluster size N used by the protocol formulas. */
  n: number;
  preset: string;
}

/** The first `run` event of the timeline (see timeline.ts). */
export function findRun(timeline: readonly Numbered[]): RunInfo {
  const found = timeline.find((x) => x.e.type === 'run');
  const run = found?.e;
  if (!found || !run || run.type !== 'run') {
    throw new Error('the history has no `run` event (expected on line 1); it was not written by the gossiplab controller');
  }
  const config = asScenario(run.config);
  const n = config?.cluster.nodes ?? run.nodes.length;
  return { line: found.line, run, ...(config ? { config } : {}), n, preset: config?.cluster.preset ?? run.preset };
}

/** The protocol parameters, or an error naming the missing field. Called only when a default bound is needed. */
export function paramsOf(info: RunInfo): Readonly<ProtocolParams> {
  const params = info.config?.cluster.params;
  if (!params) {
    throw new Error(`line ${info.line}: run.config.cluster.params is missing, so default bounds cannot be derived; `
      + 'override every bound in the scenario\'s `bounds` section instead');
  }
  for (const key of ['probeInterval', 'probeTimeout', 'suspicionMult', 'suspicionMaxTimeoutMult', 'gossipInterval',
    'retransmitMult', 'reapTime', 'pushPullInterval', 'gossipToTheDeadTime'] as const) {
    if (typeof params[key] !== 'number' || !Number.isFinite(params[key])) {
      throw new Error(`line ${info.line}: run.config.cluster.params.${key} should be a finite number of ms, got ${JSON.stringify(params[key])}`);
    }
  }
  return params;
}

/** The parameters when present and sound, else undefined: for figures that are reported, never judged. */
export function optionalParams(info: RunInfo): Readonly<ProtocolParams> | undefined {
  try {
    return paramsOf(info);
  } catch {
    return undefined;
  }
}

function asScenario(config: unknown): ResolvedScenario | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const cluster = (config as { cluster?: unknown }).cluster;
  if (typeof cluster !== 'object' || cluster === null) return undefined;
  const nodes = (cluster as { nodes?: unknown }).nodes;
  if (typeof nodes !== 'number') return undefined;
  return config as ResolvedScenario;
}

// Default bounds, derived from the protocol parameters, each with the text of its
// derivation so a report reader can audit it; and the override rule: a scenario's
// `bounds[checker][name]` (in the bound's unit, seconds) replaces the default.
//
// Derivations (memberlist semantics, see shared/CLAIMS.md):
// - first failed probe: some observer probes the crashed node within
//   min(2(N-1)-1, 3) probe periods (round-robin over N-1 members; with several
//   observers a 3-period window is generous), then waits probeTimeout.
//   Phi detector: conviction time of the phi model instead.
// - dissemination: a message is piggybacked retransmitLimit(N) times, one
//   gossip interval apart, so by then every live node has it.
// - detection (every live node says dead) = first failure + dissemination
//   + suspicionTimeoutMax(N) (a lone suspector's timer; confirmations only shorten it) + slack.
// - reap = detection + reapTime + N·probeInterval (probe-list wrap) + slack.
// - convergence after the last heal = detection without slack (a suspicion
//   raised just before the heal runs its full course, so both sides may hold
//   each other dead) + rejoin: pushPullInterval (or gossipToTheDeadTime when
//   push-pull is off) + dissemination + probeInterval + probeTimeout, + slack.
//   The two add up: the dead side is repaired only by the next exchange.
// - slack = max(5 s, 2 probe intervals): scheduling and controller-receipt jitter.

import { retransmitLimit, suspicionTimeoutMax, type ProtocolParams } from '../../../nodes/core/params.js';
import type { Bound } from './types.js';

export interface Derived { ms: number; source: string }

export function secs(ms: number): number {
  return Math.round(ms) / 1000;
}

export function fmtS(ms: number): string {
  return `${secs(ms)} s`;
}

function sum(parts: Derived[]): Derived {
  const ms = parts.reduce((a, p) => a + p.ms, 0);
  return { ms, source: `${parts.map((p) => p.source).join(' + ')} = ${fmtS(ms)}` };
}

export function slack(p: ProtocolParams): Derived {
  const ms = Math.max(5000, 2 * p.probeInterval);
  return { ms, source: `slack ${fmtS(ms)}` };
}

export function firstFailure(p: ProtocolParams, n: number): Derived {
  if (p.detector === 'phi') {
    const ln10 = Math.log(10);
    if (p.phiModel === 'exponential') {
      const ms = p.phiThreshold * ln10 * p.probeInterval;
      return { ms, source: `phi(exponential) conviction ${p.phiThreshold}·ln10×${fmtS(p.probeInterval)}=${fmtS(ms)}` };
    }
    const z = Math.sqrt(2 * p.phiThreshold * ln10);
    const ms = p.probeInterval + p.phiAcceptablePause + z * p.phiMinStdDev;
    return { ms, source: `phi(normal) conviction ${fmtS(p.probeInterval)}+pause ${fmtS(p.phiAcceptablePause)}+${z.toFixed(1)}σ=${fmtS(ms)}` };
  }
  const periods = Math.min(Math.max(1, 2 * (n - 1) - 1), 3);
  const ms = periods * p.probeInterval + p.probeTimeout;
  return { ms, source: `probe window ${periods}×${fmtS(p.probeInterval)} + probe timeout ${fmtS(p.probeTimeout)}` };
}

export function dissemination(p: ProtocolParams, n: number): Derived {
  const limit = retransmitLimit(p, n);
  const ms = limit * p.gossipInterval;
  return { ms, source: `dissemination ${limit}×${fmtS(p.gossipInterval)}` };
}

export function suspicionMax(p: ProtocolParams, n: number, preset: string): Derived {
  const ms = suspicionTimeoutMax(p, n);
  return { ms, source: `suspicionTimeoutMax(${preset}, N=${n})=${fmtS(ms)}` };
}

export function detectionBound(p: ProtocolParams, n: number, preset: string): Derived {
  return sum([firstFailure(p, n), dissemination(p, n), suspicionMax(p, n, preset), slack(p)]);
}

export function reapBound(p: ProtocolParams, n: number, preset: string): Derived {
  const detection = detectionBound(p, n, preset);
  return sum([
    { ms: detection.ms, source: `detection ${fmtS(detection.ms)}` },
    { ms: p.reapTime, source: `reapTime ${fmtS(p.reapTime)}` },
    { ms: n * p.probeInterval, source: `probe-list wrap ${n}×${fmtS(p.probeInterval)}` },
    slack(p),
  ]);
}

export function convergenceBound(p: ProtocolParams, n: number, preset: string): Derived {
  const detect = sum([firstFailure(p, n), dissemination(p, n), suspicionMax(p, n, preset)]);
  const viaPushPull = p.pushPullInterval > 0;
  const rejoinWait = viaPushPull ? p.pushPullInterval : p.gossipToTheDeadTime;
  const rejoin = rejoinWait + dissemination(p, n).ms + p.probeInterval + p.probeTimeout;
  const worst = detect.ms + rejoin;
  const s = slack(p);
  const ms = worst + s.ms;
  const rejoinText = `rejoin ${viaPushPull ? 'pushPullInterval' : 'gossipToTheDeadTime'} ${fmtS(rejoinWait)}`
    + ` + ${dissemination(p, n).source} + probe ${fmtS(p.probeInterval + p.probeTimeout)} = ${fmtS(rejoin)}`;
  return { ms, source: `detection ${fmtS(detect.ms)} + ${rejoinText} + ${s.source} = ${fmtS(ms)}` };
}

/**
 * A bound in seconds: the scenario override when there is one, else the derived
 * default. `derive` is called only when needed, so a history without params
 * still works if every bound is overridden.
 */
export function resolveBound(
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>,
  checker: string,
  name: string,
  derive: () => Derived,
): Bound {
  const o = overrides[checker]?.[name];
  if (o !== undefined) {
    if (typeof o !== 'number' || !Number.isFinite(o) || o < 0) {
      throw new Error(`bounds.${checker}.${name} should be a non-negative number of seconds, got ${JSON.stringify(o)}`);
    }
    return { value: o, unit: 's', source: `scenario override (bounds.${checker}.${name})` };
  }
  const d = derive();
  return { value: secs(d.ms), unit: 's', source: d.source };
}

/**
 * A bound that is not a duration (a count, a rate, bytes per second): the scenario
 * override when there is one, else the derived default, rounded to 3 decimals.
 */
export function resolveQuantity(
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>,
  checker: string,
  name: string,
  unit: string,
  derive: () => { value: number; source: string },
): Bound {
  const o = overrides[checker]?.[name];
  if (o !== undefined) {
    if (typeof o !== 'number' || !Number.isFinite(o) || o < 0) {
      throw new Error(`bounds.${checker}.${name} should be a non-negative number (${unit}), got ${JSON.stringify(o)}`);
    }
    return { value: o, unit, source: `scenario override (bounds.${checker}.${name})` };
  }
  const d = derive();
  return { value: Math.round(d.value * 1000) / 1000, unit, source: d.source };
}

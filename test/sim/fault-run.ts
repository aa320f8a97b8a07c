// A fault scenario run through the simulator's whole pipeline (scenario file ->
// nemesis -> catalogue fault modules -> sim runtime -> history), with a tap on
// every datagram a process reads, so a test can see what the fault did to the
// traffic as well as what the nodes said about it.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import type { Message } from '../../nodes/core/messages.js';
import type { EventOf, HistoryEvent } from '../../src/history/types.js';
import { runSimScenario, type SimRunResult } from '../../src/sim/index.js';

/** `msgs`: the datagram's messages; copies of one duplicated datagram share the same array. */
export interface Delivery { t: number; sent: number; from: string; to: string; bytes: number; msgs: readonly Message[] }

export interface FaultWindow { id: string; kind: string; start: number; stop: number; targets: string[]; links: [string, string][]; params: Record<string, unknown> }

export interface FaultRun {
  result: SimRunResult;
  events: HistoryEvent[];
  deliveries: Delivery[];
  /** Every fault of the run by id, with the virtual times of its start and stop events. */
  faults: Map<string, FaultWindow>;
  /** Every member line: [t, observer, member, state, incarnation, ts]. */
  members: EventOf<'obs'>[];
}

const store = mkdtempSync(join(tmpdir(), 'gossiplab-sim-faults-'));

/** Run a scenario file of scenarios/faults (e.g. 'faults/pause'), or inline scenario YAML. */
export async function faultRun(scenario: string, opts: { yaml?: boolean; seed?: number } = {}): Promise<FaultRun> {
  const cli = opts.seed !== undefined ? { seed: opts.seed } : {};
  const s = opts.yaml ? resolveScenario(parseScenarioText(scenario, 'inline.yaml'), 'inline.yaml', cli) : loadScenario(scenario, cli);
  const deliveries: Delivery[] = [];
  const result = await runSimScenario(s, {
    storeRoot: store,
    instrument: (c) => {
      c.onDeliver = (from, to, msgs, sent, bytes) => { deliveries.push({ t: c.now, sent, from: from.id, to: to.id, bytes, msgs }); };
    },
  });
  const events = readFileSync(result.dir.history, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
  const faults = new Map<string, FaultWindow>();
  for (const e of events) {
    if (e.type !== 'fault') continue;
    const w = faults.get(e.id) ?? { id: e.id, kind: e.kind, start: NaN, stop: Infinity, targets: e.targets, links: e.links ?? [], params: e.params };
    if (e.phase === 'start') w.start = e.t;
    else w.stop = e.t;
    faults.set(e.id, w);
  }
  const members = events.filter((e): e is EventOf<'obs'> => e.type === 'obs' && e.obs === 'member');
  return { result, events, deliveries, faults, members };
}

/** The one fault of this kind (the first when there are several). */
export function windowOf(r: FaultRun, kind: string, nth = 0): FaultWindow {
  const w = [...r.faults.values()].filter((f) => f.kind === kind)[nth];
  if (!w) throw new Error(`the run has no ${kind} fault #${nth + 1}`);
  return w;
}

export function within(t: number, w: FaultWindow, slackMs = 0): boolean {
  return t >= w.start && t < w.stop + slackMs;
}

/** Member lines in which someone other than `member` says it is in `state`, within [from, to). */
export function said(r: FaultRun, member: string, state: string, from: number, to: number): EventOf<'obs'>[] {
  return r.members.filter((e) => 'member' in e && e.member === member && 'state' in e && e.state === state && e.node !== member && e.t >= from && e.t < to);
}

export function lifecycle(r: FaultRun, event: string): EventOf<'node'>[] {
  return r.events.filter((e): e is EventOf<'node'> => e.type === 'node' && e.event === event);
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

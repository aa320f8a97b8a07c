// The controller's side of a simulated run, as one coroutine over virtual time:
// the same phases, waits and bookkeeping as src/run/pipeline.ts (form, warm up,
// inject the metadata update, run the nemesis, heal, quiesce, snapshot views,
// tear down). Who is up is tracked from lifecycle events, as the pipeline does.

import { byId } from '../../faults/select.js';
import type { ResolvedScenario } from '../config/types.js';
import type { LifecycleEvent } from '../history/types.js';
import type { NodeSpec } from '../runtime/types.js';
import type { SimCluster } from './cluster.js';
import type { SimNemesis } from './nemesis.js';
import type { SimObserver } from './observe.js';
import type { SimPlan } from './plan.js';
import type { SimRuntime } from './runtime.js';

export interface ScriptContext {
  s: ResolvedScenario;
  ids: readonly string[];
  plan: SimPlan;
  cluster: SimCluster;
  rt: SimRuntime;
  obs: SimObserver;
  nemesis: SimNemesis;
  specFor(id: string, seeds: string[]): NodeSpec;
  log(msg: string): void;
  monitor?: { everyMs: number; fn: (now: number) => void };
}

type PhaseName = 'setup' | 'nemesis' | 'heal' | 'quiesce' | 'teardown' | 'done';

/** Longest wait for the cluster to form, as in the pipeline. */
const FORM_MS = 30_000;

export function controllerScript(c: ScriptContext) {
  const { s, ids, plan, cluster, rt, obs, nemesis } = c;
  const up = new Set<string>();
  const known = new Set(ids);
  const newcomers = new Set<string>();
  let periodic = true;

  const phase = (name: PhaseName): void => {
    obs.record({ type: 'phase', name });
    c.log(`phase ${name} at ${(cluster.now / 1000).toFixed(3)} s (virtual)`);
  };
  const lifecycle = (node: string, event: LifecycleEvent, addr?: string): void => {
    if (newcomers.delete(node)) obs.adopt(node);
    obs.lifecycle(node, event, addr);
    if (event === 'killed' || event === 'left') up.delete(node);
    if (event === 'restarted' || event === 'joined' || event === 'started') { up.add(node); known.add(node); }
  };
  const observedUp = (): string[] => obs.observed(up);
  const waitUntil = async (cond: () => boolean, ms: number, every: number): Promise<boolean> => {
    const end = cluster.now + ms;
    for (;;) {
      if (cond()) return true;
      if (cluster.now >= end) return false;
      await cluster.sleep(every);
    }
  };
  const every = (ms: number, what: { stats: boolean; detector: boolean }): void => {
    if (!(ms > 0)) return;
    const tick = (): void => {
      if (!periodic) return;
      obs.periodic(cluster.nodes, cluster.now, what);
      cluster.at(cluster.now + ms, tick);
    };
    cluster.at(cluster.now + ms, tick);
  };

  async function startCluster(): Promise<void> {
    const specs = ids.map((id) => c.specFor(id, ids.slice(0, 3).filter((x) => x !== id)));
    const gap = plan.start === 'join' ? Math.min(200, 1000 / ids.length) : 0;
    await rt.startAll(specs, gap, (a) => {
      lifecycle(a.id, 'started', a.gossip);
      obs.ready(cluster.node(a.id), cluster.now);
    });
    if (plan.start === 'warm') for (const n of cluster.nodes) if (obs.has(n.id)) obs.warmView(n, observedUp(), cluster.now);
    const p = s.cluster.params;
    if (plan.stats) every(p.statsInterval, { stats: true, detector: false });
    if (plan.detector) every(p.detectorInterval, { stats: false, detector: true });
    const m = c.monitor;
    if (m && m.everyMs > 0) {
      const tick = (): void => {
        if (!periodic) return;
        m.fn(cluster.now);
        cluster.at(cluster.now + m.everyMs, tick);
      };
      cluster.at(cluster.now, tick);
    }
  }

  async function run(): Promise<void> {
    phase('setup');
    await startCluster();
    const formed = await waitUntil(() => obs.live.matches(observedUp()), FORM_MS, 100);
    if (!formed) obs.record({ type: 'note', level: 'warn', message: 'the cluster did not form within 30 s' });
    c.log(formed ? `cluster of ${ids.length} formed` : 'cluster did not fully form; going on');
    await cluster.sleep(s.warmup / 2);
    const version = await rt.update(plan.updateOrigin, 'warmup', `v-${s.seed}`);
    obs.record({ type: 'update', node: plan.updateOrigin, key: 'warmup', version });
    await cluster.sleep(s.warmup / 2);

    phase('nemesis');
    const origin = cluster.now;
    await nemesis.run(s.schedule, origin);
    await cluster.sleep(origin + s.duration - cluster.now);

    phase('heal');
    await nemesis.healAll();
    phase('quiesce');
    const settled = await waitUntil(() => obs.live.matches(observedUp(), true), s.quiesce, 250);
    c.log(settled ? 'views match the truth (crashed nodes reaped everywhere)' : `views did not settle within ${s.quiesce / 1000} s`);
    if (settled) await cluster.sleep(1000);
    for (const node of observedUp().sort(byId)) {
      try {
        obs.view(node, await rt.view(node));
      } catch (e) {
        obs.record({ type: 'view', node, self: node, members: [], error: (e as Error).message });
      }
    }

    phase('teardown');
    periodic = false;
    await rt.teardown();
    phase('done');
  }

  return {
    run,
    lifecycle: (node: string, event: LifecycleEvent): void => lifecycle(node, event),
    known: (): string[] => [...known],
    newNode: (): NodeSpec => {
      const id = `n${known.size + 1}`;
      known.add(id);
      newcomers.add(id);
      return c.specFor(id, [...up].slice(0, 3));
    },
  };
}

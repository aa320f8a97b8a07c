import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { render } from '../../reports/render.js';
import { History } from './histories.js';

type Semantics = Record<string, boolean>;

/** A history whose run event declares an implementation and its semantics (none: the built-in node). */
function declared(h: History, implementation?: string, semantics?: Semantics): History {
  const run = h.events[0]!;
  if (run.type !== 'run' || !implementation) return h;
  const config = run.config as { cluster: Record<string, unknown> };
  config.cluster['implementation'] = implementation;
  if (semantics) config.cluster['semantics'] = semantics;
  return h;
}

const REDIS = { evicts: false, incarnations: false, refutes: false, metadata: false, stats: false };
const SERF = { incarnations: false, suspect: false };

/**
 * A Redis-Cluster-like run: n5 crashes at 20 s; every survivor flags it pfail
 * (suspect) then fail (dead) in time, and nobody ever drops it from its view.
 * Member lines carry config epochs, which go up and down.
 */
function redisRun(implementation?: string, semantics?: Semantics, zombie = false): History {
  const h = declared(new History(5), implementation, semantics);
  h.phase(0, 'setup');
  h.formed(100);
  h.member(5000, 'n1', 'n2', 'alive', 5);
  h.member(6000, 'n1', 'n2', 'alive', 3);
  h.update(8000, 'n2', 'role', 1);
  h.phase(10_000, 'nemesis');
  h.crash(20_000, 'n5');
  ['n1', 'n2', 'n3', 'n4'].forEach((o, i) => h.member(22_000 + i * 300, o, 'n5', 'suspect'));
  ['n1', 'n2', 'n3', 'n4'].forEach((o, i) => h.member(26_000 + i * 300, o, 'n5', 'dead'));
  if (zombie) h.member(40_000, 'n2', 'n5', 'alive');
  h.phase(60_000, 'heal');
  h.phase(60_010, 'quiesce');
  h.phase(119_500, 'teardown');
  h.phase(120_000, 'done');
  return h;
}

/**
 * A Serf-like run: n5 crashes at 20 s and survivors go straight from alive to dead
 * 12 s later (Serf keeps its suspicion to itself). n1 loses n2 behind a short
 * partition, declares it dead, and sees it alive again after the heal with the
 * same (meaningless) incarnation.
 */
function serfRun(implementation?: string, semantics?: Semantics): History {
  const h = declared(new History(5), implementation, semantics);
  h.phase(0, 'setup');
  h.formed(100);
  for (const [t, k] of [[2000, 1], [6000, 5], [9000, 8]] as const) for (const id of h.ids) h.stats(t, id, { msgs: 6 * k, bytes: 300 * k });
  h.phase(10_000, 'nemesis');
  h.crash(20_000, 'n5');
  ['n1', 'n2', 'n3', 'n4'].forEach((o, i) => h.member(32_000 + i * 300, o, 'n5', 'dead'));
  ['n1', 'n2', 'n3', 'n4'].forEach((o, i) => h.removed(60_000 + i * 300, o, 'n5'));
  h.partition(40_000, 'start', 'p1', ['n1'], ['n2']);
  h.member(43_000, 'n1', 'n2', 'dead');
  h.partition(45_000, 'stop', 'p1', ['n1'], ['n2']);
  h.member(50_000, 'n1', 'n2', 'alive');
  h.phase(60_000, 'heal');
  h.phase(60_010, 'quiesce');
  h.phase(119_500, 'teardown');
  h.phase(120_000, 'done');
  return h;
}

describe('implementation semantics', () => {
  it('does not call a redis-cluster run that never evicts an anomaly, but still judges dead in time', () => {
    const builtin = runCheckers(redisRun().events).results['eviction']!;
    expect(builtin.valid).toBe(false);
    expect(builtin.violations[0]!.message).toContain('did not declare n5 removed');

    const r = runCheckers(redisRun('redis-cluster', REDIS).events).results['eviction']!;
    expect(r.valid).toBe(true);
    expect(r.notes).toEqual(['not evicted, by design: redis-cluster declares evicts=false']);
    expect(r.metrics['applicable']).toEqual({ detection: true, removal: false, zombies: true });
    expect((r.metrics['crashes'] as { allDead: number }[])[0]!.allDead).toBe(6.9);
  });

  it('still catches a zombie in a run that never evicts', () => {
    const r = runCheckers(redisRun('redis-cluster', REDIS, true).events).results['eviction']!;
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.observer, v.member])).toEqual([['n2', 'n5']]);
    expect(r.violations[0]!.message).toMatch(/^zombie: n2 saw n5 alive/);
  });

  it('leaves incarnations, dissemination and load unjudged where redis-cluster declares them absent', () => {
    const builtin = runCheckers(redisRun().events).results;
    expect(builtin['incarnation']!.valid).toBe(false);
    expect(builtin['incarnation']!.violations[0]!.message).toContain("n1 saw n2's incarnation go down from 5");
    expect(builtin['dissemination']!.valid).toBe('unknown');
    expect(builtin['load']!.valid).toBe('unknown');

    const r = runCheckers(redisRun('redis-cluster', REDIS).events).results;
    for (const name of ['incarnation', 'dissemination', 'load']) {
      expect(r[name]).toMatchObject({ valid: true, violations: [], metrics: { applicable: false } });
      expect(r[name]!.notes!.join(' ')).toContain('by design: redis-cluster declares');
    }
    expect(r['incarnation']!.notes).toContain('incarnation order not judged: member lines carry no meaningful incarnation, by design: redis-cluster declares incarnations=false');
    expect(r['load']!.notes).toEqual(['load not measured: no `stats` lines, by design: redis-cluster declares stats=false']);
  });

  it('judges a serf run that never reports suspect on first dead only', () => {
    const builtin = runCheckers(serfRun().events).results['detection']!;
    expect(builtin.valid).toBe(false);
    expect(builtin.violations[0]!.message).toContain('first suspected only after 12 s');

    const r = runCheckers(serfRun('serf', SERF).events).results['detection']!;
    expect(r.valid).toBe(true);
    expect(r.notes).toEqual(['first suspicion not judged or measured: no suspect state is reported, by design: serf declares suspect=false']);
    expect(r.metrics).toMatchObject({ applicable: { firstSuspicion: false, firstDead: true }, meanFirstSuspicion: null, meanFirstDead: 12 });
  });

  it('counts a serf member seen alive again as a refutation whatever its incarnation', () => {
    const builtin = runCheckers(serfRun().events).results['incarnation']!;
    expect(builtin.metrics).toMatchObject({ accusations: 5, refuted: 0 });
    const r = runCheckers(serfRun('serf', SERF).events).results['incarnation']!;
    expect(r.metrics).toMatchObject({ accusations: 5, refuted: 1, applicable: { decreases: false, refutation: true } });
    expect((r.metrics['refutations'] as { member: string; refuteLine: number }[])[0]).toMatchObject({ member: 'n2', observer: 'n1' });
    expect(r.notes).toContain('refutation judged as being seen alive again, whatever the incarnation');
  });

  it('marks false suspicions as not counted for an implementation that reports none', () => {
    const r = runCheckers(serfRun('serf', SERF).events).results['false-positives']!;
    expect(r.metrics['applicable']).toEqual({ suspect: false, dead: true });
    expect(r.notes).toEqual(['false suspicions not counted: no suspect state is reported, by design: serf declares suspect=false']);
  });

  it('shows the notes next to each checker in the report', () => {
    const h = redisRun('redis-cluster', REDIS);
    const html = render(h.events, runCheckers(h.events).results);
    expect(html).toContain('<li class="note">not evicted, by design: redis-cluster declares evicts=false</li>');
    expect(html.match(/not evicted, by design/g)).toHaveLength(2);
  });
});

// The Redis Cluster adapter's pure parts: CLUSTER NODES -> the lab's member view,
// roles from node ids, ProtocolParams -> cluster-node-timeout (and refusals),
// and what of the environment Redis cannot take.

import { describe, expect, it } from 'vitest';
import { labView, parseClusterNodes } from '../../../nodes/adapters/redis-cluster/cluster-nodes.js';
import { checkRedisEnv } from '../../../nodes/adapters/redis-cluster/env.js';
import { mapParams } from '../../../nodes/adapters/redis-cluster/params.js';
import { roleOf, SLOTS } from '../../../nodes/adapters/redis-cluster/roles.js';
import { parseConfig } from '../../../nodes/core/config.js';
import { readEnv } from '../../../nodes/process/env.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);
const E = 'e'.repeat(40);

const sample = [
  `${A} 10.0.0.2:7946@17946,n1 myself,master - 0 0 1 connected 0-5460`,
  `${B} 10.0.0.3:7946@17946,n2 master,fail? - 1700000000000 1700000000000 2 disconnected 5461-10922`,
  `${C} 10.0.0.4:7946@17946,n3 master,fail - 1700000000000 1700000000000 3 disconnected 10923-16383`,
  `${D} 10.0.0.5:7946@17946 handshake - 0 0 0 disconnected`,
  `${E} 10.0.0.6:7946@17946,n4 slave ${A} 0 1700000000000 1 connected`,
  '',
].join('\n');

describe('CLUSTER NODES to the lab view', () => {
  it('names members by their announced hostname and maps pfail to suspect, fail to dead; handshakes are not members yet', () => {
    const v = labView(parseClusterNodes(sample), 'n1', new Map());
    expect([...v.members.values()].map((m) => [m.id, m.state, m.role, m.addr])).toEqual([
      ['n1', 'alive', 'master', '10.0.0.2:7946'],
      ['n2', 'suspect', 'master', '10.0.0.3:7946'],
      ['n3', 'dead', 'master', '10.0.0.4:7946'],
      ['n4', 'alive', 'replica', '10.0.0.6:7946'],
    ]);
  });

  it('keeps the name of a node that loses its address (noaddr)', () => {
    const names = new Map<string, string>();
    labView(parseClusterNodes(sample), 'n1', names);
    const later = parseClusterNodes(`${A} 10.0.0.2:7946@17946,n1 myself,master - 0 0 1 connected\n${C} :0@0 master,fail,noaddr - 0 0 3 disconnected`);
    expect(labView(later, 'n1', names).members.get('n3')).toMatchObject({ state: 'dead', addr: '' });
    expect(labView(later, 'n1', new Map()).members.has('n3')).toBe(false);
  });

  it('shows the livelier of two Redis identities of one lab node and marks the failed one stale', () => {
    const text = `${A} 10.0.0.2:7946@17946,n1 myself,master - 0 0 1 connected\n`
      + `${B} 10.0.0.3:7946@17946,n2 master,fail - 0 0 2 disconnected\n${C} 10.0.0.3:7946@17946,n2 master - 0 0 4 connected`;
    const v = labView(parseClusterNodes(text), 'n1', new Map());
    expect(v.members.get('n2')).toMatchObject({ redisId: C, state: 'alive' });
    expect(v.stale.map((n) => n.redisId)).toEqual([B]);
  });
});

describe('roles from node ids', () => {
  it('makes n1..n3 masters covering all 16384 slots, and n4.. their replicas in turn', () => {
    const masters = ['n1', 'n2', 'n3'].map(roleOf);
    const ranges = masters.map((r): [number, number] => (r.kind === 'master' ? r.slots : [NaN, NaN]));
    const [a, b, c] = ranges as [[number, number], [number, number], [number, number]];
    expect([a[0], b[0], c[0], c[1]]).toEqual([0, a[1] + 1, b[1] + 1, SLOTS - 1]);
    expect(['n4', 'n5', 'n6', 'n7'].map((id) => roleOf(id))).toMatchObject([
      { kind: 'replica', master: 'n1' }, { kind: 'replica', master: 'n2' }, { kind: 'replica', master: 'n3' }, { kind: 'replica', master: 'n1' },
    ]);
  });

  it('refuses an id without an ordinal, naming GOSSIP_NODE_ID', () => {
    expect(() => roleOf('alpha')).toThrow(/GOSSIP_NODE_ID: .*ending in its ordinal.*"alpha"/);
  });
});

describe('protocol parameters to cluster-node-timeout', () => {
  const map = (json: object) => {
    const { preset, params } = parseConfig(JSON.stringify(json));
    return mapParams(preset, params);
  };

  it('uses suspicionMult × probeInterval, for every preset and for overrides of the mapped parameters', () => {
    expect(map({}).nodeTimeout).toBe(4000);
    expect(map({ preset: 'wan' }).nodeTimeout).toBe(30_000);
    expect(map({ preset: 'local' }).nodeTimeout).toBe(3000);
    expect(map({ probeInterval: 250, probeTimeout: 100, suspicionMult: 2, statsInterval: 0 }).nodeTimeout).toBe(500);
  });

  it.each([
    [{ detector: 'phi' }, /GOSSIP_CONFIG\.detector: cannot be honoured by Redis Cluster .*no phi accrual.*got "phi"/],
    [{ reapTime: 5000 }, /GOSSIP_CONFIG\.reapTime: .*never removes a failed member.*expected the lan preset's value 30000, got 5000/],
    [{ lifeguardLhm: false }, /GOSSIP_CONFIG\.lifeguardLhm: cannot be honoured.*got false/],
    [{ bugNeverEvict: true }, /GOSSIP_CONFIG\.bugNeverEvict: cannot be honoured/],
  ])('refuses %j naming the field, what was expected and what was found', (json, message) => {
    expect(() => map(json)).toThrow(message);
  });
});

describe('environment Redis cannot take', () => {
  const base = { GOSSIP_NODE_ID: 'n1', GOSSIP_BIND: '127.0.0.1:7946', GOSSIP_ADMIN: '127.0.0.1:7947' };
  const check = (vars: Record<string, string>) => checkRedisEnv(readEnv({ ...base, ...vars }), { ...base, ...vars });

  it('accepts the lab environment', () => {
    expect(() => check({ GOSSIP_SEEDS: 'n2@127.0.0.1:7948' })).not.toThrow();
  });

  it.each([
    [{ GOSSIP_NODE_ID: 'n_1' }, /GOSSIP_NODE_ID: .*hostname.*"n_1"/],
    [{ GOSSIP_BIND: '127.0.0.1:60000' }, /GOSSIP_BIND: .*port \+ 10000.*got 60000/],
    [{ GOSSIP_KEY: 'ab'.repeat(32) }, /GOSSIP_KEY: /],
    [{ LD_PRELOAD: '/lib/faketime/libfaketime.so.1' }, /LD_PRELOAD: libfaketime .*hangs redis-server/],
  ])('refuses %j', (vars, message) => {
    expect(() => check(vars)).toThrow(message);
  });
});

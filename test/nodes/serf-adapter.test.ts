import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../nodes/adapters/serf/log.js';
import { SerfView } from '../../nodes/adapters/serf/view.js';
import { serfConfig } from '../../nodes/adapters/serf/config.js';
import { tagsSize, SERF_TAGS_LIMIT } from '../../nodes/adapters/serf/tags.js';
import { readEnv } from '../../nodes/process/env.js';
import { parseStatsd, SerfMetrics, STATSD_ADDR } from '../../nodes/adapters/serf/metrics.js';

const env = (config: Record<string, unknown>): ReturnType<typeof readEnv> => readEnv({
  GOSSIP_NODE_ID: 'n1', GOSSIP_BIND: '10.0.0.2:7946', GOSSIP_ADMIN: '10.0.0.2:7947',
  GOSSIP_SEEDS: 'n2@10.0.0.3:7946,n3@10.0.0.4:7946', GOSSIP_CONFIG: JSON.stringify(config),
});

const member = (name: string, ip: number, status: string, tags: Record<string, string> = {}) => ({
  Name: name, Addr: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 0, 0, ip]), Port: 7946, Tags: tags, Status: status,
});

describe('the serf adapter', () => {
  it('reads state changes from serf and memberlist log lines, and nothing from the others', () => {
    expect(parseLogLine('    2026/11/21 21:29:40 [INFO] serf: EventMemberJoin: n2 10.0.0.3')).toEqual({ kind: 'join', member: 'n2' });
    expect(parseLogLine('    2026/11/21 21:29:49 [INFO] serf: EventMemberFailed: n3 10.0.0.4')).toEqual({ kind: 'failed', member: 'n3' });
    expect(parseLogLine('[INFO] serf: EventMemberLeave: n4 10.0.0.5')).toEqual({ kind: 'left', member: 'n4' });
    expect(parseLogLine('[INFO] serf: EventMemberReap: n4')).toEqual({ kind: 'reap', member: 'n4' });
    expect(parseLogLine('[INFO] memberlist: Suspect n3 has failed, no acks received')).toEqual({ kind: 'suspect', member: 'n3' });
    expect(parseLogLine('[INFO] memberlist: Marking n3 as failed, suspect timeout reached (0 peer confirmations)')).toBeUndefined();
    expect(parseLogLine('[DEBUG] memberlist: Failed ping: n3 (timeout reached)')).toBeUndefined();
    expect(parseLogLine('[INFO] agent: Received event: member-join')).toBeUndefined();
  });

  it('prints a member line only on a change, removes reaped members, and reports each new metadata version once', () => {
    const lines: Record<string, unknown>[] = [];
    const v = new SerfView('n1', (l) => lines.push(l));
    v.set('n1', 'alive');
    v.merge([member('n1', 2, 'alive'), member('n2', 3, 'alive', { color: 'blue', 'v:color': '1' }), member('n3', 4, 'failed')]);
    v.set('n2', 'alive');
    v.set('n2', 'suspect');
    v.merge([member('n2', 3, 'alive', { color: 'blue', 'v:color': '1' })]);
    v.merge([member('n2', 3, 'alive', { color: 'red', 'v:color': '2' })]);
    v.remove('n3');
    v.remove('n3');
    expect(lines).toEqual([
      { type: 'member', member: 'n1', state: 'alive', incarnation: 0 },
      { type: 'member', member: 'n2', state: 'alive', incarnation: 0 },
      { type: 'update', member: 'n2', key: 'color', version: 1 },
      { type: 'member', member: 'n3', state: 'dead', incarnation: 0 },
      { type: 'member', member: 'n2', state: 'suspect', incarnation: 0 },
      { type: 'update', member: 'n2', key: 'color', version: 2 },
      { type: 'removed', member: 'n3' },
    ]);
    expect(v.snapshot()).toEqual({ self: 'n1', members: [
      { id: 'n1', addr: '10.0.0.2:7946', state: 'alive', incarnation: 0 },
      { id: 'n2', addr: '10.0.0.3:7946', state: 'suspect', incarnation: 0 },
    ] });
  });

  it('maps the preset to a profile and reapTime to the reconnect and tombstone timeouts, stating the shortening', () => {
    const { config, notes } = serfConfig(env({ preset: 'wan', reapTime: 20000 }));
    expect(config).toMatchObject({ node_name: 'n1', bind: '10.0.0.2:7946', profile: 'wan', reconnect_timeout: '20000ms', tombstone_timeout: '20000ms',
      retry_join: ['10.0.0.3:7946', '10.0.0.4:7946'] });
    expect(notes.join('\n')).toMatch(/shortened from Serf's 24h default/);
    expect(notes.join('\n')).toMatch(/incarnation 0/);
  });

  it('shortens the reconnect interval with the timeout, so a failed member is retried before it is reaped, and keeps Serf\'s 30 s otherwise', () => {
    const short = serfConfig(env({ preset: 'lan', reapTime: 30000 }));
    expect(short.config).toMatchObject({ reconnect_timeout: '30000ms', reconnect_interval: '5000ms' });
    expect(short.notes.join('\n')).toMatch(/reconnect_interval 5000ms \(shortened from Serf's 30s/);
    expect(serfConfig(env({ preset: 'lan', reapTime: 300000 })).config).toMatchObject({ reconnect_interval: '30000ms' });
    expect(serfConfig(env({ preset: 'lan', reapTime: 3000 })).config).toMatchObject({ reconnect_interval: '1000ms' });
  });

  it('refuses a parameter Serf does not expose, naming it, and accepts one equal to the profile', () => {
    expect(() => serfConfig(env({ preset: 'lan', suspicionMult: 6 }))).toThrow(/GOSSIP_CONFIG\.suspicionMult: serf cannot honour 6; its lan profile fixes it at 4/);
    expect(() => serfConfig(env({ preset: 'lan', detector: 'phi' }))).toThrow(/GOSSIP_CONFIG\.detector/);
    expect(() => serfConfig(env({ preset: 'lan', suspicionMult: 4, statsInterval: 500 }))).not.toThrow();
  });

  it('sends memberlist\'s telemetry to the adapter, and turns it into stats and awareness (samples as this Serf build sends them)', () => {
    expect(serfConfig(env({ preset: 'lan' })).config).toMatchObject({ statsd_addr: STATSD_ADDR });
    const m = new SerfMetrics();
    expect(m.apply('serf-agent.vm.runtime.num_goroutines:23.000000|g\nserf-agent.serf.coordinate.adjustment-ms:0.524249|ms\n')).toBe(false);
    expect(m.heard).toBe(false);
    const changed = m.apply([
      'serf-agent.memberlist.gossip:0.043161|ms', 'serf-agent.memberlist.udp.sent:59.000000|c', 'serf-agent.memberlist.udp.sent:41.000000|c',
      'serf-agent.memberlist.udp.received:150.000000|c', 'serf-agent.memberlist.tcp.sent:812.000000|c', 'serf-agent.memberlist.probeNode:0.992240|ms',
      'not a sample', 'serf-agent.memberlist.udp.sent:x|c', '',
    ].join('\n'));
    expect(changed).toBe(false);
    expect(m.heard).toBe(true);
    expect(m.stats).toEqual({ sent: { udp: { msgs: 2, bytes: 100 }, tcp: { msgs: 1, bytes: 812 } }, recv: { udp: { msgs: 1, bytes: 150 } }, probes: 1 });
    // gauges carry the host name (the container's) after the prefix
    expect(m.apply('serf-agent.4f2a9c1e7b3d.memberlist.health.score:3.000000|g')).toBe(true);
    expect(m.awareness).toBe(3);
    expect(m.apply('serf-agent.4f2a9c1e7b3d.memberlist.health.score:3.000000|g')).toBe(false);
    expect(m.apply('serf-agent.4f2a9c1e7b3d.runtime.num_goroutines:23.000000|g')).toBe(false);
    expect(parseStatsd('a.b:1.5|ms|@0.1\nc:2|c')).toEqual([{ name: 'a.b', value: 1.5, kind: 'ms' }, { name: 'c', value: 2, kind: 'c' }]);
  });

  it('measures tags as Serf does, against its 512-byte limit', () => {
    expect(tagsSize({})).toBe(2);
    expect(tagsSize({ k: 'x'.repeat(600) })).toBeGreaterThan(SERF_TAGS_LIMIT);
  });
});

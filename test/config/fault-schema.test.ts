// Every fault kind's scenario errors name the file, the field, what was expected
// and what was found, and a valid entry of every kind is accepted.

import { describe, expect, it } from 'vitest';
import { parseScenarioText, resolveScenario } from '../../src/config/scenario.js';
import { ConfigError } from '../../src/errors.js';

function errorOf(nemesis: string, head = ''): ConfigError {
  try {
    resolveScenario(parseScenarioText(`${head}nemesis: ${nemesis}`, 'bad.yaml'), 'bad.yaml', { seed: 1 });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`expected a ConfigError for ${nemesis}`);
}

const wrong: [string, string, string, RegExp][] = [
  ['a loss with p: 1.5', '[{kind: loss, at: 1s, duration: 2s, node: n2, p: 1.5}]', 'nemesis.0.p', /expected at most 1, found 1\.5/],
  ['a loss with p: 0', '[{kind: loss, at: 1s, duration: 2s, node: n2, p: 0}]', 'nemesis.0.p', /greater than 0/],
  ['a loss with both a node and links', '[{kind: loss, at: 1s, duration: 2s, node: n2, p: 0.5, links: [[n1, n2]]}]', 'nemesis.0.node', /only one of links, node/],
  ['a loss on a link from a node to itself', '[{kind: loss, at: 1s, duration: 2s, p: 0.5, links: [[n1, n1]]}]', 'nemesis.0.links.0.1', /other than n1/],
  ['a clock drift with rate: -1', '[{kind: clock, at: 1s, duration: 2s, mode: drift, rate: -1}]', 'nemesis.0.rate', /greater than 0, found -1/],
  ['a clock drift without a rate', '[{kind: clock, at: 1s, duration: 2s, mode: drift}]', 'nemesis.0.rate', /mode drift needs it/],
  ['a clock offset with a rate', '[{kind: clock, at: 1s, duration: 2s, mode: offset, by: "+1h", rate: 2}]', 'nemesis.0.rate', /no rate with mode offset/],
  ['a clock offset that is not a duration', '[{kind: clock, at: 1s, duration: 2s, mode: offset, by: "1 hour"}]', 'nemesis.0.by', /signed duration such as \+1h/],
  ['a clock strobe without a period', '[{kind: clock, at: 1s, duration: 2s, mode: strobe, a: 1s, b: "-1s"}]', 'nemesis.0.period', /needs it/],
  ['an unknown clock mode', '[{kind: clock, at: 1s, duration: 2s, mode: warp}]', 'nemesis.0.mode', /one of "offset", "strobe", "drift", "reset"/],
  ['an unknown partition shape', '[{kind: partition, at: 1s, duration: 2s, shape: triangle}]', 'nemesis.0.shape', /one of "halves", .*"one-way", found "triangle"/],
  ['a grudge shape without a grudge', '[{kind: partition, at: 1s, duration: 2s, shape: grudge}]', 'nemesis.0.grudge', /shape grudge needs it/],
  ['a grudge keyed by a non-node', '[{kind: partition, at: 1s, duration: 2s, shape: grudge, grudge: {x1: [n2]}}]', 'nemesis.0.grudge.x1', /node id such as n3, found the key "x1"/],
  ['a one-way partition towards a node outside the cluster', '[{kind: partition, at: 1s, duration: 2s, shape: one-way, from: [n1], to: [n7]}]', 'nemesis.0.to.0', /5-node cluster/],
  ['one-way fields on another shape', '[{kind: partition, at: 1s, duration: 2s, shape: halves, from: [n1]}]', 'nemesis.0.from', /no from with shape halves/],
  ['a delay of 0', '[{kind: delay, at: 1s, duration: 2s, delay: 0}]', 'nemesis.0.delay', /greater than 0/],
  ['a delay on two nodes', '[{kind: delay, at: 1s, duration: 2s, delay: 5ms, nodes: [n1, n2]}]', 'nemesis.0.nodes', /known field/],
  ['a duplicate of 150%', '[{kind: duplicate, at: 1s, duration: 2s, percent: 150}]', 'nemesis.0.percent', /at most 100/],
  ['a reorder without a percent', '[{kind: reorder, at: 1s, duration: 2s}]', 'nemesis.0.percent', /required/],
  ['a bandwidth that is not a rate', '[{kind: bandwidth, at: 1s, duration: 2s, rate: fast}]', 'nemesis.0.rate', /rate such as 256kbit/],
  ['a pause with both node and count', '[{kind: pause, at: 1s, duration: 2s, node: n1, count: 2}]', 'nemesis.0.count', /only one of node, nodes, count/],
  ['a pause of more nodes than there are', '[{kind: pause, at: 1s, duration: 2s, count: 9}]', 'nemesis.0.count', /at most 5/],
  ['a pause without a duration', '[{kind: pause, at: 1s}]', 'nemesis.0.duration', /required/],
  ['a slow with duty 1', '[{kind: slow, at: 1s, duration: 2s, duty: 1}]', 'nemesis.0.duty', /less than 1/],
  ['a slow with both lag and a pause cycle', '[{kind: slow, at: 1s, duration: 2s, lag: 1s, period: 2s}]', 'nemesis.0.period', /no period with lag/],
  ['a slow with a lag of 0', '[{kind: slow, at: 1s, duration: 2s, lag: 0}]', 'nemesis.0.lag', /greater than 0/],
  ['a crash of an unknown node', '[{kind: crash, at: 1s, nodes: [n1, n8]}]', 'nemesis.0.nodes.1', /5-node cluster/],
  ['a leave with rejoin: yes-please', '[{kind: leave, at: 1s, rejoin: yes-please}]', 'nemesis.0.rejoin', /boolean/],
  ['a cpu limit of 0', '[{kind: cpu, at: 1s, duration: 2s, cpus: 0}]', 'nemesis.0.cpus', /greater than 0/],
  ['a churn with an unknown removal', '[{kind: churn, at: 1s, duration: 2s, rate: 6, remove: explode}]', 'nemesis.0.remove', /"leave", "kill"/],
  ['a mass restart with a gap', '[{kind: restart, at: 1s, mode: mass, gap: 1s}]', 'nemesis.0.gap', /no gap with mode mass/],
  ['a restart without a mode', '[{kind: restart, at: 1s}]', 'nemesis.0.mode', /one of "mass", "rolling", found nothing/],
  ['a flap of a crash that never restarts', '[{kind: flap, at: 1s, duration: 9s, period: 3s, fault: {kind: crash}}]', 'nemesis.0.fault.restart', /must come back/],
  ['a flap whose inner fault has a duration', '[{kind: flap, at: 1s, duration: 9s, period: 3s, fault: {kind: pause, duration: 1s}}]', 'nemesis.0.fault.duration', /unknown field/],
  ['a flap of an unknown kind', '[{kind: flap, at: 1s, duration: 9s, period: 3s, fault: {kind: meteor}}]', 'nemesis.0.fault.kind', /one of partition, .*restart, found "meteor"/],
  ['a flap inside a flap', '[{kind: flap, at: 1s, duration: 9s, period: 3s, fault: {kind: flap}}]', 'nemesis.0.fault.kind', /found "flap"/],
  ['an unknown generate mode', '{generate: {mode: chaos, faults: [{kind: pause, duration: 1s}]}}', 'nemesis.generate.mode', /"sequence", "random", "staggered", "flip-flop"/],
  ['a template with `at`', '{generate: {mode: random, faults: [{kind: pause, duration: 1s, at: 3s}]}}', 'nemesis.generate.faults.0.at', /unknown field/],
  ['a template with a bad field', '{generate: {mode: random, faults: [{kind: loss, duration: 1s, p: 2}]}}', 'nemesis.generate.faults.0.p', /at most 1/],
  ['generation past the nemesis phase', '{generate: {mode: random, until: 50s, faults: [{kind: pause, duration: 1s}]}}', 'nemesis.generate.until', /at most the nemesis phase/],
  ['a fixed entry after the nemesis phase', '{generate: {mode: random, faults: [{kind: pause, duration: 1s}]}, fixed: [{kind: crash, at: 45s}]}', 'nemesis.fixed.0.at', /before the end/],
  ['a nemesis that is neither a list nor a schedule', '5', 'nemesis', /an array or an object/],
];

describe('fault entry errors', () => {
  it.each(wrong)('%s names its field', (_what, yaml, field, message) => {
    const e = errorOf(yaml);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`bad.yaml: ${field}: expected `)).toBe(true);
  });

  it('a churn that keeps every node names `keep`', () => {
    expect(errorOf('[{kind: churn, at: 1s, duration: 2s, rate: 6, keep: [n1, n2]}]', 'cluster: {nodes: 2}\n').message)
      .toMatch(/nemesis\.0\.keep: expected fewer nodes than the cluster has/);
  });

  it('a bridge partition on two nodes names the entry', () => {
    expect(errorOf('[{kind: partition, at: 1s, duration: 1s, shape: bridge}]', 'cluster: {nodes: 2}\n').message)
      .toMatch(/nemesis\.0: expected a cluster of at least 3 nodes for a bridge partition, found 2 node\(s\)/);
  });
});

describe('valid entries of every kind', () => {
  it('resolve, with durations in ms and rates in kbit/s', () => {
    const text = `nemesis:
  - {kind: partition, at: 0, duration: 1s, shape: one-way, from: [n1], to: [n2]}
  - {kind: loss, at: 1s, duration: 1s, links: [[n1, n2]], p: 0.5}
  - {kind: delay, at: 2s, duration: 1s, node: n1, delay: 100ms, jitter: 10ms, correlation: 25}
  - {kind: duplicate, at: 3s, duration: 1s, percent: 5}
  - {kind: reorder, at: 4s, duration: 1s, percent: 5, delay: 20ms}
  - {kind: bandwidth, at: 5s, duration: 1s, rate: 1.5mbit}
  - {kind: clock, at: 6s, duration: 1s, nodes: [n2, n3], mode: strobe, a: "-2s", b: "+2s", period: 500ms}
  - {kind: pause, at: 7s, duration: 1s, count: 2}
  - {kind: slow, at: 8s, duration: 1s, period: 200ms, duty: 0.3}
  - {kind: crash, at: 9s, node: n2, restart: true, duration: 1s}
  - {kind: leave, at: 10s, node: n3, rejoin: true, duration: 1s}
  - {kind: cpu, at: 11s, duration: 1s, cpus: 0.1}
  - {kind: churn, at: 12s, duration: 10s, rate: 12, remove: kill}
  - {kind: restart, at: 23s, mode: rolling, count: 2, down: 500ms, gap: 1s}
  - {kind: flap, at: 26s, duration: 6s, period: 2s, fault: {kind: loss, node: n4, p: 0.5}}
`;
    const s = resolveScenario(parseScenarioText(text, 'ok.yaml'), 'ok.yaml', { seed: 1 });
    expect(new Set(s.schedule.map((f) => f.kind)).size).toBe(14);
    const byId = Object.fromEntries(s.schedule.map((f) => [f.id, f]));
    expect(byId['f3-delay']!.params.shape).toEqual({ netem: { delay: 100, jitter: 10, correlation: 25 } });
    expect(byId['f6-bandwidth']!.params.shape).toEqual({ rateKbit: 1500 });
    expect(byId['f7-clock']!.params).toMatchObject({ a: -2000, b: 2000, period: 500 });
    expect(byId['f14-restart']!.duration).toBe(2 * 500 + 1000);
    expect(s.schedule.filter((f) => f.id.startsWith('f15-flap-')).map((f) => [f.at, f.duration])).toEqual([[26_000, 1000], [28_000, 1000], [30_000, 1000]]);
  });
});

// The Serf adapter, the entry point of a Serf node (bundled to adapters/serf.mjs):
// speaks the node contract outside and drives a real `serf agent` inside. Exit 2
// on a configuration Serf cannot honour, 1 when the agent cannot start or dies
// on its own, 0 on SIGTERM/SIGINT (the agent is stopped first).

import { readEnv } from '../../process/env.js';
import { awaitBindAddress } from '../../process/bind-address.js';
import { adminServer } from '../../process/admin.js';
import { suspicionTimeoutMax } from '../../core/params.js';
import { RPC_ADDR, serfConfig } from './config.js';
import { startAgent } from './agent.js';
import { parseLogLine, type LogEvent } from './log.js';
import { SerfRpc, type SerfCoordinate } from './rpc.js';
import { SerfView, VERSION_TAG } from './view.js';
import { SERF_TAGS_LIMIT, tagsSize } from './tags.js';
import { listenMetrics } from './metrics-socket.js';
import { lineOut } from '../../process/line-out.js';

function fail(code: number, message: string): never {
  process.stderr.write(`serf-adapter: ${message}\n`);
  process.exit(code);
}

const out = lineOut(process.env, (m) => process.stderr.write(`serf-adapter: ${m}\n`));
const print = (line: Record<string, unknown>): void => { out(`${JSON.stringify({ ...line, ts: Date.now() })}\n`); };

let env: ReturnType<typeof readEnv>;
let setup: ReturnType<typeof serfConfig>;
try {
  env = readEnv(process.env);
  setup = serfConfig(env);
} catch (e) {
  fail(2, (e as Error).message);
}
for (const n of setup.notes) process.stderr.write(`serf-adapter: ${n}\n`);
await awaitBindAddress(env.bind.host).catch((e: Error) => fail(1, `cannot start: ${e.message}`));

let phase: 'starting' | 'running' | 'leaving' | 'stopping' = 'starting';
let view: SerfView | undefined;
let rpc: SerfRpc | undefined;
const early: LogEvent[] = [];
const baseline = new Map<string, string>();

// Telemetry first, so the agent's first samples are not lost: `stats` every
// statsInterval once memberlist has reported anything, `detector` on each change of awareness.
const metrics = await listenMetrics(() => { if (view) print({ type: 'detector', awareness: metrics.awareness }); })
  .catch((e: Error) => fail(1, `cannot listen for serf's metrics: ${e.message}`));

const agent = startAgent(setup.config, (line) => {
  const ev = parseLogLine(line);
  if (!ev) return;
  if (view) apply(ev);
  else early.push(ev);
});
agent.on('exit', (code, sig) => {
  if (phase === 'stopping') process.exit(0);
  if (phase === 'leaving') return; // Serf shuts itself down after a graceful leave; the contract keeps answering /view.
  fail(1, `the serf agent ended on its own (${sig ?? `exit ${code}`})`);
});
agent.on('error', (e) => fail(1, `cannot start ${'/usr/bin/serf'}: ${e.message}`));

function apply(ev: LogEvent): void {
  const v = view!;
  switch (ev.kind) {
    case 'join': v.set(ev.member, 'alive'); return void refresh();
    case 'failed': return v.set(ev.member, 'dead');
    case 'left': return v.set(ev.member, 'left');
    case 'reap': return v.remove(ev.member);
    case 'update': return void refresh();
    case 'suspect':
      if (v.state(ev.member) !== 'alive') return;
      v.set(ev.member, 'suspect');
      void coordinateOf(ev.member).then((c) => baseline.set(ev.member, c));
      return;
    default: { const never: never = ev; return never; }
  }
}

/** Addresses, newly seen members and metadata versions from the agent's member list. */
async function refresh(): Promise<void> {
  try {
    view?.merge(await rpc!.members());
  } catch (e) {
    process.stderr.write(`serf-adapter: members: ${(e as Error).message}\n`);
  }
}

async function coordinateOf(member: string): Promise<string> {
  const c: SerfCoordinate | undefined = await rpc!.coordinate(member).catch(() => undefined);
  return JSON.stringify(c ?? null);
}

/**
 * A suspicion ends in Serf's failure event, or silently when the member refutes.
 * The silent end is seen when an ack to a later probe of ours updates the
 * member's coordinate, or at the latest when memberlist's longest suspicion
 * timeout has passed without a failure (by then memberlist has cleared it).
 */
async function clearRefuted(): Promise<void> {
  const v = view!;
  const n = v.snapshot().members.length;
  const longest = suspicionTimeoutMax(env.params, n) + env.params.probeInterval;
  for (const [member, since] of v.suspects()) {
    const before = baseline.get(member);
    if (before === undefined) continue;
    const now = await coordinateOf(member);
    if (v.state(member) !== 'suspect') continue;
    if (now !== before || performance.now() - since > longest) {
      baseline.delete(member);
      v.set(member, 'alive');
    }
  }
}

async function connectRpc(): Promise<SerfRpc> {
  const deadline = performance.now() + 20_000;
  for (;;) {
    try {
      return await SerfRpc.open(RPC_ADDR);
    } catch (e) {
      if (performance.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let version = 0;
/** Our tags as Serf holds them: the size limit is checked before Serf is asked, so a printed update is never refused after. */
const tags: Record<string, string> = {};
const admin = adminServer({
  view: () => view!.snapshot(),
  async update(key, value) {
    if (key.startsWith(VERSION_TAG)) throw new Error(`"key": keys beginning with "${VERSION_TAG}" are reserved for versions`);
    const next = version + 1;
    const change = { [key]: value, [`${VERSION_TAG}${key}`]: String(next) };
    const size = tagsSize({ ...tags, ...change });
    if (size > SERF_TAGS_LIMIT) throw new Error(`tags would encode to ${size} bytes; Serf carries at most ${SERF_TAGS_LIMIT}`);
    version = next;
    Object.assign(tags, change);
    // Printed first: Serf starts gossiping the new tags before its RPC answers.
    view!.ownUpdate(key, version);
    await rpc!.setTags(change);
    return { key, version };
  },
  async leave() {
    if (phase !== 'running') return;
    phase = 'leaving';
    view!.set(env.id, 'left');
    await rpc!.leave().catch((e: Error) => process.stderr.write(`serf-adapter: leave: ${e.message}\n`));
  },
  metrics: () => Object.entries(view!.counts()).map(([s, c]) => `gossip_members{node="${env.id}",state="${s}"} ${c}`).join('\n') + '\n',
});

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    phase = 'stopping';
    if (agent.exitCode !== null || agent.signalCode !== null) process.exit(0);
    agent.kill('SIGTERM');
    setTimeout(() => { agent.kill('SIGKILL'); process.exit(0); }, 1500).unref();
  });
}

try {
  rpc = await connectRpc();
  const members = await rpc.members();
  await new Promise<void>((resolve, reject) => {
    admin.once('error', reject);
    admin.listen(env.admin.port, env.admin.host, resolve);
  });
  // The agent is bound (its RPC answers only after memberlist's sockets are up).
  print({ type: 'ready' });
  view = new SerfView(env.id, print);
  view.set(env.id, 'alive');
  view.merge(members);
  for (const ev of early.splice(0)) apply(ev);
  phase = 'running';
  setInterval(() => { void clearRefuted(); }, 250);
  print({ type: 'detector', awareness: metrics.awareness });
  if (env.params.statsInterval > 0) {
    setInterval(() => { if (metrics.heard) print({ type: 'stats', ...metrics.stats }); }, env.params.statsInterval);
  }
} catch (e) {
  agent.kill('SIGKILL');
  fail(1, `cannot start: ${(e as Error).message}`);
}

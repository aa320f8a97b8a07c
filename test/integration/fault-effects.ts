// Measuring what a fault really does, from outside the node: bounded UDP probe
// streams between lab containers, counted by iptables rules in the receiver's
// namespace, and the node's own output lines. Traffic goes only between this
// run's containers, and every stream is bounded in count.

import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { inNetns, labPid } from '../../src/runtime/docker/netns.js';
import { containerName } from '../../src/labels.js';
import type { NodeAddress } from '../../src/runtime/types.js';

export const PROBE_PORT = 9999;

async function pidOf(runId: string, node: string): Promise<number> {
  return labPid(containerName(runId, node), runId);
}

/**
 * Send `count` UDP datagrams from each source to each destination, and return
 * how many arrived, keyed "from->to". Counting rules are appended to INPUT (after
 * any fault rule, which is inserted first), so they see only what got through.
 */
export async function deliveries(runId: string, addrs: NodeAddress[], pairs: [string, string][], count: number): Promise<Map<string, number>> {
  const ip = new Map(addrs.map((a) => [a.id, a.ip]));
  const tag = `gossiplab:${runId}:probe`;
  const receivers = [...new Set(pairs.map(([, to]) => to))];
  for (const to of receivers) {
    const pid = await pidOf(runId, to);
    for (const [from] of pairs.filter(([, t]) => t === to)) {
      await inNetns(pid, 'iptables', ['-w', '-A', 'INPUT', '-s', `${ip.get(from)}/32`, '-p', 'udp', '--dport', String(PROBE_PORT), '-m', 'comment', '--comment', tag, '-j', 'ACCEPT']);
    }
  }
  const senders = [...new Set(pairs.map(([from]) => from))];
  await Promise.all(senders.map(async (from) => {
    const targets = pairs.filter(([f]) => f === from).map(([, to]) => ip.get(to)!);
    const script = `const d=require('dgram').createSocket('udp4');const t=${JSON.stringify(targets)};let n=0;` +
      `function go(){if(n>=${count}){d.close();return;}for(const a of t)d.send(Buffer.from('probe'),${PROBE_PORT},a);n++;setImmediate(go);}go();`;
    await execa('nsenter', ['-t', String(await pidOf(runId, from)), '-n', process.execPath, '-e', script], { timeout: 30_000 });
  }));
  await new Promise((r) => setTimeout(r, 300));
  const out = new Map<string, number>();
  for (const to of receivers) {
    const pid = await pidOf(runId, to);
    const listing = await inNetns(pid, 'iptables', ['-w', '-L', 'INPUT', '-v', '-x', '-n']);
    for (const line of listing.split('\n').filter((l) => l.includes(tag))) {
      const cols = line.trim().split(/\s+/);
      const src = cols[7]!;
      const from = [...ip].find(([, v]) => v === src)?.[0];
      if (from) out.set(`${from}->${to}`, Number(cols[0]));
    }
    for (;;) {
      const save = await inNetns(pid, 'iptables-save', []);
      const rule = save.split('\n').find((l) => l.includes(tag));
      if (!rule) break;
      const args = [...rule.replace(/^-A /, '-D ').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      await inNetns(pid, 'iptables', ['-w', ...args]);
    }
  }
  return out;
}

/** The pings a node's cumulative `stats` line counts. */
function pings(x: { line: Record<string, unknown> }): number {
  return (x.line.sent as Record<string, { msgs: number }>)?.ping?.msgs ?? 0;
}

/** Lines a node printed, collected from the runtime's sink, with the controller's receipt time. */
export class Lines {
  readonly byNode = new Map<string, { t: number; line: Record<string, unknown> }[]>();

  sink = (node: string, line: string, stream: 'stdout' | 'stderr'): void => {
    if (stream !== 'stdout') return;
    try {
      const l = JSON.parse(line) as Record<string, unknown>;
      const list = this.byNode.get(node) ?? [];
      list.push({ t: performance.now(), line: l });
      this.byNode.set(node, list);
    } catch { /* not a contract line */ }
  };

  of(node: string, type: string, from = 0, to = Infinity): { t: number; line: Record<string, unknown> }[] {
    return (this.byNode.get(node) ?? []).filter((x) => x.line.type === type && x.t >= from && x.t < to);
  }

  /** Pings sent per second between two times, from the node's cumulative `stats` lines. */
  pingRate(node: string, from: number, to: number): number {
    const stats = this.of(node, 'stats', from, to);
    if (stats.length < 2) return 0;
    const a = stats[0]!, b = stats.at(-1)!;
    return (pings(b) - pings(a)) / ((b.t - a.t) / 1000);
  }

  /**
   * Pings sent per second from the node's last `stats` line received by `from` to
   * its first received after `to`, timed by the lines' own `ts`: a starved node
   * prints late or not at all, but its counters still say what it sent. NaN when
   * either line is missing, so a measurement that was never made cannot pass.
   */
  pingRateAcross(node: string, from: number, to: number): number {
    const stats = this.of(node, 'stats');
    const a = stats.filter((x) => x.t <= from).at(-1);
    const b = stats.find((x) => x.t > to);
    if (!a || !b || typeof a.line.ts !== 'number' || typeof b.line.ts !== 'number') return NaN;
    return (pings(b) - pings(a)) / ((b.line.ts - a.line.ts) / 1000);
  }
}

/**
 * Host processes in the stopped state (T): a frozen node left behind shows up
 * here. With `runId`, only those in that run's cgroup (`gossiplab-<run>`, where
 * the run has one), so that another run's paused node, running beside it, is not
 * counted.
 */
export async function stoppedProcesses(runId?: string): Promise<string[]> {
  const r = await execa('ps', ['-eo', 'stat=,pid=,comm=']);
  const stopped = r.stdout.split('\n').filter((l) => l.trim().startsWith('T') && l.includes('node'));
  if (runId === undefined) return stopped;
  return stopped.filter((l) => {
    try {
      return readFileSync(`/proc/${l.trim().split(/\s+/)[1]}/cgroup`, 'utf8').includes(`/gossiplab-${runId}/`);
    } catch {
      return false; // gone meanwhile
    }
  });
}

// `gossiplab clean`: removes everything that carries the lab's label, whichever
// run created it and however that run ended: containers (paused ones are
// resumed first), the runs' bridges (alias gossiplab:<run>:network), networks an
// earlier version made in the engine, host iptables rules with the lab's comment,
// leftover faketime control files and line pipes (/run/gossiplab/<run>), the runs' empty CPU cgroups, and the neighbour-table thresholds a run
// raised and could not put back. It reports what it removed.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { docker } from './runtime/docker/engine.js';
import { LABEL } from './labels.js';
import { FAKETIME_ROOT } from './runtime/docker/clock.js';
import { NeighbourLimits } from './runtime/docker/neighbour-limits.js';
import { labBridges, removeLabNetwork } from './runtime/docker/network.js';
import { removeCgroupsPatiently } from './runtime/docker/cpu-weight.js';

export interface CleanReport {
  containers: string[]; networks: string[]; rules: string[]; files: string[]; sysctls: string[];
  /** What could not be removed, and why. */
  kept: string[];
}

export async function clean(): Promise<CleanReport> {
  const report: CleanReport = { containers: [], networks: [], rules: [], files: [], sysctls: [], kept: [] };
  const filters = { label: [LABEL] };
  for (const c of await docker().listContainers({ all: true, filters })) {
    const ct = docker().getContainer(c.Id);
    if (c.State === 'paused') await ct.unpause().catch(() => {});
    await ct.remove({ force: true, v: true });
    report.containers.push(c.Names[0]?.replace(/^\//, '') ?? c.Id);
  }
  for (const b of labBridges()) {
    const refused = removeLabNetwork(b);
    if (refused) report.kept.push(`bridge ${b}: ${refused}`);
    else report.networks.push(b);
  }
  for (const n of await docker().listNetworks({ filters })) {
    const err = await docker().getNetwork(n.Id).remove().then(() => undefined, (e: Error) => e.message);
    if (err) report.kept.push(`network ${n.Name}: ${err}`);
    else report.networks.push(n.Name);
  }
  report.rules = await removeHostRules();
  if (existsSync(FAKETIME_ROOT)) {
    for (const f of readdirSync(FAKETIME_ROOT)) report.files.push(`${FAKETIME_ROOT}/${f}`);
    rmSync(FAKETIME_ROOT, { recursive: true, force: true });
  }
  report.sysctls = new NeighbourLimits().clean();
  const cgroups = await removeCgroupsPatiently();
  report.files.push(...cgroups.removed.map((c) => `/sys/fs/cgroup/${c}`));
  report.kept.push(...cgroups.left);
  return report;
}

/** Host iptables rules that carry the lab's comment (a run's FORWARD rule for its bridge, or one a broken lab left). */
async function removeHostRules(): Promise<string[]> {
  const save = await execa('iptables-save', [], { reject: false });
  if (save.exitCode !== 0) return [];
  const removed: string[] = [];
  let table = 'filter';
  for (const line of save.stdout.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    if (!line.startsWith('-A ') || !line.includes(`${LABEL}:`)) continue;
    const args = splitRule(line.replace(/^-A /, '-D '));
    const r = await execa('iptables', ['-w', '-t', table, ...args], { reject: false });
    if (r.exitCode === 0) removed.push(`${table}: ${line}`);
  }
  return removed;
}

function splitRule(rule: string): string[] {
  return [...rule.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

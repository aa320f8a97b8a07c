// What this host can do, probed without leaving anything behind: netem and tbf
// are tried inside a throw-away network namespace (unshare -n), never on a real
// interface. The result goes into every run's history and report.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { release, cpus, totalmem } from 'node:os';
import { engineVersion } from './runtime/docker/engine.js';
import { hostFaketimeLib } from './runtime/docker/image.js';

export interface HostCapabilities {
  root: boolean;
  docker: string | null;
  kernel: string;
  cores: number;
  memoryGiB: number;
  iptables: boolean;
  nsenter: boolean;
  /** iproute2's `ip`: the lab wires each container into its run's bridge with it. */
  ip: boolean;
  netem: boolean;
  tbf: boolean;
  libfaketime: string | null;
  /** cgroup CPU quota control (docker update --cpus). */
  cpuCgroup: boolean;
}

async function ok(cmd: string, args: string[]): Promise<boolean> {
  const r = await execa(cmd, args, { reject: false, timeout: 10_000 });
  return r.exitCode === 0;
}

/** Try a qdisc kind on the loopback of a private, throw-away network namespace. */
async function qdiscWorks(spec: string[]): Promise<boolean> {
  return ok('unshare', ['-n', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', ...spec]);
}

export async function probeHost(): Promise<HostCapabilities> {
  const root = process.getuid?.() === 0;
  const [docker, iptables, nsenter, ip, netem, tbf] = await Promise.all([
    engineVersion(),
    ok('iptables', ['--version']),
    ok('nsenter', ['--version']),
    ok('ip', ['-V']),
    root ? qdiscWorks(['netem', 'delay', '1ms']) : Promise.resolve(false),
    root ? qdiscWorks(['tbf', 'rate', '1mbit', 'burst', '32kbit', 'latency', '400ms']) : Promise.resolve(false),
  ]);
  return {
    root,
    docker: docker ?? null,
    kernel: release(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    iptables, nsenter, ip, netem, tbf,
    libfaketime: hostFaketimeLib() ?? null,
    cpuCgroup: existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') || existsSync('/sys/fs/cgroup/cpu.max') || existsSync('/sys/fs/cgroup/cgroup.controllers'),
  };
}

/** The host commands a Docker run cannot do without that this host lacks, with the Debian package of each. */
export function missingCommands(h: Pick<HostCapabilities, 'iptables' | 'nsenter' | 'ip'>): string[] {
  const want: [boolean, string][] = [[h.iptables, 'iptables (apt-get install iptables)'], [h.nsenter, 'nsenter (apt-get install util-linux)'], [h.ip, 'ip (apt-get install iproute2)']];
  return want.filter(([has]) => !has).map(([, what]) => what);
}

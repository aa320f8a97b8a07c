// Runs iptables and tc inside a lab container's network namespace, from the host
// (nsenter on the container's pid). Every call first checks that the target
// carries this run's label, so a privileged action can never reach a container
// the lab did not create.

import { execa } from 'execa';
import { docker } from './engine.js';
import { LABEL_RUN } from '../../labels.js';
import { LabError } from '../../errors.js';

export async function labPid(containerId: string, runId: string): Promise<number> {
  const info = await docker().getContainer(containerId).inspect();
  if (info.Config.Labels?.[LABEL_RUN] !== runId) {
    throw new LabError('GOSSIPLAB_NOT_OURS', `refusing to touch container ${info.Name}: it does not carry ${LABEL_RUN}=${runId}`);
  }
  if (!info.State.Running || !info.State.Pid) {
    throw new LabError('GOSSIPLAB_NOT_RUNNING', `container ${info.Name} is not running`);
  }
  return info.State.Pid;
}

export async function inNetns(pid: number, cmd: string, args: string[]): Promise<string> {
  const r = await execa('nsenter', ['-t', String(pid), '-n', cmd, ...args], { reject: false });
  if (r.exitCode !== 0) {
    throw new LabError('GOSSIPLAB_NETNS', `${cmd} ${args.join(' ')} in netns of pid ${pid} failed: ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/** The iptables rules in the namespace that mention `needle` (iptables-save format). */
export async function rulesMentioning(pid: number, needle: string): Promise<string[]> {
  const out = await inNetns(pid, 'iptables-save', []);
  return out.split('\n').filter((l) => l.includes(needle));
}

// A lab node's processes as the host sees them: every process of the container
// (an adapter and the program it drives) frozen and thawed with SIGSTOP and
// SIGCONT (read back from /proc, so a pause that did not take is an error), and
// starved of CPU by a cgroup quota shared with a busy neighbour process. Teardown
// thaws and ends everything here, so no frozen process or busy loop outlives a run.

import type Docker from 'dockerode';
import { LabError } from '../../errors.js';
import { containerPids, processState } from './container-pids.js';

export class Processes {
  private readonly paused = new Set<string>();
  /** Host pids of the busy neighbours started by CPU starvation, by node. */
  private readonly hogs = new Map<string, number>();

  constructor(
    private readonly pid: (node: string) => Promise<number>,
    private readonly pidIfRunning: (node: string) => Promise<number | undefined>,
    private readonly container: (node: string) => Docker.Container,
  ) {}

  async pause(node: string): Promise<void> {
    const pids = containerPids(await this.pid(node));
    this.paused.add(node);
    for (const p of pids) signal(p, 'SIGSTOP');
    const running = (): number[] => pids.filter((p) => !['T', 'Z', undefined].includes(processState(p)));
    for (let i = 0; i < 50 && running().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    const left = running();
    if (left.length) throw new LabError('GOSSIPLAB_FAULT', `${node}: pid(s) ${left.join(', ')} of ${pids.length} not stopped after SIGSTOP`);
  }

  async resume(node: string): Promise<void> {
    const pid = await this.pidIfRunning(node);
    if (pid !== undefined) for (const p of containerPids(pid)) signal(p, 'SIGCONT');
    this.paused.delete(node);
  }

  /**
   * CPU starvation: a cgroup quota of `cpus`, shared with a busy process started
   * beside the node (a noisy neighbour), so the node is starved whether or not it
   * is busy itself. null lifts the quota and ends the neighbour.
   */
  async setCpu(node: string, cpus: number | null): Promise<void> {
    await this.pid(node);
    const c = this.container(node);
    if (cpus === null) {
      const hog = this.hogs.get(node);
      this.hogs.delete(node);
      if (hog) { try { process.kill(hog, 'SIGKILL'); } catch { /* already gone */ } }
      await c.update({ CpuQuota: -1, CpuPeriod: 100_000 });
      return;
    }
    // The neighbour is started before the quota is set: an exec joins the container's cgroup, and under a
    // quota of a fraction of a percent the exec's own start-up (the runtime's init, then node's) took
    // seconds, during which the fault was not yet what it said.
    if (!this.hogs.has(node)) {
      // Bounded by itself too (10 min), in case the controller dies before healing.
      const exec = await c.exec({ Cmd: ['/usr/local/bin/node', '-e', 'const e=Date.now()+600000;while(Date.now()<e){}'], AttachStdout: false, AttachStderr: false });
      await exec.start({ Detach: true });
      const info = await exec.inspect();
      if (info.Pid) this.hogs.set(node, info.Pid);
    }
    // The kernel's smallest quota is 1 ms: below 1% of a CPU, stretch the period (up to 1 s) instead.
    const period = cpus * 100_000 >= 1000 ? 100_000 : 1_000_000;
    await c.update({ CpuPeriod: period, CpuQuota: Math.max(1000, Math.round(cpus * period)) });
  }

  /** The node's process died (killed): nothing of it is paused any more. */
  forget(node: string): void {
    this.paused.delete(node);
  }

  async releaseAll(): Promise<void> {
    for (const node of [...this.paused]) await this.resume(node).catch(() => {});
    for (const node of [...this.hogs.keys()]) await this.setCpu(node, null).catch(() => {});
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch { /* the process ended meanwhile */ }
}

// A lab node's process as the host sees it: frozen and thawed with SIGSTOP and
// SIGCONT (read back from /proc, so a pause that did not take is an error), and
// starved of CPU by a cgroup quota shared with a busy neighbour process. Teardown
// thaws and ends everything here, so no frozen process or busy loop outlives a run.

import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { LabError } from '../../errors.js';

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
    const pid = await this.pid(node);
    this.paused.add(node);
    process.kill(pid, 'SIGSTOP');
    for (let i = 0; i < 50 && processState(pid) !== 'T'; i++) await new Promise((r) => setTimeout(r, 10));
    if (processState(pid) !== 'T') throw new LabError('GOSSIPLAB_FAULT', `${node} (pid ${pid}) is not stopped after SIGSTOP`);
  }

  async resume(node: string): Promise<void> {
    const pid = await this.pidIfRunning(node);
    if (pid !== undefined) process.kill(pid, 'SIGCONT');
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
    // The kernel's smallest quota is 1 ms: below 1% of a CPU, stretch the period (up to 1 s) instead.
    const period = cpus * 100_000 >= 1000 ? 100_000 : 1_000_000;
    await c.update({ CpuPeriod: period, CpuQuota: Math.max(1000, Math.round(cpus * period)) });
    if (this.hogs.has(node)) return;
    // Bounded by itself too (10 min), in case the controller dies before healing.
    const exec = await c.exec({ Cmd: ['/usr/local/bin/node', '-e', 'const e=Date.now()+600000;while(Date.now()<e){}'], AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
    const info = await exec.inspect();
    if (info.Pid) this.hogs.set(node, info.Pid);
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

/** The state letter of a host process (R, S, T, Z, …), from /proc. */
function processState(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return undefined;
  }
}

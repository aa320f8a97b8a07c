// Traffic shaping on a container's eth0, from the host: tbf for bandwidth, netem
// for delay, jitter, duplication and reordering where the kernel has netem. One
// root qdisc per node, so one shaping fault per node at a time; a second one is
// refused with the name of the first. Clearing restores the default qdisc and
// reads it back.

import { inNetns } from './netns.js';
import { LabError } from '../../errors.js';
import type { NetemSpec } from '../types.js';

export type ShapeSpec = { rateKbit: number } | { netem: NetemSpec };

export function qdiscArgs(spec: ShapeSpec): string[] {
  if ('rateKbit' in spec) {
    const burst = Math.max(1600, Math.ceil((spec.rateKbit * 1000) / 8 / 100)); // >= 10 ms of traffic
    return ['tbf', 'rate', `${spec.rateKbit}kbit`, 'burst', String(burst), 'latency', '400ms'];
  }
  const n = spec.netem;
  const args = ['netem'];
  if (n.delay !== undefined) args.push('delay', `${n.delay}ms`, ...(n.jitter ? [`${n.jitter}ms`] : []), ...(n.correlation ? [`${n.correlation}%`] : []));
  if (n.loss !== undefined) args.push('loss', `${n.loss * 100}%`);
  if (n.duplicate !== undefined) args.push('duplicate', `${n.duplicate * 100}%`);
  if (n.reorder !== undefined) args.push('reorder', `${n.reorder * 100}%`);
  return args;
}

export class Shaping {
  private readonly byNode = new Map<string, string>();
  private readonly byFault = new Map<string, string>();

  constructor(private readonly pidIfRunning: (node: string) => Promise<number | undefined>) {}

  async apply(faultId: string, node: string, spec: ShapeSpec): Promise<void> {
    const holder = this.byNode.get(node);
    if (holder && holder !== faultId) {
      throw new LabError('GOSSIPLAB_FAULT', `${faultId}: ${node} is already shaped by ${holder}; shaping faults on one node cannot overlap`);
    }
    const pid = await this.pidIfRunning(node);
    if (pid === undefined) return;
    this.byNode.set(node, faultId);
    this.byFault.set(faultId, node);
    await inNetns(pid, 'tc', ['qdisc', 'replace', 'dev', 'eth0', 'root', ...qdiscArgs(spec)]);
    const shown = await inNetns(pid, 'tc', ['qdisc', 'show', 'dev', 'eth0']);
    const kind = 'rateKbit' in spec ? 'tbf' : 'netem';
    if (!shown.includes(`qdisc ${kind}`)) throw new LabError('GOSSIPLAB_FAULT', `${faultId}: ${node} shows no ${kind} qdisc after applying: ${shown}`);
  }

  async clear(faultId: string): Promise<void> {
    const node = this.byFault.get(faultId);
    if (!node) return;
    const pid = await this.pidIfRunning(node);
    if (pid !== undefined) {
      await inNetns(pid, 'tc', ['qdisc', 'del', 'dev', 'eth0', 'root']).catch(() => {});
      const shown = await inNetns(pid, 'tc', ['qdisc', 'show', 'dev', 'eth0']);
      if (/qdisc (tbf|netem)/.test(shown)) throw new LabError('GOSSIPLAB_HEAL', `healing ${faultId} left a qdisc on ${node}: ${shown}`);
    }
    this.byFault.delete(faultId);
    this.byNode.delete(node);
  }

  faults(): string[] {
    return [...this.byFault.keys()];
  }
}

// Link faults as iptables rules inside each receiving container's namespace:
// DROP for a cut link, `statistic --mode random` DROP for a lossy one. Every rule
// carries the comment gossiplab:<run>:<fault> and is entered in a ledger before
// it is added; clearing deletes by ledger, then reads the kernel state back and
// fails if any rule of that fault is left.

import { inNetns, rulesMentioning } from './netns.js';
import { ruleComment } from '../../labels.js';
import { LabError } from '../../errors.js';
import type { Link } from '../../history/types.js';
import type { LinkEffect } from '../types.js';

interface Rule { node: string; args: string[] }

export interface LinkHost {
  ipOf(node: string): string;
  /** The pid of a running lab container of this run, or undefined if it is not running. */
  pidIfRunning(node: string): Promise<number | undefined>;
}

export class LinkRules {
  private readonly ledger = new Map<string, Rule[]>();

  constructor(private readonly runId: string, private readonly host: LinkHost) {}

  async degrade(faultId: string, links: Link[], effect: LinkEffect): Promise<void> {
    const comment = ruleComment(this.runId, faultId);
    const rules = this.ledger.get(faultId) ?? [];
    this.ledger.set(faultId, rules);
    const match = 'loss' in effect
      ? ['-m', 'statistic', '--mode', 'random', '--probability', effect.loss.toFixed(4)]
      : [];
    const byNode = new Map<string, string[][]>();
    for (const [from, to] of links) {
      const args = ['INPUT', '-s', `${this.host.ipOf(from)}/32`, '-p', 'all', ...match, '-m', 'comment', '--comment', comment, '-j', 'DROP'];
      byNode.set(to, [...(byNode.get(to) ?? []), args]);
    }
    await Promise.all([...byNode].map(async ([node, argsList]) => {
      // A crashed receiver has no namespace to put a rule in, and receives nothing anyway.
      const pid = await this.host.pidIfRunning(node);
      if (pid === undefined) return;
      for (const args of argsList) {
        rules.push({ node, args });
        await inNetns(pid, 'iptables', ['-w', '-I', ...args]);
      }
      const present = await rulesMentioning(pid, comment);
      if (present.length < argsList.length) {
        throw new LabError('GOSSIPLAB_FAULT', `${faultId}: ${node} shows ${present.length} of ${argsList.length} rules after applying`);
      }
    }));
  }

  async clear(faultId: string): Promise<number> {
    const rules = this.ledger.get(faultId) ?? [];
    const comment = ruleComment(this.runId, faultId);
    const nodes = [...new Set(rules.map((r) => r.node))];
    await Promise.all(nodes.map(async (node) => {
      const pid = await this.host.pidIfRunning(node);
      if (pid === undefined) return;
      for (const r of rules.filter((x) => x.node === node)) {
        // -D fails when the rule is already gone; healing is idempotent, so that is fine.
        await inNetns(pid, 'iptables', ['-w', '-D', ...r.args]).catch(() => {});
      }
      const left = await rulesMentioning(pid, comment);
      if (left.length) throw new LabError('GOSSIPLAB_HEAL', `healing ${faultId} left rules in ${node}: ${left.join('; ')}`);
    }));
    this.ledger.delete(faultId);
    return rules.length;
  }

  /** A node's namespace died with its process: its rules went with it. */
  forgetNode(node: string): void {
    for (const [fault, rules] of this.ledger) this.ledger.set(fault, rules.filter((r) => r.node !== node));
  }

  faults(): string[] {
    return [...this.ledger.keys()];
  }
}

// Per-node clocks through libfaketime and a control file the node's process
// re-reads while it runs (FAKETIME_TIMESTAMP_FILE with FAKETIME_NO_CACHE=1).
// libfaketime computes fake = start + X + K·(now − start) from the process start,
// so a new setting is written with X chosen to keep the clock continuous at the
// moment of the change: a rate change never makes the clock jump. Nodes whose
// schedule drifts their rate also have their monotonic clock faked, so their
// timers run k× fast or slow; on those nodes an offset step is a monotonic step too.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_FAKETIME_LIB } from './image-files.js';
import type { ClockSetting } from '../types.js';

export const FAKETIME_ROOT = '/run/gossiplab';
const MOUNT = '/faketime';

interface NodeClock { dir: string; setting: Required<ClockSetting>; since: number; processStart: number }

export class Clocks {
  private readonly nodes = new Map<string, NodeClock>();
  readonly root: string;

  constructor(runId: string) {
    this.root = join(FAKETIME_ROOT, runId);
  }

  /** Environment and bind mount for a node's container; creates its control file at true time. */
  prepare(node: string, fakeMonotonic: boolean): { env: Record<string, string>; bind: string } {
    const dir = join(this.root, node);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clock'), '+0\n');
    this.nodes.set(node, { dir, setting: { offset: 0, rate: 1 }, since: Date.now(), processStart: Date.now() });
    return {
      env: {
        LD_PRELOAD: IMAGE_FAKETIME_LIB,
        FAKETIME_TIMESTAMP_FILE: `${MOUNT}/clock`,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: fakeMonotonic ? '0' : '1',
      },
      bind: `${dir}:${MOUNT}:ro`,
    };
  }

  /** The node's process (re)started at this wall time: libfaketime's reference point. */
  processStarted(node: string, at: number): void {
    const c = this.nodes.get(node);
    if (!c) return;
    c.processStart = at;
    this.write(node, c.setting);
  }

  /** The offset the node's clock shows right now, given its last setting. */
  currentOffset(node: string, now = Date.now()): number {
    const c = this.nodes.get(node);
    if (!c) return 0;
    return c.setting.offset + (c.setting.rate - 1) * (now - c.since);
  }

  set(node: string, setting: ClockSetting): void {
    this.write(node, { offset: setting.offset ?? this.currentOffset(node), rate: setting.rate });
  }

  private write(node: string, setting: Required<ClockSetting>, now = Date.now()): void {
    const c = this.nodes.get(node);
    if (!c) throw new Error(`node ${node} was not started with a faked clock`);
    // fake(now) = now + X + (K − 1)(now − P0) must equal now + offset.
    const x = setting.offset - (setting.rate - 1) * (now - c.processStart);
    const sign = x < 0 ? '-' : '+';
    // Always state the rate: libfaketime keeps the previous rate when a spec omits it.
    const rate = ` x${setting.rate}`;
    // Write then rename, so the node never reads a half-written file.
    writeFileSync(join(c.dir, 'clock.tmp'), `${sign}${(Math.abs(x) / 1000).toFixed(3)}${rate}\n`);
    renameSync(join(c.dir, 'clock.tmp'), join(c.dir, 'clock'));
    c.setting = setting;
    c.since = now;
  }

  has(node: string): boolean {
    return this.nodes.has(node);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

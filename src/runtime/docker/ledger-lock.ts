// One writer at a time for a host-wide ledger that several lab runs (several
// processes) share: an exclusive lock file created with O_EXCL. A lock left by a
// process that died while holding it is broken after a few seconds, because
// every holder keeps it for milliseconds only.

import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../../errors.js';

const STALE_MS = 5_000;
const GIVE_UP_MS = 15_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

export function withLock<T>(dir: string, fn: () => T): T {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.lock');
  const until = Date.now() + GIVE_UP_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmSync(lock, { force: true });
      else if (Date.now() > until) throw new LabError('GOSSIPLAB_LOCK', `${lock} has been held for ${Math.round(age / 1000)} s by another lab run; remove it if no gossiplab is running`);
      else Atomics.wait(pause, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

// Every temporary directory the tests make (stores, scenario files, sockets) goes
// under one directory per test run, removed when the run ends, so repeated runs
// (a nightly CI machine) do not fill the host's /tmp. Workers and the CLI
// processes the tests start inherit TMPDIR, which os.tmpdir() reads.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'gossiplab-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}

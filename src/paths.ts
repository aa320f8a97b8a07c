// Where the project's files are, whether running from dist/ or from source under vitest.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'gossiplab') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the gossiplab project root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const ROOT = findRoot();
export const NODE_BUNDLE = join(ROOT, 'dist/node-bundle/node.mjs');
/** Bundled adapters (nodes/adapters/<name>/main.ts -> <name>.mjs), /app/adapters/ in the node image. */
export const ADAPTER_BUNDLES = join(ROOT, 'dist/node-bundle/adapters');
export const CACHE_DIR = join(ROOT, '.cache');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');

/** The store: GOSSIPLAB_STORE, or ./store in the project. */
export function storeRoot(): string {
  return resolve(process.env.GOSSIPLAB_STORE ?? join(ROOT, 'store'));
}

export function projectVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
}

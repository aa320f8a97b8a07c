// The run store: store/<scenario>/<timestamp>-<seed>/ per run, and store/latest
// pointing at the newest. Every stage after the history reads only this folder.

import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { storeRoot } from './paths.js';

export interface RunDir {
  dir: string;
  history: string;
  results: string;
  report: string;
  charts: string;
  nodeLogs: string;
}

export function runDirPaths(dir: string): RunDir {
  return {
    dir,
    history: join(dir, 'history.jsonl'),
    results: join(dir, 'results.json'),
    report: join(dir, 'index.html'),
    charts: join(dir, 'charts'),
    nodeLogs: join(dir, 'nodes'),
  };
}

export function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function createRunDir(scenario: string, seed: number, root = storeRoot()): RunDir {
  const dir = join(root, scenario, `${timestamp()}-${seed}`);
  mkdirSync(join(dir, 'nodes'), { recursive: true });
  return runDirPaths(dir);
}

/** Point store/latest at a run directory (relative link, so the store can move). */
export function markLatest(dir: string, root = storeRoot()): void {
  const link = join(root, 'latest');
  rmSync(link, { force: true });
  symlinkSync(relative(root, dir), link);
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

// What goes into a node image, as (host file -> image path) pairs: the host's
// `node` binary, the built-in node bundle, every adapter bundle, each shipped
// implementation's host binaries that this host has (serf, redis-server), a
// user's own program and files, libfaketime, and every shared library `ldd`
// lists for any of them. The content hash of these pairs is the image's tag.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ADAPTER_BUNDLES, NODE_BUNDLE } from '../../paths.js';
import { HostError } from '../../errors.js';
import { IMPLEMENTATIONS } from '../../implementations/registry.js';
import type { ProgramSpec, ShippedImplementation } from '../../implementations/types.js';

export const FAKETIME_DIRS = ['/usr/lib/x86_64-linux-gnu/faketime', '/usr/lib/aarch64-linux-gnu/faketime', '/usr/lib/faketime'];
/** Where libfaketime sits inside the image. */
export const IMAGE_FAKETIME_LIB = '/lib/faketime/libfaketime.so.1';

export interface ImageFile { from: string; to: string }

export function hostFaketimeLib(): string | undefined {
  for (const d of FAKETIME_DIRS) {
    const p = join(d, 'libfaketime.so.1');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Shared libraries a binary needs, including the dynamic loader; none for a static binary or a script. */
function linkedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return []; // "not a dynamic executable"
  }
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

/** Add files and the libraries of the executable ones (deduplicated by image path), sorted by image path. */
function withLibraries(files: ImageFile[], executables: string[], already: ReadonlySet<string> = new Set()): ImageFile[] {
  const out = new Map(files.map((f) => [f.to, f]));
  for (const bin of executables) {
    for (const lib of linkedLibraries(bin)) if (!already.has(lib) && !out.has(lib)) out.set(lib, { from: realpathSync(lib), to: lib });
  }
  return [...out.values()].sort((a, b) => a.to.localeCompare(b.to));
}

export interface BaseFiles { files: ImageFile[]; implementations: ShippedImplementation[]; hasFaketime: boolean }

/** The base image: every shipped implementation whose host binaries and bundle are present. */
export function baseImageFiles(): BaseFiles {
  if (!existsSync(NODE_BUNDLE)) throw new HostError(`the node bundle ${NODE_BUNDLE} is missing: run \`npm run build\` first`);
  const nodeBin = realpathSync(process.execPath);
  const files: ImageFile[] = [{ from: nodeBin, to: '/usr/local/bin/node' }, { from: NODE_BUNDLE, to: '/app/node.mjs' }];
  if (existsSync(ADAPTER_BUNDLES)) {
    for (const f of readdirSync(ADAPTER_BUNDLES).filter((x) => x.endsWith('.mjs')).sort()) {
      files.push({ from: join(ADAPTER_BUNDLES, f), to: `/app/adapters/${f}` });
    }
  }
  const executables = [nodeBin];
  const implementations: ShippedImplementation[] = [];
  for (const impl of Object.values(IMPLEMENTATIONS)) {
    const bundled = impl.entry.slice(1).every((p) => !p.startsWith('/app/') || files.some((f) => f.to === p));
    if (!bundled || !impl.binaries.every((b) => existsSync(b.from))) continue;
    for (const b of impl.binaries) {
      files.push({ from: realpathSync(b.from), to: b.to });
      executables.push(b.from);
    }
    implementations.push(impl.name);
  }
  const faketime = hostFaketimeLib();
  if (faketime) {
    files.push({ from: faketime, to: IMAGE_FAKETIME_LIB });
    executables.push(faketime);
  }
  return { files: withLibraries(files, executables), implementations, hasFaketime: !!faketime };
}

/** What a user's program adds on top of the base image: itself, its files, and libraries the base lacks. */
export function programImageFiles(spec: ProgramSpec, base: readonly ImageFile[]): ImageFile[] {
  const have = new Set(base.map((f) => f.to));
  const files = [spec.program, ...spec.files].map((p) => ({ from: realpathSync(p), to: p }));
  return withLibraries(files, [spec.program, ...spec.files.filter((f) => isElf(f))], have);
}

function isElf(path: string): boolean {
  const head = readFileSync(path).subarray(0, 4);
  return head.length === 4 && head.toString('latin1') === '\x7fELF';
}

export function hashFiles(files: readonly ImageFile[], salt = ''): string {
  const h = createHash('sha256');
  h.update(salt + '\0');
  for (const f of files) {
    h.update(f.to + '\0');
    h.update(readFileSync(f.from));
  }
  return h.digest('hex').slice(0, 16);
}

// Assembles the node image offline, FROM scratch: the host's `node` binary and
// the shared libraries it links (as ldd lists them), libfaketime, and the bundled
// node. No registry is contacted. The image tag carries a hash of every file in
// it, so an unchanged tree is never rebuilt.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { docker } from './engine.js';
import { CACHE_DIR, NODE_BUNDLE } from '../../paths.js';
import { HostError } from '../../errors.js';
import { IMAGE_REPO, LABEL, LABEL_IMAGE_HASH } from '../../labels.js';

export const FAKETIME_DIRS = ['/usr/lib/x86_64-linux-gnu/faketime', '/usr/lib/aarch64-linux-gnu/faketime', '/usr/lib/faketime'];
/** Where libfaketime sits inside the image. */
export const IMAGE_FAKETIME_LIB = '/lib/faketime/libfaketime.so.1';

export function hostFaketimeLib(): string | undefined {
  for (const d of FAKETIME_DIRS) {
    const p = join(d, 'libfaketime.so.1');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Shared libraries a binary needs, including the dynamic loader, as absolute host paths. */
function linkedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

interface ImageFile { from: string; to: string }

function imageFiles(): ImageFile[] {
  if (!existsSync(NODE_BUNDLE)) {
    throw new HostError(`the node bundle ${NODE_BUNDLE} is missing: run \`npm run build\` first`);
  }
  const nodeBin = realpathSync(process.execPath);
  const files: ImageFile[] = [{ from: nodeBin, to: '/usr/local/bin/node' }, { from: NODE_BUNDLE, to: '/app/node.mjs' }];
  const libs = new Set(linkedLibraries(nodeBin));
  const faketime = hostFaketimeLib();
  if (faketime) {
    files.push({ from: faketime, to: IMAGE_FAKETIME_LIB });
    for (const l of linkedLibraries(faketime)) libs.add(l);
  }
  for (const lib of libs) files.push({ from: realpathSync(lib), to: lib });
  return files.sort((a, b) => a.to.localeCompare(b.to));
}

function hashFiles(files: ImageFile[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.to + '\0');
    h.update(readFileSync(f.from));
  }
  return h.digest('hex').slice(0, 16);
}

async function imageExists(tag: string): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

export interface ImageInfo { tag: string; built: boolean; hasFaketime: boolean }

/** Build the node image unless an image with the same content hash exists. */
export async function ensureNodeImage(log: (msg: string) => void = () => {}): Promise<ImageInfo> {
  const files = imageFiles();
  const hash = hashFiles(files);
  const tag = `${IMAGE_REPO}:${hash}`;
  const hasFaketime = files.some((f) => f.to === IMAGE_FAKETIME_LIB);
  if (await imageExists(tag)) return { tag, built: false, hasFaketime };

  log(`assembling the node image ${tag} offline (FROM scratch, ${files.length} files)`);
  const ctx = join(CACHE_DIR, 'image-context');
  rmSync(ctx, { recursive: true, force: true });
  for (const f of files) {
    const dest = join(ctx, 'rootfs', f.to);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(f.from, dest);
  }
  mkdirSync(join(ctx, 'rootfs/tmp'), { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), [
    'FROM scratch',
    'COPY rootfs/ /',
    'ENV NODE_OPTIONS=--max-old-space-size=64',
    'ENTRYPOINT ["/usr/local/bin/node", "/app/node.mjs"]',
    '',
  ].join('\n'));

  const stream = await docker().buildImage(
    { context: ctx, src: ['Dockerfile', 'rootfs'] },
    { t: tag, labels: { [LABEL]: '1', [LABEL_IMAGE_HASH]: hash }, rm: true, forcerm: true, pull: false } as unknown as Docker.ImageBuildOptions,
  );
  await new Promise<void>((resolve, reject) => {
    docker().modem.followProgress(stream, (err: Error | null, res: Array<{ error?: string }>) => {
      const failed = res?.find((r) => r.error);
      if (err || failed) reject(new HostError(`building ${tag} failed: ${err?.message ?? failed?.error}`));
      else resolve();
    });
  });
  await docker().getImage(tag).tag({ repo: IMAGE_REPO, tag: 'latest' });
  rmSync(ctx, { recursive: true, force: true });
  return { tag, built: true, hasFaketime };
}

// Assembles node images offline, FROM scratch: no registry is contacted. The
// base image holds the host's `node` and its libraries, libfaketime, the built-in
// node bundle, every adapter bundle and the shipped implementations' binaries
// (one image for all, so a campaign mixing implementations builds once). A user's
// own program gets an image of its own, built on the base. Each tag is a hash of
// the image's contents, so an unchanged tree is never rebuilt.

import { copyFileSync, mkdirSync, rmSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { docker } from './engine.js';
import { CACHE_DIR } from '../../paths.js';
import { HostError } from '../../errors.js';
import { IMAGE_REPO, LABEL, LABEL_IMAGE_HASH } from '../../labels.js';
import { IMPLEMENTATIONS } from '../../implementations/registry.js';
import { baseImageFiles, hashFiles, programImageFiles, type ImageFile } from './image-files.js';
import type { ImplementationName, ProgramSpec, ShippedImplementation } from '../../implementations/types.js';

export { hostFaketimeLib, IMAGE_FAKETIME_LIB, FAKETIME_DIRS } from './image-files.js';

async function imageExists(tag: string): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

export interface ImageInfo {
  tag: string;
  built: boolean;
  hasFaketime: boolean;
  /** Shipped implementations this image can run (their bundle and host binaries were present). */
  implementations: ShippedImplementation[];
  files: ImageFile[];
}

async function build(tag: string, hash: string, from: string, files: readonly ImageFile[], log: (m: string) => void): Promise<void> {
  log(`assembling the node image ${tag} offline (${from === 'scratch' ? 'FROM scratch' : `on ${from}`}, ${files.length} files)`);
  // A context of this build's own: two processes assembling the same image at once (runs started
  // side by side on a fresh tree) must not empty each other's context mid-build, which left an
  // image with files missing whose node crashed at start.
  const ctx = join(CACHE_DIR, `image-context-${hash}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    for (const f of files) {
      const dest = join(ctx, 'rootfs', f.to);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(f.from, dest);
      chmodSync(dest, statSync(f.from).mode & 0o777);
    }
    mkdirSync(join(ctx, 'rootfs/tmp'), { recursive: true });
    const head = from === 'scratch' ? ['FROM scratch', 'COPY rootfs/ /', 'ENV NODE_OPTIONS=--max-old-space-size=64'] : [`FROM ${from}`, 'COPY rootfs/ /'];
    writeFileSync(join(ctx, 'Dockerfile'), [...head, `ENTRYPOINT ${JSON.stringify(IMPLEMENTATIONS.builtin.entry)}`, ''].join('\n'));
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
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** Build the base node image unless an image with the same content hash exists. */
export async function ensureNodeImage(log: (msg: string) => void = () => {}): Promise<ImageInfo> {
  const { files, implementations, hasFaketime } = baseImageFiles();
  const hash = hashFiles(files);
  const tag = `${IMAGE_REPO}:${hash}`;
  const info = { tag, hasFaketime, implementations, files };
  if (await imageExists(tag)) return { ...info, built: false };
  await build(tag, hash, 'scratch', files, log);
  await docker().getImage(tag).tag({ repo: IMAGE_REPO, tag: 'latest' });
  return { ...info, built: true };
}

/** The image a run of this implementation uses: the base, or the base plus a user's program. */
export async function ensureImplementationImage(
  base: ImageInfo, implementation: ImplementationName, program: ProgramSpec | undefined, log: (msg: string) => void = () => {},
): Promise<string> {
  if (implementation !== 'program') {
    if (!base.implementations.includes(implementation)) throw new HostError(missingImplementation(implementation));
    return base.tag;
  }
  if (!program) throw new HostError('implementation "program" needs a program (cluster.implementation.program)');
  const files = programImageFiles(program, base.files);
  const hash = hashFiles(files, base.tag);
  const tag = `${IMAGE_REPO}:program-${hash}`;
  if (!(await imageExists(tag))) await build(tag, hash, base.tag, files, log);
  return tag;
}

function missingImplementation(name: ShippedImplementation): string {
  const impl = IMPLEMENTATIONS[name];
  const absent = impl.binaries.filter((b) => !statSafe(b.from));
  if (absent.length) return `${name} cannot run here: ${absent.map((b) => `${b.from} is missing (apt-get install ${b.package})`).join('; ')}`;
  return `${name} cannot run here: its adapter bundle ${impl.entry.slice(1).join(' ')} was not built (run \`npm run build\`)`;
}

function statSafe(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The container command of an implementation (a user's program runs with its own arguments). */
export function entryPoint(implementation: ImplementationName, program?: ProgramSpec): string[] {
  if (implementation === 'program') return [program!.program, ...program!.args];
  return [...IMPLEMENTATIONS[implementation].entry];
}

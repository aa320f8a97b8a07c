// Bundles the built-in node (nodes/process/main.ts) and every adapter
// (nodes/adapters/<name>/main.ts -> adapters/<name>.mjs) into one ESM file each,
// so the FROM-scratch node image needs nothing but the node binary and these files.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const options = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

mkdirSync('dist/node-bundle', { recursive: true });
await build({ ...options, entryPoints: ['nodes/process/main.ts'], outfile: 'dist/node-bundle/node.mjs' });

rmSync('dist/node-bundle/adapters', { recursive: true, force: true });
const adapters = existsSync('nodes/adapters')
  ? readdirSync('nodes/adapters').filter((name) => existsSync(join('nodes/adapters', name, 'main.ts'))).sort()
  : [];
for (const name of adapters) {
  await build({ ...options, entryPoints: [join('nodes/adapters', name, 'main.ts')], outfile: `dist/node-bundle/adapters/${name}.mjs` });
}

// Bundles the built-in node (nodes/process/main.ts) into one ESM file, so the
// FROM-scratch node image needs nothing but the node binary and this file.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

mkdirSync('dist/node-bundle', { recursive: true });
await build({
  entryPoints: ['nodes/process/main.ts'],
  outfile: 'dist/node-bundle/node.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

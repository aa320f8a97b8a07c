// The one place the report layer touches the file system: it reads Chart.js's
// UMD build once so that `render` can inline it and stay a pure function.
// Chart.js's package exports do not expose dist/, so we resolve its entry and
// look next to it. Its sourceMappingURL comment is dropped: an open devtools
// would otherwise try to fetch the map, and the page must make no request.

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function loadChartJs(): string {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('chart.js'));
  const file = ['chart.umd.min.js', 'chart.umd.js'].map((f) => join(dist, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`Chart.js UMD build not found in ${dist} (expected chart.umd.min.js); reinstall the chart.js package`);
  cached = readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return cached;
}

// `gossiplab serve`: the store over HTTP on localhost. Static files under the
// store root only (a path with a `..` segment, or one whose real path leaves the
// root through a symlink, is refused), and an index at `/` of every run
// (<scenario>/<timestamp>-<seed>/ with results.json) and campaign
// (campaigns/<name>/<timestamp>/), newest first, coloured by verdict.

import { createReadStream, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { renderStoreIndex, type StoreEntry } from '../reports/store-index.js';
import type { Validity } from '../checkers/types.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.png': 'image/png', '.xml': 'application/xml', '.yaml': 'text/plain; charset=utf-8', '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
};
const RUN_DIR = /^(\d{8}T\d{6}Z)-(\d+)$/;

export function serveStore(root: string, port: number, host = '127.0.0.1'): Promise<http.Server> {
  const base = realpathSync(resolve(root));
  const server = http.createServer((req, res) => {
    const send = (code: number, text: string): void => { res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }); res.end(`${text}\n`); };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]!);
    } catch {
      return send(400, 'bad URL encoding');
    }
    const segments = path.split(/[/\\]/);
    if (path.includes('\0') || segments.includes('..')) return send(403, 'forbidden: the path leaves the store');
    if (path === '/favicon.ico') { res.writeHead(204); return res.end(); }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': TYPES['.html']! });
      return res.end(req.method === 'HEAD' ? undefined : renderStoreIndex(root, listRuns(base), listCampaigns(base)));
    }
    let file = join(base, ...segments.filter(Boolean));
    if (!existsSync(file)) return send(404, `not found: ${path}`);
    const real = realpathSync(file);
    if (real !== base && !real.startsWith(base + sep)) return send(403, 'forbidden: the path leaves the store');
    if (statSync(real).isDirectory()) {
      if (!path.endsWith('/')) { res.writeHead(301, { location: `${path}/` }); return res.end(); }
      if (!existsSync(join(real, 'index.html'))) return directory(res, real, path);
      file = join(real, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => { server.off('error', fail); ok(server); });
  });
}

function directory(res: http.ServerResponse, dir: string, path: string): void {
  const names = readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name)).sort();
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(200, { 'content-type': TYPES['.html']! });
  res.end(`<!doctype html><meta charset="utf-8"><title>${esc(path)}</title><h1>${esc(path)}</h1><ul>`
    + `<li><a href="../">../</a></li>${names.map((n) => `<li><a href="${encodeURI(n)}">${esc(n)}</a></li>`).join('')}</ul>`);
}

function dirs(p: string): string[] {
  try {
    return readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

function readResults(dir: string): { valid: Validity | null; failed?: string[] } {
  try {
    const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { valid?: unknown; results?: Record<string, { valid?: unknown }> };
    const valid = r.valid === true || r.valid === false || r.valid === 'unknown' ? r.valid : null;
    const failed = Object.entries(r.results ?? {}).filter(([, x]) => x?.valid !== true).map(([n]) => n);
    return { valid, ...(failed.length ? { failed } : {}) };
  } catch {
    return { valid: null };
  }
}

export function listRuns(root: string): StoreEntry[] {
  const out: StoreEntry[] = [];
  for (const scenario of dirs(root)) {
    if (scenario === 'campaigns' || scenario === 'latest') continue;
    for (const d of dirs(join(root, scenario))) {
      const m = RUN_DIR.exec(d);
      const dir = join(root, scenario, d);
      if (!m || !existsSync(join(dir, 'results.json'))) continue;
      out.push({ name: scenario, stamp: m[1]!, seed: Number(m[2]), href: `/${encodeURIComponent(scenario)}/${encodeURIComponent(d)}/`, ...readResults(dir) });
    }
  }
  return out.sort((a, b) => b.stamp.localeCompare(a.stamp));
}

/** A campaign's verdict: results.json's `valid` if it wrote one, else junit.xml's failure count. */
export function listCampaigns(root: string): StoreEntry[] {
  const out: StoreEntry[] = [];
  for (const name of dirs(join(root, 'campaigns'))) {
    for (const stamp of dirs(join(root, 'campaigns', name))) {
      const dir = join(root, 'campaigns', name, stamp);
      let valid: Validity | null = existsSync(join(dir, 'results.json')) ? readResults(dir).valid : null;
      if (valid === null && existsSync(join(dir, 'junit.xml'))) {
        const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
        const count = (attr: string): number => Number(new RegExp(`<testsuites?\\b[^>]*\\b${attr}="(\\d+)"`).exec(xml)?.[1] ?? 0);
        valid = count('failures') > 0 ? false : count('errors') > 0 ? 'unknown' : true;
      }
      out.push({ name, stamp, href: `/campaigns/${encodeURIComponent(name)}/${encodeURIComponent(stamp)}/`, valid });
    }
  }
  return out.sort((a, b) => b.stamp.localeCompare(a.stamp));
}

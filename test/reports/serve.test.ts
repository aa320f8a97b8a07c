import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStore } from '../../src/serve.js';

/** A raw GET: the path goes out exactly as written (no client-side normalisation of `..`). */
function get(port: number, path: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((ok, fail) => {
    http.get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    }).on('error', fail);
  });
}

describe('serveStore', () => {
  let root: string, outside: string, server: http.Server, port: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gossiplab-store-'));
    outside = mkdtempSync(join(tmpdir(), 'gossiplab-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const run = (scenario: string, dir: string, valid: boolean | 'unknown'): void => {
      mkdirSync(join(root, scenario, dir), { recursive: true });
      writeFileSync(join(root, scenario, dir, 'results.json'), JSON.stringify({ valid, results: { eviction: { valid } } }));
      writeFileSync(join(root, scenario, dir, 'index.html'), `<title>${scenario} ${dir}</title>`);
    };
    run('crash', '20261120T100000Z-7', true);
    run('partition', '20261121T090000Z-42', false);
    mkdirSync(join(root, 'partition', '20261121T110000Z-43'));       // a run still going: no results.json yet
    mkdirSync(join(root, 'campaigns', 'nightly', '20261121T020000Z'), { recursive: true });
    writeFileSync(join(root, 'campaigns', 'nightly', '20261121T020000Z', 'junit.xml'), '<testsuites tests="4" failures="1" errors="0"></testsuites>');
    symlinkSync(join('partition', '20261121T090000Z-42'), join(root, 'latest'));
    symlinkSync(outside, join(root, 'escape'));
    server = await serveStore(root, 0);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 by default', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('lists the runs newest first, coloured by verdict, and the campaigns', async () => {
    const { status, body, type } = await get(port, '/');
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    const runs = /<section id="runs">.*?<\/section>/s.exec(body)![0];
    const newest = runs.indexOf('/partition/20261121T090000Z-42/');
    const older = runs.indexOf('/crash/20261120T100000Z-7/');
    expect(newest).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newest);
    expect(runs).toMatch(/<li class="store-anomaly"><span class="verdict verdict-anomaly">ANOMALY<\/span> <a href="\/partition\/20261121T090000Z-42\/">partition<\/a> <span class="spread">2026-11-21 09:00:00 UTC · seed 42 · eviction/);
    expect(runs).toContain('<li class="store-valid">');
    expect(runs).not.toContain('20261121T110000Z-43');
    expect(body).toMatch(/<li class="store-anomaly">.*?href="\/campaigns\/nightly\/20261121T020000Z\/">nightly<\/a>/);
  });

  it('serves a run directory\'s report, and the latest link', async () => {
    expect((await get(port, '/crash/20261120T100000Z-7/')).body).toBe('<title>crash 20261120T100000Z-7</title>');
    expect((await get(port, '/latest/index.html')).body).toBe('<title>partition 20261121T090000Z-42</title>');
    expect((await get(port, '/crash/20261120T100000Z-7/results.json')).type).toBe('application/json');
    expect((await get(port, '/nothing/here')).status).toBe(404);
  });

  it('refuses paths that leave the store', async () => {
    for (const path of ['/../../etc/passwd', '/crash/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/crash/..%2f..%2fetc%2fpasswd']) {
      const r = await get(port, path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain('root:');
    }
    const viaLink = await get(port, '/escape/secret.txt');
    expect(viaLink.status).toBe(403);
    expect(viaLink.body).not.toBe('secret');
  });
});

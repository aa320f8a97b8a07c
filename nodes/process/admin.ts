// The admin HTTP endpoint of the node contract: GET /view, POST /update,
// POST /leave, GET /metrics. It only translates HTTP to calls on the driver;
// bad requests get a 4xx with a JSON {"error"} saying what was expected.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What the endpoint calls; an adapter driving another program may answer asynchronously. */
export interface AdminActions {
  view(): unknown;
  update(key: string, value: string): { key: string; version: number } | Promise<{ key: string; version: number }>;
  leave(): void | Promise<void>;
  metrics(): string;
}

const MAX_BODY = 64 * 1024;

/** Thrown by an action to answer with this status (e.g. 501 where an adapted program has no equivalent). */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? `${JSON.stringify(body)}\n` : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `body larger than ${MAX_BODY} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'expected a JSON body such as {"key":"color","value":"blue"}');
  }
}

async function route(a: AdminActions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  if (path === '/view' && method === 'GET') return send(res, 200, a.view());
  if (path === '/metrics' && method === 'GET') return send(res, 200, a.metrics(), 'text/plain; version=0.0.4');
  if (path === '/leave' && method === 'POST') {
    await a.leave();
    return send(res, 200, { left: true });
  }
  if (path === '/update' && method === 'POST') {
    const body = await readJson(req) as { key?: unknown; value?: unknown } | null;
    const key = body?.key;
    const value = body?.value;
    if (typeof key !== 'string' || key === '') throw new HttpError(400, `"key": expected a non-empty string, got ${JSON.stringify(key)}`);
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      throw new HttpError(400, `"value": expected a string, number or boolean, got ${JSON.stringify(value)}`);
    }
    try {
      return send(res, 200, await a.update(key, String(value)));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, (e as Error).message);
    }
  }
  if (['/view', '/metrics', '/leave', '/update'].includes(path ?? '')) throw new HttpError(405, `${method} not allowed on ${path}`);
  throw new HttpError(404, `no such endpoint ${path}; try GET /view, POST /update, POST /leave, GET /metrics`);
}

export function adminServer(actions: AdminActions): Server {
  return createServer((req, res) => {
    route(actions, req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (!res.headersSent) send(res, status, { error: (e as Error).message });
      else res.destroy();
    });
  });
}

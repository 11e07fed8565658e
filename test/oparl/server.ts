/**
 * A council information system on 127.0.0.1 for the OParl tests: serves the objects of
 * shared/oparl/ with their URLs rewritten to this server, list pages the tests compose, and
 * answers that go wrong on purpose (500s that recover, a 404, one that never comes). Records
 * every request. Also a tiny forward proxy (CONNECT) that records what it was asked and
 * tunnels everything to the test server, so HTTPS_PROXY/HTTP_PROXY can be seen honoured
 * without leaving the machine. Nothing here reaches the internet.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

/** The OParl samples (a byte-exact copy of shared/oparl/, with its README of quirks and licences). */
export const SHARED = join(import.meta.dirname, '..', 'fixtures', 'oparl');

export type Route =
  | { json: unknown; status?: number }
  | { text: string; status?: number; type?: string }
  /** Answers 500 the first `times` requests, then `then`. */
  | { fail: number; then: Route; status?: number }
  /** Accepts the request and never answers. */
  | { hang: true }
  | { redirect: string }
  | { status: number };

export interface OparlServer {
  /** http://127.0.0.1:PORT */
  base: string;
  /** Every request as `METHOD path?query`, in order. */
  requests: string[];
  route(path: string, r: Route): void;
  close(): Promise<void>;
}

/** A fixture's text with its hosts (prefixes) replaced: `{ 'https://oparl.example.org': base }`. */
export function fixture(rel: string, rewrite: Record<string, string>): string {
  let text = readFileSync(join(SHARED, rel), 'utf8');
  for (const [from, to] of Object.entries(rewrite)) text = text.split(from).join(to);
  return text;
}

export async function startOparlServer(): Promise<OparlServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const answer = (res: ServerResponse, key: string, r: Route): void => {
    if ('hang' in r) return;
    if ('redirect' in r) {
      res.writeHead(302, { location: r.redirect }).end();
      return;
    }
    if ('fail' in r) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      if (n < r.fail) {
        res.writeHead(r.status ?? 500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      answer(res, key, r.then);
      return;
    }
    if ('json' in r) {
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(r.json));
      return;
    }
    if ('text' in r) {
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'application/json; charset=utf-8' }).end(r.text);
      return;
    }
    res.writeHead(r.status, { 'content-type': 'text/plain' }).end(String(r.status));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const key = req.url ?? '/';
    requests.push(`${req.method} ${key}`);
    const r = routes.get(key);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    answer(res, key, r);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    route: (path, r) => void routes.set(path, r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TestProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What it was asked: `CONNECT host:port`. */
  asked: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy: answers CONNECT for any host by tunnelling to `target` (host:port on
 * 127.0.0.1), or refuses with `refuse` (a status) when given. Plain requests are refused.
 */
export async function startProxy(target: { port: number } | { refuse: number }): Promise<TestProxy> {
  const asked: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    res.writeHead(405).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    asked.push(`CONNECT ${req.url}`);
    if ('refuse' in target) {
      client.end(`HTTP/1.1 ${target.refuse} Forbidden\r\n\r\n`);
      return;
    }
    const up = connect(target.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A list page as OParl writes it. */
export function page(data: unknown[], next?: string): { data: unknown[]; pagination: object; links: { next?: string } } {
  return { data, pagination: { elementsPerPage: data.length }, links: next ? { next } : {} };
}

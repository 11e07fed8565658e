/**
 * The HTTP side of `ratsdeck serve`: listening (with a port fallback), the Host check, and
 * the responses. Every response says no-store and nosniff: a preview must never be cached as
 * the deck, and a file must never be read as another type.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import type { ServedAsset } from './decks.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.toLowerCase().endsWith('.localhost');
}

/** The host part of a Host header, without the port ("[::1]:8080" → "[::1]"). */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

/**
 * A page on another site could point a name it controls at 127.0.0.1 (DNS rebinding) and
 * read the decks; a server on a loopback address answers only to loopback names.
 */
export function hostAllowed(req: IncomingMessage, listeningOn: string): boolean {
  if (!isLoopback(listeningOn)) return true;
  const h = req.headers.host;
  if (!h) return false;
  const name = hostName(h);
  return isLoopback(name) || name === listeningOn.toLowerCase();
}

/** The host as it goes into a URL to open ("::1" → "[::1]", any address → localhost). */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

/** One file of a deck's exact-path asset table (`path` is its key, for the content type). */
export async function sendAsset(req: IncomingMessage, res: ServerResponse, path: string, asset: ServedAsset): Promise<void> {
  let body: Buffer | string;
  if (asset.kind === 'text') body = asset.body;
  else {
    try {
      body = await readFile(asset.from);
    } catch {
      // Deleted since the build; the next rebuild will say so.
      return sendText(res, 404, 'not found\n');
    }
  }
  const type = contentType(path);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  // An SVG opened on its own is a document that could run scripts in this origin.
  if (type === 'image/svg+xml') headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The request's path, decoded, and its query; undefined for a path no file can have. */
export function requestPath(req: IncomingMessage): { path: string; query: URLSearchParams } | undefined {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const rawPath = (q < 0 ? raw : raw.slice(0, q)).replace(/#.*$/, '');
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.includes('\0')) return undefined;
  return { path, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export interface ListenOptions {
  host: string;
  port: number;
  /** How many following ports to try when `port` is taken. */
  fallback: number;
  /** Told when a later port was taken instead. */
  onFallback?: (first: number, used: number) => void;
}

/** Listens on the first free port from `port` on; the port it got (0 picks any free one). */
export async function listen(http: Server, opts: ListenOptions): Promise<number> {
  const first = opts.port;
  const fallback = first === 0 ? 0 : Math.max(0, opts.fallback);
  for (let i = 0; ; i++) {
    const port = first + i;
    try {
      await new Promise<void>((ok, fail) => {
        http.once('error', fail);
        http.listen(port, opts.host, () => {
          http.off('error', fail);
          ok();
        });
      });
      const used = (http.address() as AddressInfo).port;
      if (i > 0) opts.onFallback?.(first, used);
      return used;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && i < fallback && port < 65535) continue;
      throw listenError(err as NodeJS.ErrnoException, opts.host, first, port);
    }
  }
}

function listenError(err: NodeJS.ErrnoException, host: string, first: number, port: number): RatsdeckError {
  const hint = 'stop the other server, or choose another port with --port (--port 0 picks a free one)';
  switch (err.code) {
    case 'EADDRINUSE':
      return new RatsdeckError(
        first === port ? `port ${port} on ${host} is in use` : `ports ${first}–${port} on ${host} are in use`,
        { exitCode: ExitCode.USAGE, hint, cause: err },
      );
    case 'EACCES':
      return new RatsdeckError(`not allowed to listen on port ${port}`, {
        exitCode: ExitCode.USAGE,
        hint: 'ports below 1024 need administrator rights; use a port above 1024 (the default is 8080)',
        cause: err,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RatsdeckError(`cannot listen on ${host}: no such address on this computer`, {
        exitCode: ExitCode.USAGE,
        hint: 'leave out --host to serve on 127.0.0.1, or give one of this computer\'s addresses',
        cause: err,
      });
    default:
      return new RatsdeckError(`cannot listen on ${host}:${port}: ${err.message}`, { exitCode: ExitCode.INTERNAL, cause: err });
  }
}

/** Closes the server, and the keep-alive connections that would hold close() open until they time out. */
export async function closeServer(http: Server): Promise<void> {
  if (!http.listening) return;
  const closed = new Promise<void>((r) => http.close(() => r()));
  http.closeAllConnections();
  await closed;
}

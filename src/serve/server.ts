/**
 * `ratsdeck serve`: a local preview server. Builds decks in memory (nothing is written to
 * out/), serves the last good version of each with a live-reload script, watches the files a
 * deck is made of and tells open pages to reload (Server-Sent Events) after each rebuild.
 *
 * Pure of argv: the CLI (src/cli/serve.ts) parses flags, prints, and handles Ctrl-C.
 *
 * Only the files a build names are served, looked up by exact path in an in-memory table, so
 * no request path can reach any other file (no path traversal by construction).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Audience } from '../audience/select.js';
import { ExitCode, RatsdeckError, formatProblem, type Problem } from '../errors.js';
import { DATA_DIR, SESSIONS_DIR, findProject, listDecks, resolveDeckPaths, type Project } from '../project/project.js';
import { BUILTIN_TEMPLATES, BUILTIN_THEMES } from '../render/render.js';
import { buildInMemory, servedId, type Attempt, type GoodBuild, type ServedAsset } from './decks.js';
import { EVENTS_PATH, errorOverlay, escapeHtml, injectBeforeBodyEnd, page, reloadScript } from './inject.js';
import { Debouncer, DirWatcher, type WatchSpec } from './watch.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
export const DEFAULT_DEBOUNCE_MS = 100;

/** Where people read progress (the CLI passes its stderr Output). */
export interface ServeReporter {
  info(s: string): void;
  warn(s: string): void;
  error(message: string, hint?: string): void;
  problem(p: Problem): void;
}

export interface ServeOptions {
  /** A deck file (serve that deck) or a folder (serve its decks, with an index page). */
  target: string;
  /** Folder `target` is relative to, and that messages are relative to. Default: process.cwd(). */
  cwd?: string;
  /** Default 127.0.0.1 (this computer only). */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** How many following ports to try when `port` is taken (default 0: a taken port is an error). */
  portFallback?: number;
  audience?: Audience;
  /** The day the timeline marks as today (default: the session date). */
  today?: string;
  debounceMs?: number;
  /** Also watch ratsdeck's own templates/ and themes/ (for ratsdeck developers). Default true. */
  watchBuiltin?: boolean;
  reporter?: ServeReporter;
}

export interface ServedDeck {
  id: string;
  file: string;
  url: string;
}

export interface ServeHandle {
  /** The deck's page (one deck) or the index page (a folder). */
  url: string;
  host: string;
  port: number;
  decks(): ServedDeck[];
  /** Closes watchers, Server-Sent Events connections and the server. */
  close(): Promise<void>;
}

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

const silent: ServeReporter = { info() {}, warn() {}, error() {}, problem() {} };

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

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

interface Entry {
  file: string;
  id: string;
  good?: GoodBuild;
  last?: Attempt;
  /** What the page shows (the good build, and the errors of the latest attempt, if any). */
  shown?: string;
  /** The build an open page must show; a page that shows another one reloads. */
  version: string;
  /** The problems last printed, so that unchanged warnings are not repeated on every save. */
  printed?: string;
  /** The non-public items last reported as left out. */
  removed?: string;
}

interface Client {
  res: ServerResponse;
  deck: string | null;
}

type Mode = { kind: 'deck'; file: string } | { kind: 'folder'; dir: string };

class PreviewServer {
  readonly #opts: ServeOptions;
  readonly #cwd: string;
  readonly #audience: Audience;
  readonly #report: ServeReporter;
  readonly #mode: Mode;
  readonly #project: Project;
  readonly #http: Server;
  readonly #watcher: DirWatcher;
  readonly #debouncer: Debouncer<string>;
  readonly #clients = new Set<Client>();
  readonly #entries = new Map<string, Entry>();
  readonly #warnedDuplicates = new Set<string>();
  /** Random per server: a page from an earlier server run reloads when it reconnects. */
  readonly #instance = randomBytes(4).toString('hex');
  #counter = 0;
  #indexVersion: string;
  #pending = new Set<string>();
  #drainQueued = false;
  /** Builds run one at a time, in this chain. */
  #chain: Promise<void> = Promise.resolve();
  /** Decks a shared file changed for, not rebuilt yet because no page shows them. */
  readonly #stale = new Set<Entry>();
  #ready: Promise<void> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  host = DEFAULT_HOST;
  port = 0;

  constructor(opts: ServeOptions) {
    this.#opts = opts;
    this.#cwd = opts.cwd ?? process.cwd();
    this.#audience = opts.audience ?? 'public';
    this.#report = opts.reporter ?? silent;
    const target = resolve(this.#cwd, opts.target);
    // Same checks and messages as `build` (a missing path, a folder without decks): exit 2.
    const files = resolveDeckPaths([opts.target], this.#cwd);
    const isFolder = !files.includes(target);
    this.#mode = isFolder ? { kind: 'folder', dir: target } : { kind: 'deck', file: target };
    this.#project = findProject(target);
    this.#indexVersion = this.#nextVersion();
    this.#syncEntries(files);
    this.#http = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        this.#report.error(`serving ${req.url ?? ''}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) this.#text(res, 500, 'internal error');
        else res.destroy();
      });
    });
    this.#debouncer = new Debouncer(opts.debounceMs ?? DEFAULT_DEBOUNCE_MS, (paths) => this.#schedule(paths));
    this.#watcher = new DirWatcher(
      (file) => this.#debouncer.push(file),
      (dir, err) => this.#report.warn(`cannot watch ${this.#rel(dir)}: ${err.message}`),
    );
  }

  async start(): Promise<ServeHandle> {
    await this.#listen();
    try {
      this.#watcher.add(this.#watchSpecs());
      this.#heartbeat = setInterval(() => this.#send(': ping\n\n'), 20_000);
      this.#heartbeat.unref();
      // Requests that come in during the first build wait for it.
      this.#ready = this.#enqueue(() => this.#rebuild([...this.#entries.values()], true));
      await this.#ready;
    } catch (err) {
      await this.close();
      throw err;
    }
    const base = `http://${urlHost(this.host)}:${this.port}`;
    const url = this.#mode.kind === 'deck' ? `${base}/${encodeURIComponent(servedId(this.#mode.file, this.#audience))}/` : `${base}/`;
    return {
      url,
      host: this.host,
      port: this.port,
      decks: () => [...this.#entries.values()].map((e) => ({ id: e.id, file: e.file, url: `${base}/${encodeURIComponent(e.id)}/` })),
      close: () => this.close(),
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#debouncer.cancel();
      this.#watcher.close();
      if (this.#heartbeat) clearInterval(this.#heartbeat);
      for (const c of this.#clients) c.res.end();
      this.#clients.clear();
      if (this.#http.listening) {
        const closed = new Promise<void>((r) => this.#http.close(() => r()));
        // Keep-alive connections would hold close() open until they time out.
        this.#http.closeAllConnections();
        await closed;
      }
      // A rebuild in progress finishes (it only reads files); its result goes nowhere.
      await this.#chain;
    })();
    return this.#closing;
  }

  // -------------------------------------------------------------------------------------------
  // Listening

  async #listen(): Promise<void> {
    const host = this.#opts.host ?? DEFAULT_HOST;
    const first = this.#opts.port ?? DEFAULT_PORT;
    const fallback = first === 0 ? 0 : Math.max(0, this.#opts.portFallback ?? 0);
    for (let i = 0; ; i++) {
      const port = first + i;
      try {
        await new Promise<void>((ok, fail) => {
          this.#http.once('error', fail);
          this.#http.listen(port, host, () => {
            this.#http.off('error', fail);
            ok();
          });
        });
        this.host = host;
        this.port = (this.#http.address() as AddressInfo).port;
        if (i > 0) this.#report.info(`port ${first} is in use; using ${this.port}`);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' && i < fallback && port < 65535) continue;
        throw listenError(err as NodeJS.ErrnoException, host, first, port);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Decks and rebuilding

  #nextVersion(): string {
    return `${this.#instance}.${++this.#counter}`;
  }

  #rel(p: string): string {
    const r = relative(this.#cwd, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : p;
  }

  /** Makes the entries match the deck files; returns true when the list changed. */
  #syncEntries(files: string[]): boolean {
    const wanted = new Map<string, string>();
    for (const file of files) {
      const id = servedId(file, this.#audience);
      const first = wanted.get(id);
      if (first === undefined) wanted.set(id, file);
      else if (first !== file && !this.#warnedDuplicates.has(file)) {
        this.#warnedDuplicates.add(file);
        this.#report.warn(`${this.#rel(file)}: ${this.#rel(first)} has the same deck id "${id}"; only that one is served`);
      }
    }
    let changed = false;
    for (const [id, e] of [...this.#entries]) {
      if (wanted.get(id) !== e.file) {
        this.#entries.delete(id);
        this.#stale.delete(e);
        changed = true;
      }
    }
    for (const [id, file] of wanted) {
      if (!this.#entries.has(id)) {
        this.#entries.set(id, { file, id, version: this.#nextVersion() });
        changed = true;
      }
    }
    return changed;
  }

  #watchSpecs(): WatchSpec[] {
    const root = this.#project.root;
    const topLevelOutput = (rel: string) => /^(out|node_modules)([\\/]|$)/.test(rel);
    const specs: WatchSpec[] = [
      // ratsdeck.yaml, deck files, and the appearance of _data/, templates/, themes/.
      { dir: root, recursive: false, ignore: topLevelOutput },
      { dir: join(root, DATA_DIR), recursive: true },
      // Frozen snapshots (`ratsdeck freeze`): a frozen deck builds from its snapshot.
      { dir: join(root, SESSIONS_DIR), recursive: true },
      { dir: join(root, 'templates'), recursive: true },
      { dir: join(root, 'themes'), recursive: true },
    ];
    if (this.#mode.kind === 'folder') specs.push({ dir: this.#mode.dir, recursive: false, ignore: topLevelOutput });
    if (this.#opts.watchBuiltin ?? true) {
      specs.push({ dir: BUILTIN_TEMPLATES, recursive: true }, { dir: BUILTIN_THEMES, recursive: true });
    }
    for (const e of this.#entries.values()) {
      specs.push({ dir: dirname(e.file), recursive: false });
      // Images and a project theme: their folders, when they are in the project.
      for (const input of e.good?.inputs ?? []) {
        if (input.startsWith(root + sep)) specs.push({ dir: dirname(input), recursive: false });
      }
    }
    return specs;
  }

  /** Which changed paths can matter: deck files, YAML, the watched folders, a build's inputs. */
  #relevant(p: string): boolean {
    const root = this.#project.root;
    const under = (dir: string) => p === dir || p.startsWith(dir + sep);
    if (p === this.#project.configFile) return true;
    // In a folder, any YAML file may be a new deck (or a deck that went away).
    if (this.#mode.kind === 'folder' && /\.ya?ml$/i.test(p)) return true;
    if ([DATA_DIR, SESSIONS_DIR, 'templates', 'themes'].some((d) => under(join(root, d)))) return true;
    if (under(BUILTIN_TEMPLATES) || under(BUILTIN_THEMES)) return true;
    if (this.#watcher.dirs().includes(p)) return true;
    for (const e of this.#entries.values()) if (e.file === p || e.good?.inputs.includes(p)) return true;
    return false;
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => {});
    return run;
  }

  #schedule(paths: string[]): void {
    if (this.#closing) return;
    for (const p of paths) if (this.#relevant(p)) this.#pending.add(p);
    if (!this.#pending.size || this.#drainQueued) return;
    this.#drainQueued = true;
    this.#enqueue(async () => {
      this.#drainQueued = false;
      const batch = [...this.#pending];
      this.#pending.clear();
      if (!this.#closing) await this.#applyChanges(batch);
    }).catch((err: unknown) => this.#report.error(`rebuilding: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Brings a deck that was left stale up to date before it is served. */
  #fresh(e: Entry): Promise<void> {
    if (!this.#stale.has(e)) return Promise.resolve();
    return this.#enqueue(async () => {
      if (this.#stale.has(e) && !this.#closing) await this.#rebuild([e], false);
    });
  }

  async #applyChanges(paths: string[]): Promise<void> {
    if (this.#mode.kind === 'folder') {
      let files: string[] = [];
      try {
        files = listDecks(this.#mode.dir).filter((f) => f !== this.#project.configFile);
      } catch {
        // The folder is gone for now; keep what we have.
        files = [...this.#entries.values()].map((e) => e.file);
      }
      if (this.#syncEntries(files)) {
        this.#indexVersion = this.#nextVersion();
        this.#broadcast(null);
      }
    }
    const entries = [...this.#entries.values()];
    const edited = entries.filter((e) => paths.includes(e.file));
    const affected = edited.length === paths.length ? edited : entries;
    // Decks open in a browser first: their reload should not wait for the others. Decks that
    // only a shared file changed for, and that no page shows, wait until they are asked for
    // (in a project with many decks, rebuilding all would delay the open page's reload). With
    // no page open, or the index page open, everything is rebuilt, for the messages here.
    const viewed = new Set([...this.#clients].map((c) => c.deck));
    const everything = viewed.size === 0 || viewed.has(null);
    const now = affected.filter((e) => everything || viewed.has(e.id) || edited.includes(e));
    for (const e of affected) if (!now.includes(e)) this.#stale.add(e);
    now.sort((a, b) => Number(viewed.has(b.id)) - Number(viewed.has(a.id)));
    await this.#rebuild(now, false);
    this.#watcher.add(this.#watchSpecs());
  }

  async #rebuild(entries: Entry[], initial: boolean): Promise<void> {
    const printed = new Set<string>();
    for (const e of entries) {
      if (this.#closing) return;
      if (this.#entries.get(e.id) !== e) continue;
      this.#stale.delete(e);
      const a = await buildInMemory(e.file, { audience: this.#audience, ...(this.#opts.today ? { today: this.#opts.today } : {}) });
      e.last = a;
      if (a.build) e.good = a.build;
      // A deck that is not for this audience must not stay visible through an older build.
      if (a.skipped) delete e.good;
      this.#reportAttempt(e, a, initial, printed);
      const shown = JSON.stringify([e.good?.signature ?? null, a.ok ? null : this.#overlayLines(e), a.skipped ?? null]);
      if (shown !== e.shown) {
        e.shown = shown;
        if (!initial) {
          e.version = this.#nextVersion();
          this.#indexVersion = this.#nextVersion();
          this.#broadcast(e);
        }
      }
    }
  }

  #reportAttempt(e: Entry, a: Attempt, initial: boolean, printed: Set<string>): void {
    const key = JSON.stringify(a.problems);
    const changed = !a.ok || key !== e.printed;
    e.printed = key;
    if (changed) {
      for (const p of a.problems) {
        const k = `${p.file}:${p.line}:${p.col}:${p.message}`;
        if (printed.has(k)) continue;
        printed.add(k);
        this.#report.problem(p);
      }
    }
    const file = this.#rel(e.file);
    if (a.skipped) this.#report.info(`skipped ${file}: ${a.skipped}`);
    else if (a.ok) {
      const removed = a.removed ?? [];
      const key = JSON.stringify(removed);
      if (removed.length && key !== e.removed) {
        // Like `build`: name ids only, never content.
        const ids = removed.filter((x) => x.id).map((x) => x.id);
        this.#report.info(
          `  ${e.id}: left out ${removed.length} non-public item${removed.length === 1 ? '' : 's'}${ids.length ? ` (${ids.join(', ')})` : ''}`,
        );
      }
      e.removed = key;
      this.#report.info(`${initial ? 'built' : 'rebuilt'} ${e.id} (${a.build!.slides} slides, ${a.ms} ms)`);
    } else {
      const still = e.good ? 'still serving the last good version' : 'nothing to serve until it is fixed';
      if (a.failure) this.#report.error(`${e.id}: ${a.failure.message}; ${still}`, a.failure.hint);
      else this.#report.error(`${e.id}: invalid deck data; ${still}`);
    }
  }

  #overlayLines(e: Entry): string[] {
    const a = e.last;
    if (!a || a.ok) return [];
    const lines = a.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, this.#cwd));
    if (a.failure) lines.push(a.failure.message);
    return lines;
  }

  // -------------------------------------------------------------------------------------------
  // Server-Sent Events

  #send(chunk: string): void {
    for (const c of this.#clients) c.res.write(chunk);
  }

  #broadcast(e: Entry | null): void {
    const data = {
      deck: e?.id ?? null,
      version: e?.version ?? null,
      index: this.#indexVersion,
      ok: e?.last?.ok ?? true,
      // How long the rebuild took (the rest of the delay after a save is the debounce).
      ms: e?.last?.ms ?? null,
    };
    this.#send(`event: reload\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #events(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const versions: Record<string, string> = {};
    for (const e of this.#entries.values()) versions[e.id] = e.version;
    // retry: reconnect quickly when the server is restarted.
    res.write(`retry: 500\n\nevent: hello\ndata: ${JSON.stringify({ versions, index: this.#indexVersion })}\n\n`);
    const client: Client = { res, deck: query.get('deck') };
    this.#clients.add(client);
    // A page of a deck left stale (or the index, which shows every deck) is about to be looked
    // at: rebuild, and the page reloads if anything changed.
    const stale = client.deck === null ? [...this.#stale] : [...this.#stale].filter((e) => e.id === client.deck);
    for (const e of stale) this.#fresh(e).catch(() => {});
    req.on('close', () => this.#clients.delete(client));
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  #hostAllowed(req: IncomingMessage): boolean {
    // A page on another site could point a name it controls at 127.0.0.1 (DNS rebinding) and
    // read the decks; a loopback server answers only to loopback names.
    if (!isLoopback(this.host)) return true;
    const h = req.headers.host;
    if (!h) return false;
    const name = hostName(h);
    return isLoopback(name) || name === this.host.toLowerCase();
  }

  #text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(body);
  }

  #html(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.#hostAllowed(req)) return this.#text(res, 403, 'ratsdeck serve answers only to localhost\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.#text(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = (q < 0 ? raw : raw.slice(0, q)).replace(/#.*$/, '');
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return this.#text(res, 400, 'bad request\n');
    }
    if (!path.startsWith('/') || path.includes('\0')) return this.#text(res, 400, 'bad request\n');
    if (path === EVENTS_PATH) return this.#events(req, res, new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
    await this.#ready;
    if (path === '/favicon.ico') return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    if (path === '/' || path === '/index.html') {
      if (this.#mode.kind === 'deck') {
        const id = servedId(this.#mode.file, this.#audience);
        return this.#text(res, 302, '', { Location: `/${encodeURIComponent(id)}/` });
      }
      await Promise.all([...this.#stale].map((e) => this.#fresh(e)));
      return this.#html(req, res, 200, this.#indexPage());
    }
    const m = /^\/([^/]+)(\/.*)?$/.exec(path);
    const e = m ? this.#entries.get(m[1]!) : undefined;
    if (!m || !e) return this.#text(res, 404, 'not found\n');
    if (m[2] === undefined) return this.#text(res, 302, '', { Location: `/${encodeURIComponent(e.id)}/` });
    await this.#fresh(e);
    const rest = m[2].slice(1);
    if (rest === '' || rest === 'index.html') return this.#deckPage(req, res, e);
    const asset = e.good?.assets.get(rest);
    if (!asset) return this.#text(res, 404, 'not found\n');
    return this.#asset(req, res, rest, asset);
  }

  async #asset(req: IncomingMessage, res: ServerResponse, path: string, asset: ServedAsset): Promise<void> {
    let body: Buffer | string;
    if (asset.kind === 'text') body = asset.body;
    else {
      try {
        body = await readFile(asset.from);
      } catch {
        // Deleted since the build; the next rebuild will say so.
        return this.#text(res, 404, 'not found\n');
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

  #deckPage(req: IncomingMessage, res: ServerResponse, e: Entry): void {
    const a = e.last;
    const script = reloadScript(e.id, e.version);
    if (a?.skipped) {
      const body = `<h1>${escapeHtml(e.id)}</h1>\n<p>Not shown: ${escapeHtml(a.skipped)}.</p>\n${this.#backLink()}${script}`;
      return this.#html(req, res, 404, page(`${e.id} – ratsdeck`, body));
    }
    const failing = !!a && !a.ok;
    const overlay = failing
      ? errorOverlay({
          heading: e.good
            ? `${e.id}: the last change has errors — showing the last good version`
            : `${e.id}: the deck has errors — nothing to show until they are fixed`,
          lines: this.#overlayLines(e),
          ...(a.failure?.hint ? { hint: a.failure.hint } : {}),
        })
      : '';
    if (!e.good) {
      const body = `<h1>${escapeHtml(e.id)}</h1>\n${this.#backLink()}${overlay}\n${script}`;
      return this.#html(req, res, 500, page(`${e.id}: errors – ratsdeck`, body));
    }
    this.#html(req, res, 200, injectBeforeBodyEnd(e.good.html, `${overlay}${overlay ? '\n' : ''}${script}`));
  }

  #backLink(): string {
    return this.#mode.kind === 'folder' ? '<p><a href="/">All decks</a></p>\n' : '';
  }

  #indexPage(): string {
    const items = [...this.#entries.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((e) => {
        const a = e.last;
        const href = `/${encodeURIComponent(e.id)}/`;
        const file = escapeHtml(this.#rel(e.file));
        if (a?.skipped) return `<li>${escapeHtml(e.id)} <span class="status">${file} · not shown: ${escapeHtml(a.skipped)}</span></li>`;
        const title = escapeHtml(e.good?.title ?? e.id);
        const status = !a || a.ok
          ? `<span class="status">${file} · ${e.good?.slides ?? 0} slides</span>`
          : `<span class="status error">${file} · errors${e.good ? ' — showing the last good version' : ''}</span>`;
        return `<li><a href="${href}">${title}</a><br>${status}</li>`;
      })
      .join('\n');
    const n = this.#entries.size;
    const where = escapeHtml(this.#rel(this.#mode.kind === 'folder' ? this.#mode.dir : this.#project.root));
    const body = `<h1>ratsdeck: ${n} deck${n === 1 ? '' : 's'} in ${where}</h1>
<ul>
${items}
</ul>
<p class="status">Open pages reload when a deck file, ratsdeck.yaml, ${DATA_DIR}/, templates/ or themes/ change.${
      this.#audience === 'nonpublic' ? ' <strong>Non-public version.</strong>' : ''
    }</p>
${reloadScript(null, this.#indexVersion)}`;
    return page('ratsdeck serve', body);
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

/**
 * Starts the preview server: listens, builds every deck once, watches, and resolves with the
 * URL to open. Throws RatsdeckError (exit 2) for a missing target or a port that is taken.
 */
export async function startServer(opts: ServeOptions): Promise<ServeHandle> {
  return new PreviewServer(opts).start();
}

/**
 * `ratsdeck serve`: a local preview server. Builds decks in memory (nothing is written to
 * out/), serves the last good version of each with a live-reload script, watches the files a
 * deck is made of and tells open pages to reload (Server-Sent Events) after each rebuild.
 *
 * Pure of argv: the CLI (src/cli/serve.ts) parses flags, prints, and handles Ctrl-C.
 *
 * Only the files a build names are served, looked up by exact path in an in-memory table, so
 * no request path can reach any other file (no path traversal by construction).
 *
 * This file holds the decks and routes requests; the parts are in their own files, as in
 * eleventy's Watch / WatchQueue / WatchTargets: http.ts (listening, Host check, responses),
 * events.ts (Server-Sent Events), queue.ts (one build at a time), targets.ts (what to watch),
 * watch.ts (watching, with chokidar), report.ts (terminal output), pages.ts and inject.ts (the HTML).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Audience } from '../audience/index.js';
import { findProject, listDecks, resolveDeckPaths, type Project } from '../project/project.js';
import { buildInMemory, servedId } from './decks.js';
import type { Entry, Mode } from './entry.js';
import { EventStream } from './events.js';
import { DEFAULT_HOST, DEFAULT_PORT, closeServer, hostAllowed, listen, requestPath, sendAsset, sendHtml, sendText, urlHost } from './http.js';
import { EVENTS_PATH } from './inject.js';
import { deckPage, indexPage, overlayLines, type PageContext } from './pages.js';
import { RebuildQueue } from './queue.js';
import { reportAttempt, silent, type ServeReporter } from './report.js';
import { WatchTargets } from './targets.js';
import { Debouncer, FileWatcher } from './watch.js';

export { DEFAULT_HOST, DEFAULT_PORT, contentType, isLoopback } from './http.js';
export type { ServeReporter } from './report.js';

/**
 * One save is often a burst of events (truncate and write; temporary file, rename): wait this
 * long after the last one. Not below about 60: chokidar drops a second change of a file within
 * 50 ms of the first, so the build must start after such a write, not before it. (Measured
 * with chokidar: write → reload is this plus about 30 ms plus the rebuild.)
 */
export const DEFAULT_DEBOUNCE_MS = 100;

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

class PreviewServer {
  readonly #opts: ServeOptions;
  readonly #cwd: string;
  readonly #audience: Audience;
  readonly #report: ServeReporter;
  readonly #mode: Mode;
  readonly #project: Project;
  readonly #http: Server;
  readonly #targets: WatchTargets;
  readonly #watcher: FileWatcher;
  readonly #debouncer: Debouncer<string>;
  readonly #events = new EventStream();
  readonly #queue: RebuildQueue;
  readonly #entries = new Map<string, Entry>();
  readonly #warnedDuplicates = new Set<string>();
  readonly #watchErrors = new Set<string>();
  /** Random per server: a page from an earlier server run reloads when it reconnects. */
  readonly #instance = randomBytes(4).toString('hex');
  #counter = 0;
  #indexVersion: string;
  /** Decks a shared file changed for, not rebuilt yet because no page shows them. */
  readonly #stale = new Set<Entry>();
  #ready: Promise<void> = Promise.resolve();
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
    this.#targets = new WatchTargets(this.#project, this.#mode, opts.watchBuiltin ?? true);
    this.#indexVersion = this.#nextVersion();
    this.#syncEntries(files);
    this.#http = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        this.#report.error(`serving ${req.url ?? ''}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) sendText(res, 500, 'internal error');
        else res.destroy();
      });
    });
    this.#queue = new RebuildQueue(
      async (batch) => {
        if (!this.#closing) await this.#applyChanges(batch);
      },
      (err) => this.#report.error(`rebuilding: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.#debouncer = new Debouncer(opts.debounceMs ?? DEFAULT_DEBOUNCE_MS, (paths) => {
      if (this.#closing) return;
      const entries = [...this.#entries.values()];
      this.#queue.push(paths.filter((p) => this.#targets.relevant(p, entries)));
    });
    this.#watcher = new FileWatcher(
      this.#targets.ignored,
      (path) => this.#debouncer.push(path),
      (err) => this.#watchError(err),
    );
  }

  async start(): Promise<ServeHandle> {
    const host = this.#opts.host ?? DEFAULT_HOST;
    this.port = await listen(this.#http, {
      host,
      port: this.#opts.port ?? DEFAULT_PORT,
      fallback: this.#opts.portFallback ?? 0,
      onFallback: (first, used) => this.#report.info(`port ${first} is in use; using ${used}`),
    });
    this.host = host;
    try {
      this.#watcher.add(this.#targets.roots());
      this.#events.start();
      // Requests that come in during the first build wait for it.
      this.#ready = this.#queue.enqueue(async () => {
        await this.#rebuild([...this.#entries.values()], true);
        this.#watcher.add(this.#targets.update(this.#entries.values()));
      });
      // Once start() resolves, every save is seen.
      await Promise.all([this.#ready, this.#watcher.ready()]);
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
      await this.#watcher.close();
      this.#events.close();
      await closeServer(this.#http);
      // A rebuild in progress finishes (it only reads files); its result goes nowhere.
      await this.#queue.idle();
    })();
    return this.#closing;
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

  /** Brings a deck that was left stale up to date before it is served. */
  #fresh(e: Entry): Promise<void> {
    if (!this.#stale.has(e)) return Promise.resolve();
    return this.#queue.enqueue(async () => {
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
    const viewed = this.#events.viewed();
    const everything = viewed.size === 0 || viewed.has(null);
    const now = affected.filter((e) => everything || viewed.has(e.id) || edited.includes(e));
    for (const e of affected) if (!now.includes(e)) this.#stale.add(e);
    now.sort((a, b) => Number(viewed.has(b.id)) - Number(viewed.has(a.id)));
    await this.#rebuild(now, false);
    this.#watcher.add(this.#targets.update(this.#entries.values()));
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
      reportAttempt(this.#report, e, a, { initial, printed, rel: (p) => this.#rel(p), cwd: this.#cwd });
      const shown = JSON.stringify([e.good?.signature ?? null, a.ok ? null : overlayLines(e, this.#cwd), a.skipped ?? null]);
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

  /** A file that cannot be watched means a preview that may go stale: say so, once per cause. */
  #watchError(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    const key = code ?? err.message;
    if (this.#watchErrors.has(key)) return;
    this.#watchErrors.add(key);
    const limit = code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
    this.#report.warn(
      `cannot watch for changes: ${err.message}; the preview may not follow every edit` +
        (limit ? ' (the system limit of watched files is reached: close other watching programs, or on Linux raise fs.inotify.max_user_watches)' : ' (restart serve to watch again)'),
    );
  }

  #broadcast(e: Entry | null): void {
    this.#events.reload({
      deck: e?.id ?? null,
      version: e?.version ?? null,
      index: this.#indexVersion,
      ok: e?.last?.ok ?? true,
      ms: e?.last?.ms ?? null,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  #pageContext(): PageContext {
    return { mode: this.#mode, root: this.#project.root, audience: this.#audience, cwd: this.#cwd, rel: (p) => this.#rel(p) };
  }

  #openEvents(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const versions: Record<string, string> = {};
    for (const e of this.#entries.values()) versions[e.id] = e.version;
    const deck = this.#events.open(req, res, query, { versions, index: this.#indexVersion });
    if (deck === undefined) return;
    // A page of a deck left stale (or the index, which shows every deck) is about to be looked
    // at: rebuild, and the page reloads if anything changed.
    const stale = deck === null ? [...this.#stale] : [...this.#stale].filter((e) => e.id === deck);
    for (const e of stale) this.#fresh(e).catch(() => {});
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, this.host)) return sendText(res, 403, 'ratsdeck serve answers only to localhost\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    const at = requestPath(req);
    if (!at) return sendText(res, 400, 'bad request\n');
    const { path } = at;
    if (path === EVENTS_PATH) return this.#openEvents(req, res, at.query);
    await this.#ready;
    if (path === '/favicon.ico') return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    if (path === '/' || path === '/index.html') {
      if (this.#mode.kind === 'deck') {
        const id = servedId(this.#mode.file, this.#audience);
        return sendText(res, 302, '', { Location: `/${encodeURIComponent(id)}/` });
      }
      await Promise.all([...this.#stale].map((e) => this.#fresh(e)));
      return sendHtml(req, res, 200, indexPage([...this.#entries.values()], this.#indexVersion, this.#pageContext()));
    }
    const m = /^\/([^/]+)(\/.*)?$/.exec(path);
    const e = m ? this.#entries.get(m[1]!) : undefined;
    if (!m || !e) return sendText(res, 404, 'not found\n');
    if (m[2] === undefined) return sendText(res, 302, '', { Location: `/${encodeURIComponent(e.id)}/` });
    await this.#fresh(e);
    const rest = m[2].slice(1);
    if (rest === '' || rest === 'index.html') {
      const { status, html } = deckPage(e, this.#pageContext());
      return sendHtml(req, res, status, html);
    }
    // The exact-path asset table: only files the build named.
    const asset = e.good?.assets.get(rest);
    if (!asset) return sendText(res, 404, 'not found\n');
    return sendAsset(req, res, rest, asset);
  }
}

/**
 * Starts the preview server: listens, builds every deck once, watches, and resolves with the
 * URL to open. Throws RatsdeckError (exit 2) for a missing target or a port that is taken.
 */
export async function startServer(opts: ServeOptions): Promise<ServeHandle> {
  return new PreviewServer(opts).start();
}

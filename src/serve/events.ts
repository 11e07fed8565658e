/**
 * Server-Sent Events: the open pages of `ratsdeck serve` and the reload messages they get.
 * The page side is reloadScript() in inject.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a reload message says: which deck changed to which build, and the index page's build. */
export interface ReloadEvent {
  deck: string | null;
  version: string | null;
  index: string;
  ok: boolean;
  /** How long the rebuild took (the rest of the delay after a save is the debounce). */
  ms: number | null;
}

interface Client {
  res: ServerResponse;
  /** The deck the page shows; null for the index page. */
  deck: string | null;
}

/** Proxies and browsers drop an idle stream; a comment line every 20 s keeps it open. */
const HEARTBEAT_MS = 20_000;

export class EventStream {
  readonly #clients = new Set<Client>();
  #heartbeat: NodeJS.Timeout | undefined;

  start(): void {
    this.#heartbeat = setInterval(() => this.#send(': ping\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /**
   * Takes a page's EventSource request. `hello` tells it the current builds (a change made
   * while the page loaded, or a restarted server, then reloads it). Returns the deck the page
   * shows (null: the index page), or undefined for a HEAD request.
   */
  open(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, hello: { versions: Record<string, string>; index: string }): string | null | undefined {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return undefined;
    }
    // retry: reconnect quickly when the server is restarted.
    res.write(`retry: 500\n\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    const client: Client = { res, deck: query.get('deck') };
    this.#clients.add(client);
    req.on('close', () => this.#clients.delete(client));
    return client.deck;
  }

  /** The decks open pages show (null: an index page). */
  viewed(): Set<string | null> {
    return new Set([...this.#clients].map((c) => c.deck));
  }

  reload(data: ReloadEvent): void {
    this.#send(`event: reload\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
  }

  #send(chunk: string): void {
    for (const c of this.#clients) c.res.write(chunk);
  }
}

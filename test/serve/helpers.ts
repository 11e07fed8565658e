/** Test helpers for `ratsdeck serve`: a throwaway copy of the example project, raw HTTP, SSE. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = join(REPO, 'decks');
export const HFA_TITLE = 'Digitalisierung der Verwaltung und Arbeit des IT-Beirats';

/**
 * Copies decks/ into a fresh temp folder and returns its path: without out/, and without
 * _sessions/ (frozen decks build from their snapshot, so edits to _data/ would not show).
 */
export function copyExample(prefix = 'ratsdeck-serve-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (src) => {
      const top = relative(EXAMPLE, src).split(sep)[0];
      return top !== 'out' && top !== '_sessions';
    },
  });
  return dir;
}

/** Replaces text in a file (it must occur) and returns the time of the write. */
export function edit(file: string, from: string | RegExp, to: string): number {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(file, next);
  return Date.now();
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with the path sent exactly as given (fetch would normalise "/../"). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface SseEvent {
  event: string;
  data: string;
  /** Date.now() when it arrived. */
  at: number;
}

/** A Server-Sent Events client that records every event. */
export class SseClient {
  readonly events: SseEvent[] = [];
  ended = false;
  readonly #req: ClientRequest;
  #buffer = '';
  #wake: (() => void)[] = [];
  readonly connected: Promise<void>;

  constructor(url: string) {
    let ok: () => void = () => {};
    let fail: (e: Error) => void = () => {};
    this.connected = new Promise<void>((res, rej) => ((ok = res), (fail = rej)));
    this.#req = request(url, { headers: { Accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) fail(new Error(`SSE status ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.#buffer += chunk;
        let i: number;
        while ((i = this.#buffer.indexOf('\n\n')) >= 0) {
          const block = this.#buffer.slice(0, i);
          this.#buffer = this.#buffer.slice(i + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length) {
            this.events.push({ event, data: data.join('\n'), at: Date.now() });
            if (event === 'hello') ok();
          }
        }
        for (const w of this.#wake.splice(0)) w();
      });
      res.on('end', () => {
        this.ended = true;
        for (const w of this.#wake.splice(0)) w();
      });
    });
    this.#req.on('error', (e) => {
      fail(e);
      this.ended = true;
      for (const w of this.#wake.splice(0)) w();
    });
    this.#req.end();
  }

  /** The first event from index `from` on that matches, or an error after `ms`. */
  async waitFor(pred: (e: SseEvent) => boolean, ms: number, from = 0): Promise<SseEvent> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = this.events.slice(from).find(pred);
      if (hit) return hit;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no matching SSE event within ${ms} ms; got ${JSON.stringify(this.events.slice(from))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#wake.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Resolves when the server ends the stream. */
  async waitForEnd(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (!this.ended && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.ended;
  }

  close(): void {
    this.#req.destroy();
  }
}

export function reloadOf(deck: string, ok?: boolean): (e: SseEvent) => boolean {
  return (e) => {
    if (e.event !== 'reload') return false;
    const d = JSON.parse(e.data) as { deck: string | null; ok: boolean };
    return d.deck === deck && (ok === undefined || d.ok === ok);
  };
}

/**
 * Reading OParl objects by URL or from a saved file, the way real servers need it:
 * - an object is fetched once per command (and kept in `_oparl/`), only when it is needed;
 * - a linked object that answers 404 (or is refused, or is no OParl) is left out with a
 *   warning that names the URL (`tryGet`); the main object failing is an error (exit 8);
 * - when an object's id differs from where it answered (`http://` ids on an https server,
 *   `…/oparl/…` ids answered under `…/ris/oparl/…`), links with that id prefix are followed
 *   where the server answered, with one warning; ids stay the objects' identity;
 * - lists follow `links.next` until there is none, skip deleted stubs, and stop with an error
 *   on a page seen before (a cycle) or after `maxPages` pages;
 * - offline, everything comes from `_oparl/`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import { displayPath } from '../paths.js';
import type { OparlCache } from './cache.js';
import type { OparlClient } from './client.js';
import { OparlError, type OparlFailure } from './errors.js';
import { parseOparlJson } from './json.js';
import { cleanUrl, isDeleted, kindOf, normalise, type Kind, type Link, type ObjectOf, type OObject } from './normalise.js';

export interface ReaderOptions {
  /** Undefined: offline, from `_oparl/` only. */
  client?: OparlClient;
  cache: OparlCache;
  warn(line: string): void;
  /** Pages a list may have (default 100). */
  maxPages?: number;
}

/** Where links with an id prefix are followed instead. */
interface Rewrite {
  from: string;
  to: string;
}

/** Failures a linked object may have without stopping the command (quirk 12). */
const TOLERATED = new Set<OparlFailure>(['not-found', 'status', 'host', 'not-oparl', 'json', 'offline']);

const KIND_WORDS: Record<Kind, string> = {
  System: 'System',
  Body: 'Body (Körperschaft)',
  Organization: 'Organization (Gremium)',
  Meeting: 'Meeting (Sitzung)',
  AgendaItem: 'AgendaItem (TOP)',
  Paper: 'Paper (Vorlage)',
  Consultation: 'Consultation (Beratung)',
  File: 'File (Datei)',
  Location: 'Location (Ort)',
  Person: 'Person',
};

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/**
 * The prefixes that differ between an id and the URL that answered, when the rest of the path
 * and the query are the same: `http://h/oparl` → `https://h/ris/oparl`.
 */
export function rewriteFor(id: string, answered: string): Rewrite | undefined {
  let a: URL;
  let b: URL;
  try {
    a = new URL(id);
    b = new URL(answered);
  } catch {
    return undefined;
  }
  if (a.search !== b.search) return undefined;
  const as = a.pathname.split('/').filter(Boolean);
  const bs = b.pathname.split('/').filter(Boolean);
  let k = 0;
  while (k < as.length && k < bs.length && as[as.length - 1 - k] === bs[bs.length - 1 - k]) k++;
  if (k === 0) return undefined;
  const from = [a.origin, ...as.slice(0, as.length - k)].join('/');
  const to = [b.origin, ...bs.slice(0, bs.length - k)].join('/');
  return from === to ? undefined : { from, to };
}

export class OparlReader {
  private readonly memo = new Map<string, Promise<OObject | undefined>>();
  private readonly rewrites: Rewrite[] = [];
  private readonly warned = new Set<string>();
  private readonly leftOut = new Set<string>();
  readonly offline: boolean;

  constructor(private readonly o: ReaderOptions) {
    this.offline = !o.client;
  }

  private warn(line: string): void {
    if (this.warned.has(line)) return;
    this.warned.add(line);
    this.o.warn(line);
  }

  /** Where a link is followed: its id, unless a rewrite learnt from the server says otherwise. */
  where(url: string): string {
    for (const r of this.rewrites) {
      if (url === r.from || url.startsWith(`${r.from}/`) || url.startsWith(`${r.from}?`)) return r.to + url.slice(r.from.length);
    }
    return url;
  }

  /** The JSON at `url` (fetched, or from `_oparl/` offline), repaired where that is safe. */
  private async raw(url: string): Promise<unknown> {
    const target = this.where(url);
    if (!this.o.client) {
      const entry = this.o.cache.get(url) ?? this.o.cache.get(target);
      if (!entry) {
        throw new OparlError(url, 'offline', `${url}: not in _oparl/ (--offline reads only what was fetched before)`, {
          hint: 'run the command once without --offline where the council information system can be reached',
        });
      }
      return entry.data;
    }
    const answer = await this.o.client.get(target);
    const { value, repaired } = parseOparlJson(answer.text, answer.url);
    if (repaired) this.warn(`${answer.url}: the answer had raw control characters inside its strings; they were escaped and the rest read as sent`);
    const id = cleanUrl((value as { id?: unknown } | null)?.id);
    if (id && !sameUrl(id, answer.url)) this.learn(id, answer.url);
    this.o.cache.put(answer.url, value, [id, target]);
    return value;
  }

  private learn(id: string, answered: string): void {
    const r = rewriteFor(id, answered);
    if (!r) return;
    if (this.rewrites.some((x) => x.from === r.from)) return;
    this.rewrites.push(r);
    this.warn(`the server names its objects ${r.from}/… but answered at ${r.to}/…; links are followed there, the ids are kept as they are`);
  }

  private normaliseAt(url: string, value: unknown): OObject | undefined {
    const notices: string[] = [];
    const o = normalise(value, (n) => notices.push(n));
    if (notices.length) this.warn(`${url}: ${notices[0]}${notices.length > 1 ? ` (and ${notices.length - 1} more like it)` : ''}`);
    return o;
  }

  /** Reads a command-line source: an http(s) URL, or a saved OParl JSON file (relative to `cwd`). */
  async entry(arg: string, cwd: string): Promise<OObject> {
    if (/^https?:\/\//i.test(arg)) {
      const url = cleanUrl(arg);
      if (!url) throw new RatsdeckError(`${arg}: not a URL`, { exitCode: ExitCode.USAGE });
      const o = await this.object(url);
      if (!o) throw new OparlError(url, 'not-found', `${url}: the object is deleted in the council information system`);
      return o;
    }
    const file = resolve(cwd, arg);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new RatsdeckError(`${arg}: no such file`, { exitCode: ExitCode.USAGE, hint: 'give the URL of an OParl Meeting, AgendaItem or Paper, or a saved .json file of one' });
    }
    const shown = displayPath(file, cwd);
    const { value, repaired } = parseOparlJson(readFileSync(file, 'utf8'), shown, 'file');
    if (repaired) this.warn(`${shown}: raw control characters inside its strings were escaped; the rest was read as saved`);
    const o = this.normaliseAt(shown, value);
    if (!o) throw new OparlError(shown, 'not-oparl', `${shown}: not an OParl object (it has no type ratsdeck reads)`);
    if (o.id) {
      this.memo.set(o.id, Promise.resolve(o));
      this.o.cache.put(o.id, value);
    }
    return o;
  }

  /** The object at `url`, fetched once per reader; undefined for a deleted one. */
  private object(url: string): Promise<OObject | undefined> {
    let p = this.memo.get(url);
    if (!p) {
      p = this.raw(url).then((v) => {
        if (isDeleted(v)) return undefined;
        const o = this.normaliseAt(this.where(url), v);
        if (!o) {
          const what = v && typeof v === 'object' && Array.isArray((v as { data?: unknown }).data) ? 'a list, not an object' : 'no OParl object (it has no type ratsdeck reads)';
          throw new OparlError(url, 'not-oparl', `${url}: not OParl: the answer is ${what}`);
        }
        return o;
      });
      this.memo.set(url, p);
    }
    return p;
  }

  /** A link as the object of `kind`: embedded ones as they are, URLs fetched. Throws OparlError. */
  async get<K extends Kind>(l: Link<ObjectOf<K>>, kind: K): Promise<ObjectOf<K>> {
    if (typeof l !== 'string') return l;
    const o = await this.object(l);
    if (!o) throw new OparlError(l, 'not-found', `${l}: the ${KIND_WORDS[kind]} is deleted in the council information system`);
    if (o.kind !== kind) {
      throw new OparlError(l, 'not-oparl', `${l}: expected an OParl ${KIND_WORDS[kind]}, got ${KIND_WORDS[o.kind]}`);
    }
    return o as ObjectOf<K>;
  }

  /** Like get, but a linked object that cannot be had is left out with a warning naming the URL. */
  async tryGet<K extends Kind>(l: Link<ObjectOf<K>> | undefined, kind: K, what: string): Promise<ObjectOf<K> | undefined> {
    if (l === undefined) return undefined;
    try {
      return await this.get(l, kind);
    } catch (err) {
      if (err instanceof OparlError && TOLERATED.has(err.reason)) {
        // One warning per object that cannot be read, however many paths lead to it.
        if (!this.leftOut.has(err.message)) this.warn(`${what} left out: ${err.message}`);
        this.leftOut.add(err.message);
        return undefined;
      }
      throw err;
    }
  }

  /** Every object of `kind` in the list at `url`, over all its pages. */
  async list<K extends Kind>(url: string, kind: K): Promise<ObjectOf<K>[]> {
    const max = this.o.maxPages ?? 100;
    const seen = new Set<string>();
    const out: ObjectOf<K>[] = [];
    let next: string | undefined = url;
    let pages = 0;
    while (next) {
      const key = this.where(next);
      if (seen.has(key)) {
        throw new OparlError(url, 'pagination', `${url}: the list's links.next leads back to ${next}, a page already read (after ${pages} pages)`, {
          hint: "the server's pagination is broken: report it to the RIS vendor",
        });
      }
      seen.add(key);
      if (++pages > max) {
        throw new OparlError(url, 'pagination', `${url}: the list has more than ${max} pages; stopped reading it`, {
          hint: "the server's pagination may be broken: report it to the RIS vendor",
        });
      }
      const page = (await this.raw(next)) as { data?: unknown; links?: { next?: unknown } } | null;
      if (!page || typeof page !== 'object' || !Array.isArray(page.data)) {
        throw new OparlError(next, 'not-oparl', `${next}: not an OParl list (the answer has no data array)`);
      }
      for (const item of page.data) {
        // Deleted stubs ({id, deleted: true}, no type) appear in ordinary lists on some servers.
        if (isDeleted(item) || kindOf(item) !== kind) continue;
        const o = this.normaliseAt(next, item) as ObjectOf<K> | undefined;
        if (!o) continue;
        if (o.id && !this.memo.has(o.id)) this.memo.set(o.id, Promise.resolve(o));
        out.push(o);
      }
      const n: unknown = page.links?.next;
      next = typeof n === 'string' && n.trim() !== '' ? cleanUrl(new URL(n.trim(), next).href) : undefined;
    }
    return out;
  }
}

/**
 * What was fetched from the council information system, kept in the project's `_oparl/`
 * folder: one JSON file per URL, `_oparl/<host>/<path>-<hash>.json`, holding the URL, when it
 * was fetched and the object as read. `--offline` works from it, and a deck's `oparl:` URLs
 * lead to the object its facts came from. Written atomically (src/output/write.ts); ratsdeck
 * writes nothing else there. An object whose id differs from the URL it answered at (or that
 * was asked for at another URL before a redirect) is kept under each, so links in other
 * objects (which use ids) and the configured URLs find it offline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/write.js';

export interface CachedEntry {
  url: string;
  /** ISO date-time of the fetch. */
  fetched: string;
  data: unknown;
}

export class OparlCache {
  constructor(
    /** The `_oparl/` folder of the project. */
    readonly dir: string,
    /** False for --dry-run: read, never write. */
    private readonly writable: boolean,
  ) {}

  /** The file that holds `url`'s object, whether or not it exists. */
  fileFor(url: string): string {
    let host = 'unknown';
    let rest = url;
    try {
      const u = new URL(url);
      host = u.host;
      rest = `${u.pathname}${u.search}`;
    } catch {
      // Keep the whole string as the name's source.
    }
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+|[_.]+$/g, '');
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 10);
    const name = safe(rest).slice(0, 80) || 'index';
    return join(this.dir, safe(host) || 'unknown', `${name}-${hash}.json`);
  }

  get(url: string): CachedEntry | undefined {
    const file = this.fileFor(url);
    if (!existsSync(file)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CachedEntry;
      return entry && typeof entry === 'object' && 'data' in entry ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps `data` as fetched from `url`, and under `aliases` too (its id, the URL asked before a redirect). */
  put(url: string, data: unknown, aliases: (string | undefined)[] = []): void {
    if (!this.writable) return;
    const fetched = new Date().toISOString();
    for (const u of new Set([url, ...aliases.filter((a): a is string => !!a)])) {
      const entry: CachedEntry = { url: u, fetched, data };
      writeFileAtomic(this.fileFor(u), JSON.stringify(entry, null, 2) + '\n');
    }
  }
}

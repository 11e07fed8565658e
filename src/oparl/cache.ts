/**
 * What was fetched from the council information system, kept in the project's `_oparl/`
 * folder: one JSON file per URL, `_oparl/<host>/<path>-<hash>.json`, holding the URL, when it
 * was fetched and the object as read. `--offline` works from it, and a deck's `oparl:` URLs
 * lead to the object its facts came from. Written atomically (src/output/write.ts); ratsdeck
 * writes nothing else there. An object whose id differs from the URL it answered at is kept
 * under both, so links in other objects (which use ids) find it offline.
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

  put(url: string, data: unknown, alsoAs?: string): void {
    if (!this.writable) return;
    const entry: CachedEntry = { url, fetched: new Date().toISOString(), data };
    const text = JSON.stringify(entry, null, 2) + '\n';
    writeFileAtomic(this.fileFor(url), text);
    if (alsoAs && alsoAs !== url) writeFileAtomic(this.fileFor(alsoAs), JSON.stringify({ ...entry, url: alsoAs }, null, 2) + '\n');
  }
}

/**
 * Watching the files a deck is made of: the one importer of chokidar (issue 11, finding 6).
 *
 * The hand-written watcher before it used fs.watch, whose recursive mode on Linux (Node 20)
 * watches each file's inode: once a file was replaced by a rename (git checkout, vim's
 * backup-and-rename save, `sed -i`), no later save of it was seen. chokidar watches folders and
 * files, notices a replaced inode and re-watches it, and sees folders and files created later.
 *
 * What to watch (which paths are ignored) is decided by the caller (targets.ts); this module
 * only watches, reports each change, and closes.
 */
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { FSWatcher } from 'chokidar';

/** True for a path that is not to be watched; `stats` is absent when chokidar does not know yet. */
export type IgnoreFn = (path: string, stats?: Stats) => boolean;

/** Names that are never deck inputs: editor swap and backup files, hidden files and folders. */
export function ignoredName(rel: string): boolean {
  return rel.split(/[\\/]/).some(
    (seg) =>
      (seg.startsWith('.') && seg !== '.' && seg !== '..') ||
      seg.endsWith('~') ||
      seg.endsWith('.swp') ||
      seg.endsWith('.swx') ||
      seg === '4913' || // vim's test whether the folder is writable
      seg.startsWith('#'),
  );
}

export class FileWatcher {
  readonly #w: FSWatcher;
  readonly #ready: Promise<void>;
  #readyNow: () => void = () => {};

  /**
   * `ignored` is asked again for every path chokidar meets, so it may change its mind (a build
   * names a new image folder); `add` that folder then. `onChange` hears every added, changed or
   * removed file or folder, as an absolute path.
   */
  constructor(ignored: IgnoreFn, onChange: (path: string) => void, onError: (err: Error) => void) {
    this.#w = new FSWatcher({
      ignored,
      // Only changes after the start count: the first build reads everything anyway.
      ignoreInitial: true,
      // chokidar's `atomic` holds back a deletion 100 ms in case the file comes back (an
      // editor's save); the debounce of serve already turns delete + re-create into one
      // rebuild, and a late "unlink" of an editor's temporary file would start a second one.
      atomic: false,
      // No awaitWriteFinish: it polls for 2 s by default, and a debounce of serve's own covers a
      // save that comes as a burst of events.
    });
    this.#ready = new Promise((ok) => (this.#readyNow = ok));
    this.#w.once('ready', () => this.#readyNow());
    this.#w.on('all', (_event, path) => onChange(resolve(path)));
    this.#w.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
  }

  /**
   * Watches these folders with everything in them that is not ignored; a folder that does not
   * exist yet is watched for. A folder watched already is skipped (chokidar would attach a
   * second listener to it).
   */
  add(dirs: string[]): void {
    const watched = this.#w.getWatched();
    const fresh = [...new Set(dirs.map((d) => resolve(d)))].filter((d) => !(d in watched));
    if (fresh.length) this.#w.add(fresh);
  }

  /** Resolves when the first `add` has been scanned (changes from then on are seen), or on close. */
  ready(): Promise<void> {
    return this.#ready;
  }

  close(): Promise<void> {
    this.#readyNow();
    return this.#w.close();
  }
}

/** Calls `fn` with the collected keys `ms` after the last `push` (trailing debounce). */
export class Debouncer<T> {
  readonly #ms: number;
  readonly #fn: (items: T[]) => void;
  #items = new Set<T>();
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number, fn: (items: T[]) => void) {
    this.#ms = ms;
    this.#fn = fn;
  }

  push(item: T): void {
    this.#items.add(item);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const items = [...this.#items];
      this.#items.clear();
      this.#fn(items);
    }, this.#ms);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#items.clear();
  }
}

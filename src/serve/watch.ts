/**
 * Watching the files a deck is made of, with fs.watch (recursive where the platform supports
 * it: Linux since Node 20, macOS, Windows) and a debounce, so that one save — which editors
 * often turn into several events (write, rename, chmod) — gives one rebuild.
 *
 * Folders are watched rather than files: editors that save by writing a new file and renaming
 * it over the old one would leave a watch on the old file's inode deaf.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export interface WatchSpec {
  dir: string;
  recursive: boolean;
  /** Skips changes to these paths (relative to `dir`, as fs.watch reports them). */
  ignore?: (rel: string) => boolean;
}

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

function inode(dir: string): number | undefined {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? st.ino : undefined;
  } catch {
    return undefined;
  }
}

export class DirWatcher {
  /** Keyed by "r:" or "n:" (recursive or not) and the folder; `ino` tells a re-created folder apart. */
  readonly #watchers = new Map<string, { w: FSWatcher; ino: number }>();
  readonly #onChange: (file: string) => void;
  readonly #onError: (dir: string, err: Error) => void;
  #closed = false;

  constructor(onChange: (file: string) => void, onError: (dir: string, err: Error) => void = () => {}) {
    this.#onChange = onChange;
    this.#onError = onError;
  }

  /**
   * Watches the folders that exist and are not watched yet, and drops watches of folders that
   * were deleted or replaced (call again after each rebuild: folders come and go).
   */
  add(specs: WatchSpec[]): void {
    if (this.#closed) return;
    for (const [key, { w, ino }] of this.#watchers) {
      if (inode(key.slice(2)) !== ino) {
        w.close();
        this.#watchers.delete(key);
      }
    }
    for (const spec of specs) {
      const dir = resolve(spec.dir);
      const key = `${spec.recursive ? 'r' : 'n'}:${dir}`;
      if (this.#watchers.has(key) || this.#coveredBy(dir)) continue;
      const ino = inode(dir);
      if (ino === undefined) continue;
      try {
        const w = watch(dir, { recursive: spec.recursive, persistent: true }, (_event, name) => {
          const rel = name === null ? '' : name.toString();
          if (rel && (ignoredName(rel) || spec.ignore?.(rel))) return;
          this.#onChange(rel ? join(dir, rel) : dir);
        });
        w.on('error', (err) => {
          // The folder went away (or the platform gave up on it): forget it; add() may retry.
          w.close();
          if (this.#watchers.get(key)?.w === w) this.#watchers.delete(key);
          this.#onError(dir, err);
          this.#onChange(dir);
        });
        this.#watchers.set(key, { w, ino });
      } catch (err) {
        this.#onError(dir, err as Error);
      }
    }
  }

  /** True when a recursive watch of a parent folder already sees `dir`. */
  #coveredBy(dir: string): boolean {
    for (const key of this.#watchers.keys()) {
      if (!key.startsWith('r:')) continue;
      const root = key.slice(2);
      if (dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
    }
    return false;
  }

  get size(): number {
    return this.#watchers.size;
  }

  dirs(): string[] {
    return [...this.#watchers.keys()].map((k) => k.slice(2));
  }

  close(): void {
    this.#closed = true;
    for (const { w } of this.#watchers.values()) w.close();
    this.#watchers.clear();
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

/**
 * What a build derives from its inputs at a cost and would derive again unchanged (issue 15):
 * the sanitised text of an SVG (DOMPurify on jsdom, a second of CPU to load) and a chart's SVG
 * (Vega). Kept by the digest of everything it is made from, so an entry can never stand for
 * other inputs.
 *
 * Two layers. In memory, always (a `serve` session rebuilds with it). On disk, only in the
 * bundled command line (dist/cli-bundle/, whose build id is part of every key, so a changed
 * ratsdeck never reads an older one's entries), inside the output folder the build writes to,
 * one folder per audience (`.ratsdeck-cache/`, `.ratsdeck-cache-nichtoeffentlich/`): the public
 * one holds only what the public build made. The folder carries a CACHEDIR.TAG (backup tools
 * skip it); a folder of that name without ratsdeck's tag is not ours and is never touched.
 * Each entry begins with the digest of its content and is checked when read: a damaged entry
 * is removed and made again. Deleting the folder is always safe.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './write.js';

const TAG_FILE = 'CACHEDIR.TAG';
const TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of ratsdeck (https://bford.info/cachedir/): deleting it is safe.\n';
const HEADER = 'ratsdeck-cache 1 ';
/** Entries kept on disk; beyond that the least recently used go. */
const DISK_LIMIT = 400;
const MEMORY_LIMIT = 500;

const memory = new Map<string, string>();

/**
 * The build id of the bundled command line (scripts/bundle.mjs writes it beside the bundle), or
 * undefined when this code runs from elsewhere (tsc's dist/, the sources in tests): then there
 * is no disk layer.
 */
const buildId: string | undefined = (() => {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const file = join(here, 'build-id.txt');
    return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
  } catch {
    return undefined;
  }
})();

const current = new AsyncLocalStorage<string | undefined>();

/** Runs `fn` (and everything it awaits) with the disk cache in `dir` (undefined: memory only). */
export function withDerivedCache<T>(dir: string | undefined, fn: () => T): T {
  return current.run(dir, fn);
}

function keyOf(kind: string, parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256').update(`${buildId ?? 'memory'}\0${kind}\0`);
  for (const p of parts) h.update(`${typeof p === 'string' ? 's' : 'b'}${p.length}\0`).update(p);
  return `${kind}-${h.digest('hex').slice(0, 40)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** True for a folder this cache made (it carries ratsdeck's CACHEDIR.TAG). */
export function isCacheFolder(dir: string): boolean {
  try {
    return readFileSync(join(dir, TAG_FILE), 'utf8') === TAG;
  } catch {
    return false;
  }
}

/** The cache folder when it may be used: absent (it will be made) or carrying ratsdeck's tag. */
function diskDir(dir = current.getStore()): string | undefined {
  if (!dir || !buildId) return undefined;
  try {
    if (!existsSync(dir)) return dir;
    return isCacheFolder(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function readDisk(dir: string, key: string): string | undefined {
  const file = join(dir, `${key}.txt`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  const value = nl < 0 ? '' : text.slice(nl + 1);
  if (nl < 0 || text.slice(0, nl) !== HEADER + digest(value)) {
    try {
      rmSync(file, { force: true });
    } catch {
      // A folder that cannot be written to (or a locked file): the entry is only not used.
    }
    return undefined;
  }
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the pruning order suffers.
  }
  return value;
}

function writeDisk(dir: string, key: string, value: string): void {
  try {
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(join(dir, TAG_FILE), TAG);
    }
    writeFileAtomic(join(dir, `${key}.txt`), HEADER + digest(value) + '\n' + value);
    prune(dir);
  } catch {
    // A cache that cannot be written only costs time: the build goes on without it.
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir).filter((f) => /^[a-z]+-[0-9a-f]{40}\.txt$/.test(f));
  if (entries.length <= DISK_LIMIT) return;
  const byAge = entries.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - DISK_LIMIT)) rmSync(join(dir, f), { force: true });
}

function remember(key: string, value: string): void {
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  memory.set(key, value);
}

function lookup(key: string): string | undefined {
  const hit = memory.get(key);
  if (hit !== undefined) return hit;
  const dir = diskDir();
  const value = dir ? readDisk(dir, key) : undefined;
  if (value !== undefined) remember(key, value);
  return value;
}

function store(key: string, value: string): void {
  remember(key, value);
  const dir = diskDir();
  if (dir) writeDisk(dir, key, value);
}

/**
 * The text `compute` derives from `parts` (everything it depends on), from the cache when it
 * holds it. `compute` may return undefined for a result that is not to be kept (a refusal).
 */
export function derived(kind: string, parts: readonly (string | Uint8Array)[], compute: () => string | undefined): string | undefined {
  const key = keyOf(kind, parts);
  const hit = lookup(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (value !== undefined) store(key, value);
  return value;
}

/** `derived` for a computation that is asynchronous. */
export async function derivedAsync(kind: string, parts: readonly (string | Uint8Array)[], compute: () => Promise<string>): Promise<string> {
  const key = keyOf(kind, parts);
  const hit = lookup(key);
  if (hit !== undefined) return hit;
  const value = await compute();
  store(key, value);
  return value;
}

/** Bytes by the parts they are made from (the parses of src/data/load.ts), kept in a cache folder. */
export interface DiskStore {
  get(parts: readonly string[]): Uint8Array | undefined;
  /** Held in memory until `flush()`. */
  put(parts: readonly string[], bytes: Uint8Array): void;
  /** Writes what was put (making the folder when `create` allows it); call once the build is written. */
  flush(): void;
}

/**
 * The disk store in the cache folder `dir`, or undefined when there is no disk layer (not the
 * bundled command line, or a folder of that name that is not ours) or, without `create`, no
 * folder. What is put is held until `flush()`: only a build that wrote its output writes
 * entries, so an invalid deck, a refused output folder or a command that writes nothing else
 * (`validate`, which never flushes) leaves nothing behind. Nothing is kept in memory beyond
 * that: the caller keeps what it parsed itself.
 */
export function diskStore(dir: string, opts: { create: boolean }): DiskStore | undefined {
  const usable = diskDir(dir);
  if (!usable) return undefined;
  const made = existsSync(usable);
  if (!made && !opts.create) return undefined;
  const kind = 'parse';
  const held = new Map<string, string>();
  return {
    get: (parts) => {
      const text = made ? readDisk(usable, keyOf(kind, parts)) : undefined;
      return text === undefined ? undefined : Buffer.from(text, 'base64');
    },
    put: (parts, bytes) => {
      held.set(keyOf(kind, parts), Buffer.from(bytes).toString('base64'));
    },
    flush: () => {
      for (const [key, value] of held) writeDisk(usable, key, value);
      held.clear();
    },
  };
}

/**
 * What `ratsdeck serve` watches (like eleventy's WatchTargets), and which changed paths can
 * matter for a rebuild. The watching itself is watch.ts.
 *
 * The project folder is watched as one tree, pruned by `ignored`:
 * - `_data/`, `_sessions/`, `templates/`, `themes/` and `assets/` with everything in them,
 *   also when they (or folders in them) are created later;
 * - the project folder itself, the folder of each deck and of each file a build read (images, a
 *   theme's files), without their subfolders: ratsdeck.yaml, the deck files, new decks;
 * - in a project folder served as a whole, the folders `listDecks` looks in for decks;
 * - never out/, node_modules/, .git/ or other hidden folders, nor editors' swap and backup files.
 */
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { DATA_DIR, SESSIONS_DIR, isDeckFolderName, type Project } from '../project/project.js';
import { BUILTIN_TEMPLATES, BUILTIN_THEMES } from '../render/render.js';
import type { Entry, Mode } from './entry.js';
import { ignoredName } from './watch.js';

/** Folders of the project that are watched with everything in them. */
const TREES = [DATA_DIR, SESSIONS_DIR, 'templates', 'themes', 'assets'];
/** Top-level folders of the project that are never inputs (the default output folder). */
const NEVER = new Set(['out']);

/** `p` relative to `dir`, or undefined when `p` is not `dir` or inside it. */
function inside(dir: string, p: string): string | undefined {
  const r = relative(dir, p);
  return r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r) ? undefined : r;
}

export class WatchTargets {
  readonly #project: Project;
  readonly #mode: Mode;
  readonly #builtin: string[];
  /** Folders watched without their subfolders, and the folders on the way to them. */
  #flat = new Set<string>();
  #onTheWay = new Set<string>();

  /** `builtin`: also ratsdeck's own templates/ and themes/ (for ratsdeck developers). */
  constructor(project: Project, mode: Mode, builtin: boolean) {
    this.#project = project;
    this.#mode = mode;
    const root = project.root;
    // Inside a watched tree of the project (ratsdeck's own repository), the tree covers them.
    this.#builtin = (builtin ? [BUILTIN_TEMPLATES, BUILTIN_THEMES] : []).filter(
      (b) => !TREES.some((t) => inside(join(root, t), b) !== undefined),
    );
    this.update([]);
  }

  /** What to hand to the watcher at the start: the project folder, and ratsdeck's own folders. */
  roots(): string[] {
    return [this.#project.root, ...this.#builtin];
  }

  /**
   * Takes in the folders of these decks and of what their builds read (after each build: a
   * build's inputs change). Returns the folders that were not watched before, for the watcher
   * to scan (it does not look again at a folder it was told to ignore).
   */
  update(entries: Iterable<Entry>): string[] {
    const root = this.#project.root;
    const flat = new Set([root]);
    if (this.#mode.kind === 'folder') flat.add(this.#mode.dir);
    for (const e of entries) {
      flat.add(dirname(e.file));
      for (const input of e.good?.inputs ?? []) {
        const rel = inside(root, input);
        if (rel !== undefined && !this.#never(rel)) flat.add(dirname(input));
      }
    }
    const onTheWay = new Set<string>();
    for (const dir of flat) {
      for (let d = dirname(dir); inside(root, d) !== undefined && !onTheWay.has(d); d = dirname(d)) {
        onTheWay.add(d);
        if (d === root) break;
      }
    }
    // Newly watched folders (the watcher passed them by as ignored): the topmost of them, the
    // others are found inside.
    const wanted = [...flat, ...onTheWay].filter((d) => !this.#watchedDir(d));
    this.#flat = flat;
    this.#onTheWay = onTheWay;
    return wanted.filter((d) => !wanted.includes(dirname(d)));
  }

  /** For the watcher: whether a path is left out (see the comment at the top). */
  readonly ignored = (p: string, stats?: Stats): boolean => {
    for (const b of this.#builtin) {
      const r = inside(b, p);
      if (r !== undefined) return ignoredName(r);
    }
    const rel = inside(this.#project.root, p);
    if (rel === undefined || this.#never(rel)) return true;
    if (rel === '' || TREES.includes(rel.split(sep)[0]!)) return false;
    const isDir = stats?.isDirectory();
    if (isDir === true) return !this.#watchedDir(p);
    // A file is watched when its folder is; without stats it may still be a folder.
    if (isDir === false) return !this.#watchedDir(dirname(p));
    return !this.#watchedDir(dirname(p)) && !this.#watchedDir(p);
  };

  /** Never an input: out/, node_modules/, hidden files and folders (.git/), swap and backup files. */
  #never(rel: string): boolean {
    return ignoredName(rel) || rel.split(sep).some((seg, i) => seg === 'node_modules' || (i === 0 && NEVER.has(seg)));
  }

  /** A folder watched for its files (not necessarily its subfolders). */
  #watchedDir(dir: string): boolean {
    return this.#flat.has(dir) || this.#onTheWay.has(dir) || this.#deckFolder(dir);
  }

  /** In a project folder served as a whole: a folder where listDecks finds decks. */
  #deckFolder(dir: string): boolean {
    if (this.#mode.kind !== 'folder') return false;
    const r = inside(this.#mode.dir, dir);
    return r !== undefined && r.split(sep).every((seg) => seg === '' || isDeckFolderName(seg));
  }

  /** Whether a changed path can matter: deck files, YAML, the watched trees, a build's inputs. */
  relevant(p: string, entries: Iterable<Entry>): boolean {
    const root = this.#project.root;
    if (p === this.#project.configFile) return true;
    // In a folder, any YAML file may be a new deck (or a deck that went away).
    if (/\.ya?ml$/i.test(p) && this.#deckFolder(dirname(p))) return true;
    if (TREES.some((t) => inside(join(root, t), p) !== undefined)) return true;
    if (this.#builtin.some((b) => inside(b, p) !== undefined)) return true;
    for (const e of entries) if (e.file === p || e.good?.inputs.includes(p)) return true;
    return false;
  }
}

/**
 * What `ratsdeck serve` watches (like eleventy's WatchTargets): the folders a deck is made
 * of, and which changed paths can matter for a rebuild. The watching itself is watch.ts.
 */
import { dirname, join, sep } from 'node:path';
import { DATA_DIR, SESSIONS_DIR, type Project } from '../project/project.js';
import { BUILTIN_TEMPLATES, BUILTIN_THEMES } from '../render/render.js';
import type { Entry, Mode } from './entry.js';
import type { WatchSpec } from './watch.js';

/** out/ and node_modules/ at the top of a watched folder: never a deck's input. */
const topLevelOutput = (rel: string) => /^(out|node_modules)([\\/]|$)/.test(rel);

export class WatchTargets {
  readonly #project: Project;
  readonly #mode: Mode;
  readonly #builtin: boolean;

  /** `builtin`: also ratsdeck's own templates/ and themes/ (for ratsdeck developers). */
  constructor(project: Project, mode: Mode, builtin: boolean) {
    this.#project = project;
    this.#mode = mode;
    this.#builtin = builtin;
  }

  /** The folders to watch for these decks (after each build: a build's inputs change). */
  specs(entries: Iterable<Entry>): WatchSpec[] {
    const root = this.#project.root;
    const specs: WatchSpec[] = [
      // ratsdeck.yaml, deck files, and the appearance of _data/, templates/, themes/.
      { dir: root, recursive: false, ignore: topLevelOutput },
      { dir: join(root, DATA_DIR), recursive: true },
      // Frozen snapshots (`ratsdeck freeze`): a frozen deck builds from its snapshot.
      { dir: join(root, SESSIONS_DIR), recursive: true },
      { dir: join(root, 'templates'), recursive: true },
      { dir: join(root, 'themes'), recursive: true },
    ];
    if (this.#mode.kind === 'folder') specs.push({ dir: this.#mode.dir, recursive: false, ignore: topLevelOutput });
    if (this.#builtin) specs.push({ dir: BUILTIN_TEMPLATES, recursive: true }, { dir: BUILTIN_THEMES, recursive: true });
    for (const e of entries) {
      specs.push({ dir: dirname(e.file), recursive: false });
      // Images and a project theme: their folders, when they are in the project.
      for (const input of e.good?.inputs ?? []) {
        if (input.startsWith(root + sep)) specs.push({ dir: dirname(input), recursive: false });
      }
    }
    return specs;
  }

  /** Whether a changed path can matter: deck files, YAML, the watched folders, a build's inputs. */
  relevant(p: string, entries: Iterable<Entry>, watchedDirs: readonly string[]): boolean {
    const root = this.#project.root;
    const under = (dir: string) => p === dir || p.startsWith(dir + sep);
    if (p === this.#project.configFile) return true;
    // In a folder, any YAML file may be a new deck (or a deck that went away).
    if (this.#mode.kind === 'folder' && /\.ya?ml$/i.test(p)) return true;
    if ([DATA_DIR, SESSIONS_DIR, 'templates', 'themes'].some((d) => under(join(root, d)))) return true;
    if (under(BUILTIN_TEMPLATES) || under(BUILTIN_THEMES)) return true;
    if (watchedDirs.includes(p)) return true;
    for (const e of entries) if (e.file === p || e.good?.inputs.includes(p)) return true;
    return false;
  }
}

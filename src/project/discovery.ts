/**
 * Finding a project: its root (the folder with ratsdeck.yaml), its deck files, and the deck
 * files that command-line paths name.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import { byName } from '../paths.js';

export const CONFIG_FILE = 'ratsdeck.yaml';
export const DATA_DIR = '_data';
export const SESSIONS_DIR = '_sessions';
/** What was fetched from the council information system (OParl), written by ratsdeck only. */
export const OPARL_DIR = '_oparl';
/** Folders of a project that never hold decks. */
const NOT_DECK_DIRS = new Set([DATA_DIR, SESSIONS_DIR, OPARL_DIR, 'templates', 'themes', 'out', 'node_modules', 'assets']);

/** Whether `listDecks` looks for decks in a folder of this name (serve watches the same folders). */
export function isDeckFolderName(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_') && !NOT_DECK_DIRS.has(name);
}

export const BUILTIN_DEFAULTS = { lang: 'de', theme: 'stadt' } as const;

export interface Project {
  /** Absolute path of the project folder. */
  root: string;
  /** Absolute path of ratsdeck.yaml, or undefined for a lone deck file. */
  configFile?: string;
}

/** Walks up from `start` (a file or folder) to the folder that holds ratsdeck.yaml. */
export function findProject(start: string): Project {
  let dir = resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = dirname(dir);
  const first = dir;
  for (;;) {
    const cfg = join(dir, CONFIG_FILE);
    if (existsSync(cfg)) return { root: dir, configFile: cfg };
    const up = dirname(dir);
    if (up === dir) return { root: first };
    dir = up;
  }
}

export function isYaml(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** The deck files of a project folder, sorted by path. */
export function listDecks(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, top: boolean) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort(byName)) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) {
        if (!isDeckFolderName(ent.name)) continue;
        walk(p, false);
      } else if (ent.isFile() && isYaml(ent.name)) {
        if (top && ent.name === CONFIG_FILE) continue;
        if (ent.name === CONFIG_FILE) continue;
        out.push(p);
      }
    }
  };
  walk(dir, true);
  return out;
}

/**
 * Expands command-line paths (files or folders) into deck files. An empty list means the
 * project in the working directory.
 */
export function resolveDeckPaths(paths: string[], cwd = process.cwd()): string[] {
  if (!paths.length) {
    const here = findProject(cwd);
    if (!here.configFile) {
      throw new RatsdeckError(`no ${CONFIG_FILE} in ${cwd} or above: this is not a ratsdeck project`, {
        exitCode: ExitCode.USAGE,
        hint: 'give a project folder or deck file (e.g. ratsdeck build decks), or run it inside a project',
      });
    }
  }
  const inputs = paths.length ? paths : [findProject(cwd).root];
  const files: string[] = [];
  for (const p of inputs) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      throw new RatsdeckError(`${p}: no such file or folder`, { exitCode: ExitCode.USAGE });
    }
    if (statSync(abs).isDirectory()) {
      const project = findProject(abs);
      const decks = listDecks(abs).filter((f) => f !== project.configFile);
      if (!decks.length) {
        throw new RatsdeckError(`${p}: no deck files (*.yaml) found`, {
          exitCode: ExitCode.USAGE,
          hint: 'a deck is a .yaml file in the project folder (not ratsdeck.yaml, not under _data/)',
        });
      }
      files.push(...decks);
    } else {
      files.push(abs);
    }
  }
  return [...new Set(files)];
}

export function deckId(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, '');
}

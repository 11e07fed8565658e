/**
 * The project stage: find the project root and ratsdeck.yaml, list the decks, and run the data
 * cascade (built-in defaults < ratsdeck.yaml < _data/** < the deck file) into a RawDeck that
 * remembers where every value came from.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadYamlFile, pathKey, type LoadedYaml, type PathSeg, type PositionIndex } from '../data/yaml.js';
import { ExitCode, RatsdeckError, type Problem, type SourcePos } from '../errors.js';
import { didYouMean, type RawDeck } from '../model/raw.js';
import { Deck as DeckSchema } from '../model/schema.js';

export const CONFIG_FILE = 'ratsdeck.yaml';
export const DATA_DIR = '_data';
export const SESSIONS_DIR = '_sessions';
/** Folders of a project that never hold decks. */
const NOT_DECK_DIRS = new Set([DATA_DIR, SESSIONS_DIR, 'templates', 'themes', 'out', 'node_modules', 'assets']);

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

function isYaml(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** The deck files of a project folder, sorted by path. */
export function listDecks(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, top: boolean) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) {
        if (NOT_DECK_DIRS.has(ent.name) || ent.name.startsWith('_')) continue;
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

// ---------------------------------------------------------------------------------------------
// The cascade

interface Layer {
  name: string;
  /** Where this layer's values sit in the merged value (e.g. ['activities'] for _data/activities.yaml). */
  prefix: PathSeg[];
  value: unknown;
  index?: PositionIndex;
  file: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Lists _data files with the key path each one becomes: _data/itBeirat/members.yaml → itBeirat.members. */
function dataFiles(root: string): { file: string; key: string[] }[] {
  const dir = join(root, DATA_DIR);
  if (!existsSync(dir)) return [];
  const out: { file: string; key: string[] }[] = [];
  const walk = (d: string, prefix: string[]) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p, [...prefix, camel(ent.name)]);
      else if (ent.isFile() && (isYaml(ent.name) || /\.json$/i.test(ent.name))) {
        out.push({ file: p, key: [...prefix, camel(ent.name.slice(0, -extname(ent.name).length))] });
      }
    }
  };
  walk(dir, []);
  return out;
}

export interface LoadedDeck {
  raw?: RawDeck;
  /** Custom data from _data/ that the model does not know, for custom templates (`data.<key>`). */
  extraData: Record<string, unknown>;
  problems: Problem[];
  project: Project;
}

const KNOWN_TOP_KEYS = Object.keys(DeckSchema.shape);

/** Loads one deck through the cascade. Never throws for bad content: problems are returned. */
export function loadDeck(deckFile: string, project = findProject(deckFile)): LoadedDeck {
  const file = resolve(deckFile);
  const problems: Problem[] = [];
  const extraData: Record<string, unknown> = {};
  const layers: Layer[] = [{ name: 'defaults', prefix: [], value: { ...BUILTIN_DEFAULTS }, file: '<defaults>' }];

  const addYamlLayer = (loaded: LoadedYaml, prefix: PathSeg[]) => {
    problems.push(...loaded.problems);
    if (loaded.value === undefined) return;
    layers.push({ name: loaded.file, prefix, value: loaded.value, index: loaded.index, file: loaded.file });
  };

  if (project.configFile && project.configFile !== file) {
    const cfg = loadYamlFile(project.configFile);
    if (cfg.value !== undefined && !isPlainObject(cfg.value)) {
      problems.push(pos(cfg.file, 1, 1, 'ratsdeck.yaml must be a mapping (key: value lines)'));
    } else addYamlLayer(cfg, []);
  }

  // _data/**: one layer per file, all at the same precedence. A key set by two files is a warning.
  const seenKeys = new Map<string, string>();
  for (const { file: df, key } of dataFiles(project.root)) {
    const k = key.join('.');
    const top = key[0]!;
    const loaded = loadYamlFile(df);
    if (seenKeys.has(k)) {
      problems.push({
        ...pos(df, 1, 1, `"${k}" is also set by ${rel(seenKeys.get(k)!)}; this file wins`),
        severity: 'warning',
      });
    }
    seenKeys.set(k, df);
    if (!KNOWN_TOP_KEYS.includes(top)) {
      problems.push(...loaded.problems);
      if (loaded.value !== undefined) setIn(extraData, key, loaded.value);
      const guess = didYouMean(top, KNOWN_TOP_KEYS);
      if (guess) {
        problems.push({
          ...pos(df, 1, 1, `"${top}" is not part of the ratsdeck model; templates see it as data.${top}`),
          hint: `did you mean _data/${guess}.yaml?`,
          severity: 'warning',
        });
      }
      continue;
    }
    addYamlLayer(loaded, key);
  }

  const deck = loadYamlFile(file);
  if (deck.value !== undefined && !isPlainObject(deck.value)) {
    problems.push(pos(file, 1, 1, 'a deck file must be a mapping (key: value lines), not a list or a single value'));
  } else addYamlLayer(deck, []);

  if (problems.some((p) => p.severity === 'error')) return { extraData, problems, project };

  const { value, origins } = mergeLayers(layers);
  const raw: RawDeck = {
    file,
    id: deckId(file),
    value,
    locate: (path, kind = 'value') => locate(layers, origins, path, kind, file),
  };
  problems.push(...checkAssetPaths(raw, project));
  return { raw, extraData, problems, project };
}

function rel(f: string): string {
  const r = relative(process.cwd(), f);
  return r.startsWith('..') ? f : r;
}

function pos(file: string, line: number, col: number, message: string): Problem {
  return { file, line, col, path: '', message, severity: 'error' };
}

function setIn(target: Record<string, unknown>, key: string[], value: unknown) {
  let t = target;
  key.slice(0, -1).forEach((k) => {
    if (!isPlainObject(t[k])) t[k] = {};
    t = t[k] as Record<string, unknown>;
  });
  t[key[key.length - 1]!] = value;
}

/**
 * Deep-merges the layers (objects merge, lists and scalars are replaced) and records for each
 * merged path which layer supplied it, so positions can be found afterwards.
 */
function mergeLayers(layers: Layer[]): { value: Record<string, unknown>; origins: Map<string, number> } {
  const origins = new Map<string, number>();
  const result: Record<string, unknown> = {};
  const mergeInto = (target: Record<string, unknown>, src: Record<string, unknown>, path: PathSeg[], li: number) => {
    origins.set(pathKey(path), li);
    for (const [k, v] of Object.entries(src)) {
      const p = [...path, k];
      if (isPlainObject(v) && isPlainObject(target[k])) {
        mergeInto(target[k] as Record<string, unknown>, v, p, li);
      } else if (isPlainObject(v)) {
        target[k] = {};
        mergeInto(target[k] as Record<string, unknown>, v, p, li);
      } else {
        target[k] = v;
        origins.set(pathKey(p), li);
      }
    }
  };
  layers.forEach((layer, li) => {
    // Place the layer's value at its prefix.
    let wrapped: unknown = layer.value;
    for (let i = layer.prefix.length - 1; i >= 0; i--) wrapped = { [layer.prefix[i] as string]: wrapped };
    if (isPlainObject(wrapped)) mergeInto(result, wrapped, [], li);
  });
  return { value: result, origins };
}

function locate(
  layers: Layer[],
  origins: Map<string, number>,
  path: readonly PathSeg[],
  kind: 'value' | 'key',
  deckFile: string,
): SourcePos {
  // The layer that supplied the longest recorded prefix of the path owns it.
  let owner: number | undefined;
  for (let n = path.length; n >= 0; n--) {
    const o = origins.get(pathKey(path.slice(0, n)));
    if (o !== undefined) {
      owner = o;
      break;
    }
  }
  const tryLayer = (layer: Layer | undefined): SourcePos | undefined => {
    if (!layer?.index) return undefined;
    const pre = layer.prefix;
    if (pre.length > path.length && !pre.every((s, i) => s === path[i])) return undefined;
    if (!pre.every((s, i) => i >= path.length || s === path[i])) return undefined;
    const inner = path.slice(pre.length);
    if (kind === 'key') {
      const k = layer.index.key(inner);
      if (k) return k;
    }
    for (let n = inner.length; n >= 0; n--) {
      const p = layer.index.value(inner.slice(0, n));
      if (p) return p;
    }
    return { file: layer.file, line: 1, col: 1 };
  };
  const found = tryLayer(owner === undefined ? undefined : layers[owner]);
  if (found) return found;
  // Fall back to the deck file itself.
  for (let i = layers.length - 1; i >= 0; i--) {
    const f = tryLayer(layers[i]);
    if (f) return f;
  }
  return { file: deckFile, line: 1, col: 1 };
}

// ---------------------------------------------------------------------------------------------
// Asset paths (logo, images): resolved against the folder of the file that names them, and
// never allowed to leave the project folder.

/** Walks the merged value for image objects ({src, alt}) under keys logo/image. */
function findImages(value: unknown, path: PathSeg[] = [], out: { path: PathSeg[]; src: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => findImages(v, [...path, i], out));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'logo' || k === 'image') && isPlainObject(v) && typeof v.src === 'string') {
        out.push({ path: [...path, k, 'src'], src: v.src });
      } else findImages(v, [...path, k], out);
    }
  }
  return out;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'];

/**
 * Checks every image path and rewrites it, in place, to a path relative to the project root
 * (forward slashes), which is what the render and bundle stages expect.
 */
function checkAssetPaths(raw: RawDeck, project: Project): Problem[] {
  const problems: Problem[] = [];
  let rootReal: string;
  try {
    rootReal = realpathSync(project.root);
  } catch {
    rootReal = project.root;
  }
  for (const img of findImages(raw.value)) {
    const at = raw.locate(img.path);
    const mk = (message: string, hint?: string) => {
      const p: Problem = { ...at, path: img.path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '['), message, severity: 'error' };
      if (hint) p.hint = hint;
      problems.push(p);
    };
    if (/^[a-z][a-z0-9+.-]*:/i.test(img.src) && !/^[A-Za-z]:[\\/]/.test(img.src)) {
      mk(`image "${img.src}" is not a local file`, 'ratsdeck decks load nothing from other hosts: save the image in the project and give its path');
      continue;
    }
    const base = at.file.startsWith('<') ? project.root : dirname(at.file);
    const abs = isAbsolute(img.src) ? img.src : resolve(base, img.src);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      mk(`image file "${img.src}" not found`, `looked for ${rel(abs)}`);
      continue;
    }
    if (real !== rootReal && !real.startsWith(rootReal + sep)) {
      mk(`image "${img.src}" is outside the project folder`, 'copy it into the project (for example into assets/)');
      continue;
    }
    if (!IMAGE_EXTENSIONS.includes(extname(real).toLowerCase())) {
      mk(`"${img.src}" is not an image ratsdeck can embed`, `use one of ${IMAGE_EXTENSIONS.join(', ')}`);
      continue;
    }
    if (!statSync(real).isFile()) {
      mk(`image "${img.src}" is not a file`);
      continue;
    }
    // Rewrite in place to a root-relative POSIX path.
    let parent: unknown = raw.value;
    for (const seg of img.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
    (parent as Record<string, unknown>).src = relative(rootReal, real).split(sep).join('/');
  }
  return problems;
}

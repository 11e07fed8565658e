/**
 * The project stage: find the project root and ratsdeck.yaml, list the decks, and run the data
 * cascade (built-in defaults < ratsdeck.yaml < _data/** < the deck file) into a RawDeck that
 * remembers where every value came from.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatPath, loadYamlFile, pathKey, type LoadedYaml, type PathSeg, type PositionIndex } from '../data/yaml.js';
import { ExitCode, RatsdeckError, type Problem, type SourcePos } from '../errors.js';
import { didYouMean, type RawDeck } from '../model/raw.js';
import { BUILTIN_THEMES, Deck as DeckSchema } from '../model/schema.js';
import { checkStylesheet } from '../bundle/css.js';
import { SVG_HINT, svgFileProblem } from '../bundle/svg.js';

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
function dataFiles(root: string, problems: Problem[]): { file: string; key: string[] }[] {
  const dir = join(root, DATA_DIR);
  if (!existsSync(dir)) return [];
  const out: { file: string; key: string[] }[] = [];
  const walk = (d: string, prefix: string[]) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isSymbolicLink()) {
        // A link could pull in files from anywhere on the disk; say so rather than skip silently.
        problems.push({
          ...pos(p, 1, 1, `${relTo(root, p)} is a symbolic link; ratsdeck does not follow links in ${DATA_DIR}/`),
          hint: 'copy the file into the project',
          severity: 'warning',
        });
      } else if (ent.isDirectory()) walk(p, [...prefix, camel(ent.name)]);
      else if (ent.isFile() && (isYaml(ent.name) || /\.json$/i.test(ent.name))) {
        out.push({ file: p, key: [...prefix, camel(ent.name.slice(0, -extname(ent.name).length))] });
      }
    }
  };
  walk(dir, []);
  // Shallow files first, so that _data/itBeirat/members.yaml refines _data/itBeirat.yaml.
  return out.sort((a, b) => a.key.length - b.key.length || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface LoadedDeck {
  raw?: RawDeck;
  /** Custom data from _data/ that the model does not know, for custom templates (`data.<key>`). */
  extraData: Record<string, unknown>;
  /** Where a value of extraData was written (path inside extraData, e.g. ['contracts', 0, 'title']). */
  locateExtra?(path: readonly PathSeg[]): SourcePos | undefined;
  /**
   * The cascade without the deck file (defaults, ratsdeck.yaml, _data/): today's project data,
   * which a frozen deck's own copy of it must not outvote (a `public: false` set there counts).
   */
  projectValue?: Record<string, unknown>;
  problems: Problem[];
  project: Project;
}

const KNOWN_TOP_KEYS = Object.keys(DeckSchema.shape);

/** Every path a value sets when merged: objects merge, so only their non-object leaves count. */
function leafPaths(value: unknown, path: PathSeg[], out: PathSeg[][] = []): PathSeg[][] {
  if (isPlainObject(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) leafPaths(v, [...path, k], out);
  } else out.push(path);
  return out;
}

/**
 * Finds values that two _data files both set (the same key from activities.yaml and
 * activities.json, or itBeirat.members from itBeirat.yaml and itBeirat/members.yaml).
 * Each pair of files is reported once, as a warning at the place in the file that wins.
 */
function dataConflicts(loaded: { file: string; key: string[]; value: unknown; index: PositionIndex }[], root: string): Problem[] {
  const problems: Problem[] = [];
  const leafOwner = new Map<string, number>();
  const innerOwner = new Map<string, number>();
  const reported = new Set<string>();
  loaded.forEach((d, i) => {
    if (d.value === undefined) return;
    for (const leaf of leafPaths(d.value, d.key)) {
      const candidates: [PathSeg[], number | undefined][] = [[leaf, leafOwner.get(pathKey(leaf))], [leaf, innerOwner.get(pathKey(leaf))]];
      for (let n = 1; n < leaf.length; n++) candidates.push([leaf.slice(0, n), leafOwner.get(pathKey(leaf.slice(0, n)))]);
      const hit = candidates.find(([, o]) => o !== undefined && o !== i);
      if (hit && !reported.has(`${hit[1]}:${i}`)) {
        reported.add(`${hit[1]}:${i}`);
        const other = loaded[hit[1]!]!;
        const inner = leaf.slice(d.key.length);
        const at = d.index.key(inner) ?? d.index.value(inner) ?? { file: d.file, line: 1, col: 1 };
        const both = `${relTo(root, other.file)} and ${relTo(root, d.file)}`;
        problems.push({
          ...at,
          path: formatPath(hit[0]),
          message: `set by two files in ${DATA_DIR}/: ${both}; the value from ${relTo(root, d.file)} is used`,
          hint: 'keep each value in one file',
          severity: 'warning',
        });
      }
      leafOwner.set(pathKey(leaf), i);
      for (let n = 1; n < leaf.length; n++) innerOwner.set(pathKey(leaf.slice(0, n)), i);
    }
  });
  return problems;
}

/** Loads one deck through the cascade. Never throws for bad content: problems are returned. */
export function loadDeck(deckFile: string, project = findProject(deckFile)): LoadedDeck {
  const file = resolve(deckFile);
  const problems: Problem[] = [];
  const extraData: Record<string, unknown> = {};
  const extraIndex: { key: string[]; index: PositionIndex }[] = [];
  const locateExtra = (path: readonly PathSeg[]): SourcePos | undefined => {
    // The file with the longest matching key: _data/x/y.yaml refines _data/x.yaml.
    const hit = extraIndex.filter((x) => x.key.every((k, i) => path[i] === k)).sort((a, b) => b.key.length - a.key.length)[0];
    if (!hit) return undefined;
    const inner = path.slice(hit.key.length);
    for (let n = inner.length; n >= 0; n--) {
      const p = hit.index.value(inner.slice(0, n));
      if (p) return p;
    }
    return { file: hit.index.file, line: 1, col: 1 };
  };
  const layers: Layer[] = [{ name: 'defaults', prefix: [], value: { ...BUILTIN_DEFAULTS }, file: '<defaults>' }];

  const addYamlLayer = (loaded: LoadedYaml, prefix: PathSeg[]) => {
    problems.push(...loaded.problems);
    if (loaded.value === undefined) return;
    layers.push({ name: loaded.file, prefix, value: loaded.value, index: loaded.index, file: loaded.file });
  };

  if (project.configFile && project.configFile !== file) {
    const cfg = loadYamlFile(project.configFile, { emptyHint: `${CONFIG_FILE} holds the body (the city) and its committees` });
    if (cfg.value !== undefined && !isPlainObject(cfg.value)) {
      problems.push(...cfg.problems, pos(cfg.file, 1, 1, `${CONFIG_FILE} must be a mapping (key: value lines)`));
    } else addYamlLayer(cfg, []);
  }

  // _data/**: one layer per file, all at the same precedence. A value set by two files is a warning.
  const data = dataFiles(project.root, problems).map(({ file: df, key }) => {
    const loaded = loadYamlFile(df, { emptyHint: `delete the file if "${key.join('.')}" is not needed` });
    return { ...loaded, key };
  });
  problems.push(...dataConflicts(data, project.root));
  for (const loaded of data) {
    const { key } = loaded;
    const top = key[0]!;
    if (!KNOWN_TOP_KEYS.includes(top)) {
      problems.push(...loaded.problems);
      if (loaded.value !== undefined) {
        setIn(extraData, key, loaded.value);
        extraIndex.push({ key, index: loaded.index });
      }
      const guess = didYouMean(top, KNOWN_TOP_KEYS);
      if (guess) {
        problems.push({
          ...pos(loaded.file, 1, 1, `"${top}" is not part of the ratsdeck model; templates see it as data.${top}`),
          hint: `did you mean ${DATA_DIR}/${guess}.yaml?`,
          severity: 'warning',
        });
      }
      continue;
    }
    addYamlLayer(loaded, key);
  }

  const deck = loadYamlFile(file, { emptyHint: 'a deck needs at least "title" and "slides"' });
  if (deck.value !== undefined && !isPlainObject(deck.value)) {
    problems.push(...deck.problems, pos(file, 1, 1, 'a deck file must be a mapping (key: value lines), not a list or a single value'));
  } else addYamlLayer(deck, []);

  if (problems.some((p) => p.severity === 'error')) return { extraData, locateExtra, problems, project };

  const { value, origins } = mergeLayers(layers);
  const projectValue = mergeLayers(layers.filter((l) => l.file !== file)).value;
  const raw: RawDeck = {
    file,
    id: deckId(file),
    root: project.root,
    value,
    locate: (path, kind = 'value') => locate(layers, origins, path, kind, file),
  };
  problems.push(...checkAssetPaths(raw, project));
  problems.push(...checkTheme(raw, project));
  return { raw, extraData, locateExtra, projectValue, problems, project };
}

/** A path for messages: relative to the project root when inside it (independent of the cwd). */
function relTo(root: string, f: string): string {
  const r = relative(root, f);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? f : r.split(sep).join('/');
}

function pos(file: string, line: number, col: number, message: string): Problem {
  return { file, line, col, path: '', message, severity: 'error' };
}

/** Sets an own property, even for keys like "__proto__" that plain assignment would misread. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function ownObject(target: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = Object.hasOwn(target, key) ? target[key] : undefined;
  return isPlainObject(v) ? v : undefined;
}

function setIn(target: Record<string, unknown>, key: string[], value: unknown) {
  let t = target;
  key.slice(0, -1).forEach((k) => {
    let next = ownObject(t, k);
    if (!next) define(t, k, (next = {}));
    t = next;
  });
  define(t, key[key.length - 1]!, value);
}

/**
 * Deep-merges the layers (objects merge, lists and scalars are replaced) and records for each
 * merged path which layer supplied it, so positions can be found afterwards. Values are copied:
 * the YAML loader shares objects between an anchor and its aliases, and later stages (the
 * asset check below) rewrite values in place.
 */
function mergeLayers(layers: Layer[]): { value: Record<string, unknown>; origins: Map<string, number> } {
  const origins = new Map<string, number>();
  const result: Record<string, unknown> = {};
  const mergeInto = (target: Record<string, unknown>, src: Record<string, unknown>, path: PathSeg[], li: number) => {
    origins.set(pathKey(path), li);
    for (const [k, v] of Object.entries(src)) {
      const p = [...path, k];
      if (isPlainObject(v)) {
        let t = ownObject(target, k);
        if (!t) define(target, k, (t = {}));
        mergeInto(t, v, p, li);
      } else {
        define(target, k, structuredClone(v));
        origins.set(pathKey(p), li);
      }
    }
  };
  layers.forEach((layer, li) => {
    // Place the layer's value at its prefix.
    let wrapped: unknown = layer.value;
    for (let i = layer.prefix.length - 1; i >= 0; i--) {
      const w: Record<string, unknown> = {};
      define(w, String(layer.prefix[i]), wrapped);
      wrapped = w;
    }
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
 * `theme:` is a built-in theme or a .css file of the project, relative to the file that names
 * it. The path is rewritten to one relative to the project root, like image paths.
 */
export function checkTheme(raw: RawDeck, project: Project): Problem[] {
  const value = raw.value as Record<string, unknown>;
  const theme = value.theme;
  if (typeof theme !== 'string') return [];
  const at = raw.locate(['theme']);
  const mk = (message: string, hint?: string): Problem[] => [{ ...at, path: 'theme', message, severity: 'error', ...(hint ? { hint } : {}) }];
  if ((BUILTIN_THEMES as readonly string[]).includes(theme)) return [];
  if (extname(theme).toLowerCase() !== '.css') {
    const guess = didYouMean(theme, BUILTIN_THEMES);
    return mk(`unknown theme "${theme}"`, `${guess ? `did you mean "${guess}"? ` : ''}use ${BUILTIN_THEMES.join(', ')}, or the path of a .css file in the project`);
  }
  if (isAbsolute(theme)) return mk(`theme "${theme}" is an absolute path`, 'give the path relative to this file, inside the project');
  const base = at.file.startsWith('<') ? project.root : dirname(at.file);
  const abs = resolve(base, theme);
  let real: string;
  let rootReal: string;
  try {
    rootReal = realpathSync(project.root);
    real = realpathSync(abs);
  } catch {
    return mk(`theme file "${theme}" not found`, `looked for ${relTo(project.root, abs)}`);
  }
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return mk(`theme "${theme}" is outside the project folder`, 'copy it into the project');
  if (!statSync(real).isFile()) return mk(`theme "${theme}" is not a file`);
  value.theme = relative(rootReal, real).split(sep).join('/');
  // What the theme loads, at its own file:line:col; the bundler checks the same way again.
  return checkStylesheet(real, rootReal, { fileProblem: svgFileProblem });
}

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
  const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  for (const img of findImages(raw.value)) {
    const at = raw.locate(img.path);
    const mk = (message: string, hint?: string) => {
      const p: Problem = { ...at, path: formatPath(img.path), message, severity: 'error' };
      if (hint) p.hint = hint;
      problems.push(p);
    };
    const drive = /^[A-Za-z]:[\\/]/.test(img.src);
    if (/^[a-z][a-z0-9+.-]*:/i.test(img.src) && !drive) {
      mk(`image "${img.src}" is not a local file`, 'ratsdeck decks load nothing from other hosts: save the image in the project and give its path');
      continue;
    }
    const base = at.file.startsWith('<') ? project.root : dirname(at.file);
    // Absolute paths break when the project moves, and may name any file on the disk.
    if (isAbsolute(img.src) || drive || img.src.startsWith('\\')) {
      mk(`image path "${img.src}" is absolute`, `write it relative to ${relTo(project.root, at.file)}, for example assets/logo.png`);
      continue;
    }
    const abs = resolve(base, img.src);
    // Checked before looking at the disk, so that nothing outside the project is even probed.
    if (!inside(resolve(project.root), abs)) {
      mk(`image "${img.src}" is outside the project folder`, 'copy it into the project, for example into assets/');
      continue;
    }
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      mk(`image file "${img.src}" not found`, `looked for ${relTo(project.root, abs)}`);
      continue;
    }
    if (!inside(rootReal, real)) {
      mk(`image "${img.src}" is a link to a file outside the project folder`, 'copy the file into the project instead of linking to it');
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
    // Sanitised when copied (bundle/svg.ts); what cannot be cleaned is refused here, at its line.
    const svg = svgFileProblem(real);
    if (svg) {
      mk(`image "${img.src}" ${svg}`, SVG_HINT);
      continue;
    }
    // Rewrite in place to a root-relative POSIX path.
    let parent: unknown = raw.value;
    for (const seg of img.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
    (parent as Record<string, unknown>).src = relative(rootReal, real).split(sep).join('/');
  }
  return problems;
}

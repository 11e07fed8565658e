/**
 * The data cascade: built-in defaults < ratsdeck.yaml < _data/** < the deck file, merged into
 * a RawDeck that remembers where every value came from.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { formatPath, loadYamlFile, parseYamlBuffer, pathKey, type LoadedYaml, type PathSeg, type PositionIndex } from '../data/yaml.js';
import type { Problem, SourcePos } from '../errors.js';
import { didYouMean, type RawDeck } from '../model/raw.js';
import { Deck as DeckSchema } from '../model/schema.js';
import { displayPath } from '../paths.js';
import { checkAssetPaths } from './assets.js';
import { BUILTIN_DEFAULTS, CONFIG_FILE, DATA_DIR, deckId, findProject, isYaml, type Project } from './discovery.js';
import { isPlainObject, locate, mergeLayers, setIn, type Layer } from './merge.js';
import { checkTheme } from './theme.js';

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
          ...pos(p, 1, 1, `${displayPath(p, root)} is a symbolic link; ratsdeck does not follow links in ${DATA_DIR}/`),
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
  /** The files of the cascade and the top-level keys each one sets (`ratsdeck freeze` asks which changed). */
  sources?: { file: string; keys: string[] }[];
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
        const both = `${displayPath(other.file, root)} and ${displayPath(d.file, root)}`;
        problems.push({
          ...at,
          path: formatPath(hit[0]),
          message: `set by two files in ${DATA_DIR}/: ${both}; the value from ${displayPath(d.file, root)} is used`,
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
export interface LoadDeckOptions {
  /** The deck file's text, when it is not (yet) on disk under its name (`ratsdeck new` checks a deck before writing it). */
  text?: string;
}

/** Loads one deck through the cascade. Never throws for bad content: problems are returned. */
export function loadDeck(deckFile: string, project = findProject(deckFile), opts: LoadDeckOptions = {}): LoadedDeck {
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

  const deckOpts = { emptyHint: 'a deck needs at least "title" and "slides"' };
  const deck = opts.text !== undefined ? parseYamlBuffer(Buffer.from(opts.text, 'utf8'), file, deckOpts) : loadYamlFile(file, deckOpts);
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
  const sources = layers
    .filter((l) => l.file !== '<defaults>')
    .map((l) => ({ file: l.file, keys: l.prefix.length ? [String(l.prefix[0])] : isPlainObject(l.value) ? Object.keys(l.value) : [] }));
  return { raw, extraData, locateExtra, projectValue, sources, problems, project };
}


function pos(file: string, line: number, col: number, message: string): Problem {
  return { file, line, col, path: '', message, severity: 'error' };
}

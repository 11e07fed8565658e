/**
 * The data cascade: built-in defaults < ratsdeck.yaml < _data/** < the deck file, merged into
 * a RawDeck that remembers where every value came from.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { formatPath, loadYamlFile, parseYamlBuffer, pathKey, type LoadedYaml, type ParseStore, type PathSeg, type PositionIndex } from '../data/yaml.js';
import type { Problem, SourcePos } from '../errors.js';
import { didYouMean, type RawDeck } from '../model/raw.js';
import { Deck as DeckSchema } from '../model/schema.js';
import { byName, displayPath } from '../paths.js';
import { checkAssetPaths } from './assets.js';
import { BUILTIN_DEFAULTS, CONFIG_FILE, DATA_DIR, deckId, findProject, isYaml, type Project } from './discovery.js';
import { isPlainObject, locate, mergeLayers, setIn, type Layer } from './merge.js';
import { checkTheme } from './theme.js';
import { CELL_VALUE, loadSheet, sourceForKey, type DatasetName } from '../sheets/index.js';
import { companionsOf, csvCompanion, isSheetName, mappedSources } from './sources.js';

function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A _data file with the key path it becomes: _data/itBeirat/members.yaml → itBeirat.members. */
interface DataFile {
  file: string;
  key: string[];
  /** A spreadsheet (.xlsx, .csv), with the CSV files beside it that hold its milestones or KPIs. */
  sheet?: { companions: { dataset: DatasetName; file: string }[] };
}

/** Lists _data files with the key path each one becomes; `skip` are files that `sources:` maps. */
function dataFiles(root: string, problems: Problem[], skip: ReadonlySet<string> = new Set()): DataFile[] {
  const dir = join(root, DATA_DIR);
  if (!existsSync(dir)) return [];
  const out: DataFile[] = [];
  const walk = (d: string, prefix: string[]) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort(byName);
    const names = entries.filter((e) => e.isFile()).map((e) => e.name);
    for (const ent of entries) {
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
      else if (ent.isFile() && skip.has(p)) continue;
      else if (ent.isFile() && (isYaml(ent.name) || /\.json$/i.test(ent.name))) {
        out.push({ file: p, key: [...prefix, camel(ent.name.slice(0, -extname(ent.name).length))] });
      } else if (ent.isFile() && isSheetName(ent.name)) {
        const companion = csvCompanion(ent.name);
        if (companion) {
          // activities.milestones.csv is read with activities.csv.
          if (!names.some((n) => n.toLowerCase() === companion.main.toLowerCase())) {
            problems.push({ ...pos(p, 1, 1, `${displayPath(p, root)} is not read: it holds the ${companion.dataset} of ${companion.main}, and there is no ${companion.main}`), severity: 'warning' });
          }
          continue;
        }
        const key = [...prefix, camel(ent.name.slice(0, -extname(ent.name).length))];
        if (!sourceForKey(key)) {
          problems.push({
            ...pos(p, 1, 1, `${displayPath(p, root)} is not read: a spreadsheet in ${DATA_DIR}/ can stand for activities, networks or itBeirat (members, meetings, recommendations)`),
            hint: `to read a workbook of your own, map it in ${CONFIG_FILE} under sources: (see "Activities from a spreadsheet" in the README)`,
            severity: 'warning',
          });
          continue;
        }
        out.push({ file: p, key, sheet: { companions: companionsOf(p, names) } });
      } else if (ent.isFile() && /\.(xls|xlsm|xlsb|ods|numbers)$/i.test(ent.name) && !ent.name.startsWith('~$')) {
        // LibreOffice saves .ods by default, old Excel .xls: such a list would be left out without a word.
        problems.push({
          ...pos(p, 1, 1, `${displayPath(p, root)} is not read: ratsdeck reads workbooks as .xlsx and lists as .csv`),
          hint: 'save it in Excel or LibreOffice as an .xlsx workbook (Excel-Arbeitsmappe), without macros',
          severity: 'warning',
        });
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
  /**
   * Paths of spreadsheet cells that could not be read (each already an error): they are left
   * out of `raw`, so that validation reports the other problems, and none of its own at these.
   */
  unread?: string[];
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
function dataConflicts(loaded: { file: string; key: string[]; value: unknown; index: PositionIndex; sheet?: unknown; label?: string }[], root: string): Problem[] {
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
        const name = (x: { file: string; label?: string }) => x.label ?? displayPath(x.file, root);
        const both = `${name(other)} and ${name(d)}`;
        // A spreadsheet stands instead of a YAML file, never beside it: which one would win is no guess to leave to the reader.
        const sheet = d.sheet !== undefined || other.sheet !== undefined;
        problems.push({
          ...at,
          path: formatPath(hit[0]),
          message: sheet ? `set by two sources: ${both}` : `set by two files in ${DATA_DIR}/: ${both}; the value from ${displayPath(d.file, root)} is used`,
          hint: sheet ? 'keep one of them: a spreadsheet replaces the YAML file, it does not add to it' : 'keep each value in one file',
          severity: sheet ? 'error' : 'warning',
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
  /** Where parses of the YAML files are kept between runs (src/data/load.ts). */
  store?: ParseStore;
}

/** Loads one deck through the cascade. Never throws for bad content: problems are returned. */
export function loadDeck(deckFile: string, project = findProject(deckFile), opts: LoadDeckOptions = {}): LoadedDeck {
  const file = resolve(deckFile);
  const store = opts.store ? { store: opts.store } : {};
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

  let cfg: LoadedYaml | undefined;
  if (project.configFile && project.configFile !== file) {
    cfg = loadYamlFile(project.configFile, { emptyHint: `${CONFIG_FILE} holds the body (the city) and its committees`, ...store });
    if (cfg.value !== undefined && !isPlainObject(cfg.value)) {
      problems.push(...cfg.problems, pos(cfg.file, 1, 1, `${CONFIG_FILE} must be a mapping (key: value lines)`));
    } else addYamlLayer(cfg, []);
  }

  // _data/** and the workbooks `sources:` maps: one layer per file, all at the same precedence.
  // A value set by two YAML files is a warning; by a spreadsheet and another file, an error.
  const mapped = mappedSources(cfg, project.root, problems);
  const mappedFiles = new Set(mapped.flatMap((m) => [m.file, m.mapping?.milestones?.file, m.mapping?.kpis?.file]).filter((f): f is string => !!f));
  const data = [
    ...dataFiles(project.root, problems, mappedFiles).map(({ file: df, key, sheet }) => {
      if (sheet) return { ...loadSheet({ file: df, key, companions: sheet.companions }), key, sheet };
      const loaded = loadYamlFile(df, { emptyHint: `delete the file if "${key.join('.')}" is not needed`, ...store });
      return { ...loaded, key };
    }),
    ...mapped.map((m) => ({ ...loadSheet(m), key: m.key, sheet: true, label: `${m.entry} (${displayPath(m.file, project.root)})` })),
  ];
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

  const deckOpts = { emptyHint: 'a deck needs at least "title" and "slides"', ...store };
  const deck = opts.text !== undefined ? parseYamlBuffer(Buffer.from(opts.text, 'utf8'), file, deckOpts) : loadYamlFile(file, deckOpts);
  if (deck.value !== undefined && !isPlainObject(deck.value)) {
    problems.push(...deck.problems, pos(file, 1, 1, 'a deck file must be a mapping (key: value lines), not a list or a single value'));
  } else addYamlLayer(deck, []);
  if (isPlainObject(deck.value) && Object.hasOwn(deck.value, 'sources') && project.configFile !== file) {
    const at = deck.index.key(['sources']) ?? { file, line: 1, col: 1 };
    problems.push({ ...at, path: 'sources', message: `sources: belongs in ${CONFIG_FILE}: the data of a project is the same for all its decks`, severity: 'error' });
  }

  // A cell that cannot be read is left out and the deck is validated all the same: every
  // problem at once, as for a YAML file (issue 13). Any other error stops here.
  if (problems.some((p) => p.severity === 'error' && p.code !== CELL_VALUE)) return { extraData, locateExtra, problems, project };
  const unread = problems.filter((p) => p.code === CELL_VALUE && p.path !== '').map((p) => p.path);

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
  return { raw, extraData, locateExtra, projectValue, sources, ...(unread.length ? { unread } : {}), problems, project };
}


function pos(file: string, line: number, col: number, message: string): Problem {
  return { file, line, col, path: '', message, severity: 'error' };
}

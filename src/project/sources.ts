/**
 * The spreadsheets of a project: `_data/<key>.xlsx` / `.csv` (with CSV companions such as
 * `activities.milestones.csv`) and the workbooks `sources:` in ratsdeck.yaml maps. Each becomes
 * one layer of the cascade, like a YAML file in _data/.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { LoadedYaml, PathSeg } from '../data/yaml.js';
import type { Problem, SourcePos } from '../errors.js';
import { displayPath } from '../paths.js';
import { CSV_COMPANIONS, SHEET_KEYS, type DatasetName, type SheetSpec, type SourceMapping } from '../sheets/index.js';
import { CONFIG_FILE } from './discovery.js';
import { isPlainObject } from './merge.js';

/** `activities.milestones.csv` → the CSV it belongs to and the rows it holds. */
export function csvCompanion(name: string): { main: string; dataset: DatasetName } | undefined {
  const m = /^(.+)\.([^.]+)\.csv$/i.exec(name);
  if (!m) return undefined;
  const dataset = CSV_COMPANIONS[m[1]!]?.find((d) => d === m[2]!);
  return dataset ? { main: `${m[1]}.csv`, dataset } : undefined;
}

function problem(at: SourcePos, path: string, message: string, hint?: string): Problem {
  const p: Problem = { ...at, path, message, severity: 'error' };
  if (hint) p.hint = hint;
  return p;
}

export interface MappedSource extends SheetSpec {
  /** The `sources:` entry it comes from, for messages ("sources.activities in ratsdeck.yaml"). */
  entry: string;
}

/**
 * The `sources:` entries of ratsdeck.yaml, with their files resolved against its folder.
 * Entries of the wrong shape are left to validation (the deck schema has `sources`).
 */
export function mappedSources(cfg: LoadedYaml | undefined, root: string, problems: Problem[]): MappedSource[] {
  const sources = isPlainObject(cfg?.value) ? (cfg!.value as Record<string, unknown>).sources : undefined;
  if (!cfg || !isPlainObject(sources)) return [];
  const base = dirname(cfg.file);
  const out: MappedSource[] = [];
  for (const [key, entry] of Object.entries(sources)) {
    if (!(SHEET_KEYS as readonly string[]).includes(key) || !isPlainObject(entry) || typeof entry.file !== 'string') continue;
    const at = (path: PathSeg[]): SourcePos => cfg.index.value(['sources', key, ...path]) ?? cfg.index.key(['sources', key, ...path]) ?? cfg.index.value(['sources', key]) ?? { file: cfg.file, line: 1, col: 1 };
    const where = `sources.${key}`;
    const fileOf = (f: string, path: PathSeg[]): string | undefined => {
      const abs = resolve(base, f);
      const rel = relative(root, abs);
      if (isAbsolute(f) || rel.startsWith('..') || isAbsolute(rel)) {
        problems.push(problem(at(path), `${where}.${path.join('.')}`, `${f} is outside the project folder`, 'put the workbook into the project, e.g. into _data/'));
        return undefined;
      }
      if (!/\.(xlsx|csv)$/i.test(f)) {
        problems.push(problem(at(path), `${where}.${path.join('.')}`, `${f} is not an .xlsx or .csv file`, /\.(xls|ods|xlsm)$/i.test(f) ? 'save it in Excel or LibreOffice as an .xlsx workbook (Excel-Arbeitsmappe)' : undefined));
        return undefined;
      }
      if (!existsSync(abs)) {
        problems.push(problem(at(path), `${where}.${path.join('.')}`, `no such file: ${displayPath(abs, root)}`, `the path is relative to ${CONFIG_FILE}`));
        return undefined;
      }
      return abs;
    };
    const file = fileOf(entry.file, ['file']);
    if (!file) continue;
    const mapping: SourceMapping = { at };
    if (typeof entry.sheet === 'string' || typeof entry.sheet === 'number') mapping.sheet = entry.sheet;
    if (typeof entry.headerRow === 'number') mapping.headerRow = entry.headerRow;
    if (isPlainObject(entry.columns)) mapping.columns = Object.fromEntries(Object.entries(entry.columns).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    if (isPlainObject(entry.defaults)) mapping.defaults = entry.defaults;
    for (const sub of ['milestones', 'kpis'] as const) {
      const s = entry[sub];
      if (!isPlainObject(s)) continue;
      const m: NonNullable<SourceMapping['milestones']> = {};
      if (typeof s.file === 'string') {
        const f = fileOf(s.file, [sub, 'file']);
        if (!f) continue;
        m.file = f;
      }
      if (typeof s.sheet === 'string' || typeof s.sheet === 'number') m.sheet = s.sheet;
      if (typeof s.headerRow === 'number') m.headerRow = s.headerRow;
      if (isPlainObject(s.columns)) m.columns = Object.fromEntries(Object.entries(s.columns).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      mapping[sub] = m;
    }
    out.push({ file, key: key.split('.'), mapping, entry: `${where} in ${CONFIG_FILE}` });
  }
  return out;
}

/** Whether a _data file name is a spreadsheet (Excel's lock files `~$x.xlsx` are not). */
export function isSheetName(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name) && !name.startsWith('~$');
}

/** The CSV companions of `file` found beside it. */
export function companionsOf(file: string, siblings: string[]): { dataset: DatasetName; file: string }[] {
  const out: { dataset: DatasetName; file: string }[] = [];
  for (const name of siblings) {
    const c = csvCompanion(name);
    if (c && c.main.toLowerCase() === basename(file).toLowerCase()) out.push({ dataset: c.dataset, file: join(dirname(file), name) });
  }
  return out;
}

export const isCsv = (f: string) => extname(f).toLowerCase() === '.csv';

/**
 * A spreadsheet as a data layer of the cascade: the same { file, value, index, problems } that
 * the YAML loader gives, so validation, audience selection and everything after them work on
 * spreadsheet data unchanged, with every value's cell as its position.
 */
import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pathKey, type LoadedYaml, type PathSeg, type PositionIndex } from '../data/yaml.js';
import { formatPath, type Problem, type SourcePos } from '../errors.js';
import { didYouMean } from '../model/raw.js';
import { DATASETS, sourceForKey, type Dataset, type DatasetName } from './columns.js';
import { readCsv } from './csv.js';
import type { Grid } from './grid.js';
import { norm, readTable, type Issue, type Row, type TableOptions } from './table.js';
import { readWorkbook, type WorkbookResult } from './xlsx.js';

export const SHEET_EXTENSIONS = ['.xlsx', '.csv'] as const;

/**
 * A cell (or a milestone's or KPI's row) that cannot be read: an error, but the rest of the
 * sheet is read without it, so the cascade goes on and the model's own problems with the other
 * cells (`lila`, a progress of 120) are reported in the same run (issue 13: every problem at once).
 */
export const CELL_VALUE = 'sheet-cell';

export function isSheetFile(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name);
}

/** How to read one sheet of a user's own workbook (`sources:` in ratsdeck.yaml). */
export interface SheetMapping {
  /** Another file for this sheet (a CSV's milestones). */
  file?: string;
  /** The sheet's name, or its number (1 = the first). */
  sheet?: string | number;
  headerRow?: number;
  columns?: Record<string, string>;
}

export interface SourceMapping extends SheetMapping {
  /** Values for every row that the sheet does not have (`category: administration`). */
  defaults?: Record<string, unknown>;
  /** The milestones' and KPIs' sheets (or files). */
  milestones?: SheetMapping;
  kpis?: SheetMapping;
  /** Where a part of the mapping was written, e.g. ['columns', 'title'] (ratsdeck.yaml). */
  at(path: PathSeg[]): SourcePos;
}

export interface SheetSpec {
  /** The spreadsheet (absolute path). */
  file: string;
  /** The data key it stands for: ['activities'], ['itBeirat', 'members']. */
  key: string[];
  /** CSV files beside it with the rows of another sheet: activities.milestones.csv. */
  companions?: { dataset: DatasetName; file: string }[];
  mapping?: SourceMapping;
}

/** Builds the value and the position index together. */
class Placer {
  readonly values = new Map<string, SourcePos>();
  readonly keys = new Map<string, SourcePos>();
  /** Records the position of a path and of each of its prefixes not yet known. */
  mark(path: readonly PathSeg[], pos: SourcePos) {
    for (let n = path.length; n >= 0; n--) {
      const k = pathKey(path.slice(0, n));
      if (this.values.has(k) && n < path.length) break;
      if (!this.values.has(k)) this.values.set(k, pos);
    }
  }
  index(file: string): PositionIndex {
    return { file, value: (p) => this.values.get(pathKey(p)), key: (p) => this.keys.get(pathKey(p)) ?? this.values.get(pathKey(p)) };
  }
}

function setIn(target: Record<string, unknown> | unknown[], path: readonly PathSeg[], value: unknown) {
  let t: Record<string | number, unknown> = target as Record<string | number, unknown>;
  path.slice(0, -1).forEach((seg, i) => {
    const next = path[i + 1];
    let child = t[seg];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = typeof next === 'number' ? [] : {};
      Object.defineProperty(t, seg, { value: child, enumerable: true, writable: true, configurable: true });
    }
    t = child as Record<string | number, unknown>;
  });
  Object.defineProperty(t, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

/** Lists with holes (Link 2 without Link 1) close up; each index moves to its rank. */
function compact(cells: { path: PathSeg[] }[]): void {
  const used = new Map<string, Set<number>>();
  for (const c of cells) {
    c.path.forEach((seg, i) => {
      if (typeof seg !== 'number') return;
      const k = c.path.slice(0, i).join('.');
      if (!used.has(k)) used.set(k, new Set());
      used.get(k)!.add(seg);
    });
  }
  for (const c of cells) {
    c.path = c.path.map((seg, i) => (typeof seg === 'number' ? [...used.get(c.path.slice(0, i).join('.'))!].sort((a, b) => a - b).indexOf(seg) : seg));
  }
}

interface Context {
  file: string;
  key: string[];
  problems: Problem[];
  placer: Placer;
}

function issueToProblem(ctx: Context, issue: Issue, inner: PathSeg[] = []): Problem {
  const p: Problem = { ...issue.at, path: issue.path ? formatPath([...ctx.key, ...inner, ...issue.path]) : '', message: issue.message, severity: issue.severity };
  if (issue.hint) p.hint = issue.hint;
  return p;
}

/** One row's object, its positions under `prefix`, and its cell problems. */
function place(ctx: Context, row: Row, prefix: PathSeg[], skip?: string): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const cells = row.cells.filter((c) => c.column.key !== skip).map((c) => ({ ...c, path: [...c.path] }));
  compact(cells);
  ctx.placer.mark(prefix, row.pos);
  for (const c of cells) {
    if ('problem' in c.read) {
      const p: Problem = { ...c.pos, path: formatPath([...ctx.key, ...prefix, ...c.path]), message: c.read.problem, severity: 'error', code: CELL_VALUE };
      if (c.read.hint) p.hint = c.read.hint;
      ctx.problems.push(p);
      continue;
    }
    if ('empty' in c.read) continue;
    setIn(obj, c.path, c.read.value);
    ctx.placer.mark([...prefix, ...c.path], c.pos);
  }
  return obj;
}

function defaultsInto(obj: Record<string, unknown>, defaults: Record<string, unknown> | undefined, at: (p: PathSeg[]) => SourcePos, prefix: PathSeg[], placer: Placer) {
  for (const [k, v] of Object.entries(defaults ?? {})) {
    const path = k.split('.');
    let t: unknown = obj;
    for (const seg of path) t = t && typeof t === 'object' ? (t as Record<string, unknown>)[seg] : undefined;
    if (t !== undefined) continue;
    setIn(obj, path, v);
    placer.mark([...prefix, ...path], at(['defaults', k]));
  }
}

const cache = new Map<string, { stamp: string; result: WorkbookResult }>();

/** A workbook, read once per change of the file (a project's decks share its _data). */
function workbook(file: string): WorkbookResult {
  let stamp = '';
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return readWorkbook(file);
  }
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.result;
  const result = readWorkbook(file);
  cache.set(file, { stamp, result });
  return result;
}

function fileProblem(file: string, message: string, hint?: string, at?: SourcePos): Problem {
  const p: Problem = { ...(at ?? { file, line: 1, col: 1 }), path: '', message, severity: 'error' };
  if (hint) p.hint = hint;
  return p;
}

function gridsOf(file: string, problems: Problem[]): Grid[] | undefined {
  if (/\.csv$/i.test(file)) {
    const res = readCsv(file);
    if ('problem' in res) {
      problems.push(fileProblem(file, res.problem.message, res.problem.hint, { file, line: res.problem.line ?? 1, col: res.problem.col ?? 1 }));
      return undefined;
    }
    return [res.grid];
  }
  const res = workbook(file);
  if ('problem' in res) {
    problems.push(fileProblem(file, res.problem.message, res.problem.hint));
    return undefined;
  }
  return res.sheets;
}

function pickSheet(grids: Grid[], want: string | number | undefined, ctx: Context, where: SourcePos | undefined): Grid | undefined {
  if (want === undefined) return grids[0];
  const g = typeof want === 'number' ? grids[want - 1] : grids.find((x) => x.sheet === want) ?? grids.find((x) => norm(x.sheet ?? '') === norm(want));
  if (!g) {
    const names = grids.map((x) => `"${x.sheet}"`).join(', ');
    const guess = typeof want === 'string' ? didYouMean(want, grids.map((x) => x.sheet ?? '')) : undefined;
    ctx.problems.push(fileProblem(ctx.file, `the workbook ${basename(ctx.file)} has no sheet ${typeof want === 'number' ? `number ${want}` : `"${want}"`}`, guess ? `did you mean "${guess}"? (the sheets are ${names})` : `the sheets are ${names}`, where));
  }
  return g;
}

/**
 * The sheet with the main rows when no mapping names it: the one named for them (Aktivitäten),
 * else the first sheet that is not named for other rows. A workbook whose Meilensteine sheet was
 * moved to the front would otherwise be read as activities, with a screen of wrong messages.
 */
function mainSheet(grids: Grid[], main: Dataset, others: Dataset[]): Grid | undefined {
  const named = (g: Grid, d: Dataset) => d.sheetNames.some((n) => norm(n) === norm(g.sheet ?? ''));
  return grids.find((g) => named(g, main)) ?? grids.find((g) => !others.some((d) => named(g, d))) ?? grids[0];
}

/**
 * Sheets that are not read are the Amt's own (Intern, Erläuterung); one whose name is close to a
 * sheet ratsdeck reads (Meilenstein, Empfehlung, Kennzahlen 2021) was meant to be read, and
 * without a word its rows would be missing from the decks.
 */
function unreadSheets(ctx: Context, grids: Grid[], used: (Grid | undefined)[], source: NonNullable<ReturnType<typeof sourceForKey>>) {
  const wanted = [...(source.main ? [source.main] : []), ...source.named.map((n) => n.dataset)];
  for (const g of grids) {
    if (used.includes(g) || !g.sheet) continue;
    const sheet = norm(g.sheet);
    for (const d of wanted) {
      if (used.some((u) => u && d.sheetNames.some((n) => norm(n) === norm(u.sheet ?? '')))) continue;
      const close = d.sheetNames.some((n) => sheet.startsWith(norm(n))) || didYouMean(g.sheet, d.sheetNames) !== undefined;
      if (!close) continue;
      ctx.problems.push({ ...g.pos(0, 0), path: '', message: `the sheet "${g.sheet}" is not read`, hint: `name it "${d.sheet}" (or "${d.name}") if it holds the ${d.name}`, severity: 'warning' });
      break;
    }
  }
}

/** Reads one table; problems go to the context. */
function table(ctx: Context, grid: Grid, dataset: Dataset, opts: TableOptions) {
  const issues: Issue[] = [];
  const t = readTable(grid, dataset, opts, issues);
  ctx.problems.push(...issues.map((i) => issueToProblem(ctx, i)));
  return t;
}

function mappingOptions(m: SheetMapping | undefined, at: ((p: PathSeg[]) => SourcePos) | undefined, base: PathSeg[]): TableOptions {
  if (!m) return {};
  const o: TableOptions = { mapped: true };
  if (m.headerRow !== undefined) o.headerRow = m.headerRow;
  if (m.columns) o.columns = m.columns;
  if (at) o.columnAt = (k) => at([...base, 'columns', k]);
  return o;
}

/** Reads a spreadsheet for one data key. Never throws for bad content: problems are returned. */
export function loadSheet(spec: SheetSpec): LoadedYaml {
  const { file, key, mapping } = spec;
  const placer = new Placer();
  const ctx: Context = { file, key, problems: [], placer };
  const index = () => placer.index(file);
  const source = sourceForKey(key);
  if (!source) {
    return { file, value: undefined, index: index(), problems: [fileProblem(file, `a spreadsheet cannot stand for "${key.join('.')}"`, 'spreadsheets can hold activities, networks and the IT-Beirat\'s members, meetings and recommendations')] };
  }
  const grids = gridsOf(file, ctx.problems);
  if (!grids) return { file, value: undefined, index: index(), problems: ctx.problems };
  const isCsv = extname(file).toLowerCase() === '.csv';
  const main = source.main ? (mapping?.sheet !== undefined ? pickSheet(grids, mapping.sheet, ctx, mapping.at(['sheet'])) : mainSheet(grids, source.main, source.named.map((n) => n.dataset))) : undefined;

  // The named sheets (milestones, KPIs, the IT-Beirat's lists) or, for CSV, the files beside it.
  const named: { dataset: Dataset; key?: string; grid: Grid; opts: TableOptions }[] = [];
  for (const { dataset, key: k } of source.named) {
    const m = dataset.name === 'milestones' ? mapping?.milestones : dataset.name === 'kpis' ? mapping?.kpis : undefined;
    let gs = grids;
    const companion = spec.companions?.find((c) => c.dataset === dataset.name);
    const other = m?.file ?? companion?.file;
    if (other) {
      const read = gridsOf(other, ctx.problems);
      if (!read) continue;
      gs = read;
    } else if (isCsv) continue;
    let grid: Grid | undefined;
    if (m?.sheet !== undefined) grid = pickSheet(gs, m.sheet, ctx, mapping?.at([dataset.name, 'sheet']));
    else if (other && /\.csv$/i.test(other)) grid = gs[0];
    else grid = gs.find((g) => g !== main && dataset.sheetNames.some((n) => norm(n) === norm(g.sheet ?? '')));
    if (grid) named.push({ dataset, ...(k ? { key: k } : {}), grid, opts: mappingOptions(m, mapping?.at, [dataset.name]) });
  }
  if (!isCsv && !mapping) unreadSheets(ctx, grids, [main, ...named.map((n) => n.grid)], source);

  if (!source.main) {
    // _data/itBeirat.xlsx: one sheet per list.
    const value: Record<string, unknown> = {};
    for (const n of named) {
      const t = table(ctx, n.grid, n.dataset, n.opts);
      if (!t) continue;
      placer.mark([n.key!], t.at);
      value[n.key!] = t.rows.map((row, j) => place(ctx, row, [n.key!, j]));
    }
    if (!named.length) {
      const names = source.named.map((n) => n.dataset.sheet).join(', ');
      ctx.problems.push(fileProblem(file, `no sheet named ${names}`, `name the sheets ${names} (or ${source.named.map((n) => n.dataset.name).join(', ')})`, { ...grids[0]!.pos(0, 0) }));
    }
    return { file, value, index: index(), problems: ctx.problems };
  }

  if (!main) return { file, value: undefined, index: index(), problems: ctx.problems };
  const t = table(ctx, main, source.main, mappingOptions(mapping, mapping?.at, []));
  if (!t) return { file, value: undefined, index: index(), problems: ctx.problems };
  placer.mark([], t.at);
  const items = t.rows.map((row, i) => {
    const obj = place(ctx, row, [i]);
    if (mapping?.defaults) defaultsInto(obj, mapping.defaults, mapping.at, [i], placer);
    return obj;
  });

  // Milestones and KPIs go to the activity their `activity` column names.
  for (const n of named) {
    const parent = n.dataset.parent;
    if (!parent) continue;
    const sub = table(ctx, n.grid, n.dataset, n.opts);
    if (!sub) continue;
    if (!sub.headers.has(parent.column)) {
      ctx.problems.push(fileProblem(n.grid.file, `the sheet has no column for the activity each row belongs to`, `add a column "${n.dataset.columns.find((c) => c.key === parent.column)!.title}" (or "${parent.column}") with the activity's id`, sub.at));
      continue;
    }
    const ids = items.map((a) => a.id);
    for (const row of sub.rows) {
      const cell = row.cells.find((c) => c.column.key === parent.column)!;
      const id = 'value' in cell.read ? cell.read.value : undefined;
      const i = ids.indexOf(id);
      if (i < 0) {
        const known = ids.filter((x): x is string => typeof x === 'string');
        const guess = typeof id === 'string' ? didYouMean(id, known) : undefined;
        ctx.problems.push({
          ...cell.pos,
          path: '',
          message: id === undefined ? `this row names no activity (the column "${cell.column.title}" is empty)` : `no activity has the id "${String(id)}"`,
          hint: guess ? `did you mean "${guess}"?` : 'write the id of an activity from the first sheet',
          severity: 'error',
          code: CELL_VALUE,
        });
        continue;
      }
      const list = ((items[i]![parent.into] as unknown[] | undefined) ??= []);
      list.push(place(ctx, row, [i, parent.into, list.length], parent.column));
    }
  }
  return { file, value: items, index: index(), problems: ctx.problems };
}

export { DATASETS };

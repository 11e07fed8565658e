/**
 * From a sheet's header row to the model's fields: which column holds which key (the dotted
 * key, the German title from columns.ts, or the title a `sources:` mapping names), and each
 * data row as a list of (path, cell, value) for the loader to place.
 */
import type { PathSeg, SourcePos } from '../errors.js';
import { didYouMean } from '../model/raw.js';
import type { Column, Dataset } from './columns.js';
import { columnLetters, type Grid } from './grid.js';
import { readCell, type Read } from './values.js';

/** Keys that hold a list of objects: `links.title` is the first link's title, `links.2.title` the second's. */
const LIST_PARENTS = ['budget.funding', 'links'];

export interface TableOptions {
  /** The row with the column titles, 1-based (default 1). */
  headerRow?: number;
  /** Field key → the column title in the user's own sheet (a `sources:` mapping). */
  columns?: Record<string, string>;
  /** Where a mapping entry was written (ratsdeck.yaml), for a column that is not there. */
  columnAt?: (key: string) => SourcePos;
  /** A mapped sheet of the user's own: columns that are no field are theirs, not a mistake. */
  mapped?: boolean;
}

export interface Issue {
  at: SourcePos;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** The path inside the row the problem is about (placed by the loader). */
  path?: PathSeg[];
}

export interface RowCell {
  column: Column;
  /** Path inside the row's object: ['status', 'light'], ['links', 1, 'url']. */
  path: PathSeg[];
  pos: SourcePos;
  read: Read;
}

export interface Row {
  /** 0-based row in the grid. */
  r: number;
  pos: SourcePos;
  cells: RowCell[];
}

export interface Table {
  rows: Row[];
  /** The header cell of each bound column, by the column's key. */
  headers: Map<string, SourcePos>;
  /** Where the header row starts. */
  at: SourcePos;
}

interface Bound {
  c: number;
  column: Column;
  path: PathSeg[];
  header: SourcePos;
}

export function norm(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The column a header names, and which entry of a list it is (0 for the first). */
function lookup(dataset: Dataset, header: string): { column: Column; index: number } | undefined {
  const h = norm(header);
  const find = (s: string) =>
    dataset.columns.find((col) => norm(col.key) === s || norm(col.title) === s || norm(col.title.replace(/\s*\([^)]*\)\s*$/, '')) === s);
  const direct = find(h);
  if (direct) return { column: direct, index: 0 };
  // links.2.title, Linktitel 2
  const dotted = /^(.+?)\.(\d{1,2})\.(.+)$/.exec(h);
  const titled = /^(.*\S)\s+(\d{1,2})$/.exec(h);
  const base = dotted ? { s: `${dotted[1]}.${dotted[3]}`, n: Number(dotted[2]) } : titled ? { s: titled[1]!, n: Number(titled[2]) } : undefined;
  if (!base || base.n < 1) return undefined;
  const col = find(base.s);
  if (!col || !LIST_PARENTS.some((p) => col.key.startsWith(`${p}.`))) return undefined;
  return { column: col, index: base.n - 1 };
}

function pathOf(column: Column, index: number): PathSeg[] {
  const parent = LIST_PARENTS.find((p) => column.key.startsWith(`${p}.`));
  if (!parent) return column.key.split('.');
  return [...parent.split('.'), index, ...column.key.slice(parent.length + 1).split('.')];
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/** Reads the table of one sheet. Issues are collected; rows without any value are left out. */
export function readTable(grid: Grid, dataset: Dataset, opts: TableOptions, issues: Issue[]): Table | undefined {
  const h = (opts.headerRow ?? 1) - 1;
  const header = grid.rows[h] ?? [];
  const at = grid.pos(h, 0);
  const titles = header.map((cell) => cellText(cell.value).trim());
  if (titles.every((t) => t === '')) {
    issues.push({
      at,
      message: opts.headerRow && opts.headerRow > 1 ? `row ${opts.headerRow} is empty; it should hold the column titles` : 'the first row is empty; it should hold the column titles',
      hint: `e.g. ${dataset.columns.slice(0, 3).map((c) => c.title).join(', ')}; \`ratsdeck template ${dataset.name === 'activities' ? 'activities' : dataset.name}\` writes a ready table`,
      severity: 'error',
    });
    return undefined;
  }
  const bound: Bound[] = [];
  const taken = new Set<number>();
  const bind = (c: number, column: Column, index: number) => {
    const path = pathOf(column, index);
    const same = bound.find((b) => b.path.join('.') === path.join('.'));
    if (same) {
      issues.push({ at: grid.pos(h, c), message: `a second column for ${path.join('.')} (the first is column ${columnLetters(same.c)})`, hint: 'keep one of the two', severity: 'error' });
      return;
    }
    bound.push({ c, column, path, header: grid.pos(h, c) });
    taken.add(c);
  };
  for (const [key, title] of Object.entries(opts.columns ?? {})) {
    const where = opts.columnAt?.(key) ?? at;
    const target = lookup(dataset, key);
    if (!target || norm(target.column.key) !== norm(key.replace(/\.\d{1,2}(?=\.)/, ''))) {
      const guess = didYouMean(key, dataset.columns.map((c) => c.key));
      issues.push({ at: where, message: `"${key}" is not a field of ${dataset.name}`, hint: guess ? `did you mean "${guess}"?` : `the fields are ${dataset.columns.map((c) => c.key).join(', ')}`, severity: 'error' });
      continue;
    }
    const c = titles.findIndex((t) => norm(t) === norm(String(title)));
    if (c < 0) {
      const shown = titles.filter((t) => t !== '').slice(0, 12).map((t) => `"${t}"`).join(', ');
      issues.push({ at: where, message: `no column "${title}" in row ${h + 1} of ${grid.sheet ? `the sheet ${grid.sheet}` : 'the file'}`, hint: `the columns there are ${shown}`, severity: 'error' });
      continue;
    }
    bind(c, target.column, target.index);
  }
  const mappedKeys = new Set(bound.map((b) => b.path.join('.')));
  titles.forEach((t, c) => {
    if (t === '' || taken.has(c)) return;
    const target = lookup(dataset, t);
    if (target) {
      // A mapping's column wins over a column that happens to carry the field's own title.
      if (!mappedKeys.has(pathOf(target.column, target.index).join('.'))) bind(c, target.column, target.index);
      return;
    }
    if (opts.mapped) return;
    const guess = didYouMean(t, dataset.columns.flatMap((col) => [col.key, col.title]));
    issues.push({
      at: grid.pos(h, c),
      message: `the column "${t}" is not a field of ${dataset.name}; it is not read`,
      hint: guess ? `did you mean "${guess}"?` : `the columns ratsdeck reads are ${dataset.columns.map((col) => col.title).join(', ')}`,
      severity: 'warning',
    });
  });
  if (!bound.length) {
    if (!issues.some((i) => i.severity === 'error')) {
      issues.push({ at, message: `no column of row ${h + 1} is a field of ${dataset.name}`, hint: `the first row holds the column titles, e.g. ${dataset.columns.slice(0, 3).map((c) => c.title).join(', ')}`, severity: 'error' });
    }
    return undefined;
  }
  const rows: Row[] = [];
  for (let r = h + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const cells: RowCell[] = bound.map((b) => ({ column: b.column, path: b.path, pos: grid.pos(r, b.c), read: readCell(row[b.c] ?? { value: null }, b.column.kind) }));
    if (cells.every((cell) => 'empty' in cell.read)) continue;
    const first = cells.find((cell) => !('empty' in cell.read))!;
    rows.push({ r, pos: first.pos, cells });
  }
  return { rows, headers: new Map(bound.map((b) => [b.column.key, b.header])), at };
}

/**
 * A sheet as the readers hand it on: rows of cells, each with the place people find it at,
 * `Aktivitäten!D4` for a workbook (Excel notation), line and column for a CSV file.
 */
import type { SourcePos } from '../errors.js';
import type { Cell } from './values.js';

export interface Grid {
  /** The file the cells are in. */
  file: string;
  /** The sheet's name (workbooks), for messages about the whole sheet. */
  sheet?: string;
  /** rows[r][c], 0-based; a row may be shorter than others. */
  rows: Cell[][];
  /** Where cell (r, c) is, 0-based. */
  pos(r: number, c: number): SourcePos;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 → [0, 0]. */
export function parseAddress(ref: string): [number, number] | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref);
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[1]!.toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, c - 1];
}

/** How Excel writes a sheet in a reference: `Aktivitäten`, or `'Meine Liste'` when it must be quoted. */
export function sheetRef(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Z]{1,3}\d+$/i.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function cellPos(file: string, sheet: string, r: number, c: number): SourcePos {
  return { file, line: r + 1, col: c + 1, cell: `${sheetRef(sheet)}!${columnLetters(c)}${r + 1}` };
}

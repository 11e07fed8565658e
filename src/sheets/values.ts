/**
 * Values as people type them into a spreadsheet (issue 13): booleans ja/nein, x/empty, 1/0,
 * wahr/falsch; dates as date cells, 2025-03-18 or 18.03.2025; numbers as number cells or German
 * text (1.234,50 · 45 %). Enum values pass through as text (the model knows its words).
 */
import type { Kind } from './columns.js';

export type CellValue = string | number | boolean | Date | null;

/** One cell as a reader found it. */
export interface Cell {
  value: CellValue;
  /** The cell is formatted as a percentage (Excel stores 45 % as 0.45). */
  percent?: boolean;
  /** A formula whose result was never calculated and stored (openpyxl, scripts). */
  formulaWithoutValue?: boolean;
  /** The cell shows an error value (#DIV/0!, #REF!, …). */
  error?: string;
}

export type Read = { value: unknown } | { empty: true } | { problem: string; hint?: string };

const TRUE_WORDS = new Set(['ja', 'j', 'x', '1', 'true', 'wahr', 'yes', 'y']);
const FALSE_WORDS = new Set(['nein', 'n', '0', 'false', 'falsch', 'no']);

const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function realDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A German or English number written as text, or undefined. */
export function parseNumberText(text: string): number | undefined {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|EUR|%)$/i, '');
  let n: string | undefined;
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) n = s.replace(/\./g, '').replace(',', '.'); // 1.234,50
  else if (/^[+-]?\d+(,\d+)?$/.test(s)) n = s.replace(',', '.'); // 1234,50
  else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) n = s.replace(/,/g, ''); // 1,234.50
  else if (/^[+-]?(\d+)?\.\d+$/.test(s)) n = s; // 12.5
  if (n === undefined) return undefined;
  const v = Number(n);
  return Number.isFinite(v) ? v : undefined;
}

/** 0.35 * 100 is 35.00000000000001 in floating point. */
const hundred = (v: number) => Math.round(v * 100 * 1e9) / 1e9;

function text(v: Exclude<CellValue, null>): string {
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'ja' : 'nein';
  // CSV fields and some writers keep CRLF inside a cell.
  return v.replace(/\r\n?/g, '\n').trim();
}

function number(cell: Cell, kind: Kind): Read {
  const v = cell.value!;
  let n: number | undefined;
  if (typeof v === 'number') n = cell.percent ? hundred(v) : v;
  else if (typeof v === 'string') n = parseNumberText(v);
  if (n === undefined) {
    const got = typeof v === 'string' ? quote(v) : v instanceof Date ? `the date ${isoOf(v)}` : String(v);
    return { problem: `expected a number; got ${got}`, hint: 'write the number alone, e.g. 1.234,50 or 45 %' };
  }
  if (kind === 'int' && !Number.isInteger(n)) return { problem: `expected a whole number; got ${n}` };
  return { value: n };
}

function date(v: Exclude<CellValue, null>): Read {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: 'the date cell holds no valid date' } : { value: isoOf(v) };
  const s = typeof v === 'string' ? v.trim() : '';
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const parts = m ? [m[1], m[2], m[3]] : ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)) ? [m[3], m[2], m[1]] : undefined);
  if (parts) {
    const [y, mo, d] = parts.map(Number) as [number, number, number];
    if (!realDate(y, mo, d)) return { problem: `impossible date ${quote(s)}` };
    return { value: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  const got = typeof v === 'string' ? quote(v) : typeof v === 'number' ? `the number ${v}` : String(v);
  return { problem: `expected a date; got ${got}`, hint: 'use a date cell, or write 18.03.2025 or 2025-03-18' };
}

function bool(v: Exclude<CellValue, null>): Read {
  if (typeof v === 'boolean') return { value: v };
  const s = text(v).toLowerCase();
  if (TRUE_WORDS.has(s)) return { value: true };
  if (FALSE_WORDS.has(s)) return { value: false };
  return { problem: `expected ja or nein; got ${quote(text(v))}`, hint: 'also accepted: x or an empty cell, 1 or 0, wahr or falsch, true or false' };
}

function list(v: Exclude<CellValue, null>, separators: RegExp): Read {
  const items = text(v)
    .split(separators)
    // A bullet typed in front of each line is not part of the item.
    .map((s) => s.replace(/^\s*[•·▪–-]\s+/, '').trim())
    .filter((s) => s !== '');
  return items.length ? { value: items } : { empty: true };
}

/** Reads one cell for a column of the given kind. */
export function readCell(cell: Cell, kind: Kind): Read {
  if (cell.error) return { problem: `the cell shows the error ${cell.error}`, hint: 'correct the formula or the value in the cell' };
  if (cell.formulaWithoutValue) {
    return {
      problem: 'the formula in this cell has no calculated value',
      hint: 'open the file in Excel or LibreOffice and save it again, so that the results are stored with the formulas',
    };
  }
  const v = cell.value;
  if (v === null || (typeof v === 'string' && v.trim() === '')) return { empty: true };
  switch (kind) {
    case 'number':
    case 'int':
    case 'percent':
      return number(cell, kind);
    case 'date':
      return date(v);
    case 'bool':
      return bool(v);
    case 'lines':
      return list(v, /\n/);
    case 'items':
      return list(v, /[\n;]/);
    case 'version':
      // 2.0 typed into a number cell is stored as 2; "2,0" is the German way to write it.
      return { value: typeof v === 'number' && Number.isInteger(v * 10) ? v.toFixed(1) : text(v).replace(/^(\d+),(\d)$/, '$1.$2') };
    default:
      return { value: text(v) };
  }
}

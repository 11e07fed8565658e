/**
 * Reading CSV files as German Excel saves them: the only importer of `csv-parse`.
 * UTF-8 with or without BOM, else Windows-1252 (what "CSV (Trennzeichen-getrennt)" writes);
 * `;`, `,` or tab as delimiter, found in the header line; CRLF; quoted fields with delimiters,
 * quotes and line breaks inside. Every field keeps its line and column in the file, counted on
 * the text itself (a quoted field with line breaks moves the lines after it).
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { SourcePos } from '../errors.js';
import type { Grid } from './grid.js';
import { MAX_CELLS, MAX_COLUMNS, MAX_CSV_BYTES, MAX_ROWS } from './limits.js';
import type { Cell } from './values.js';

export interface CsvProblem {
  message: string;
  hint?: string;
  line?: number;
  col?: number;
}

export type CsvResult = { grid: Grid; encoding: string; delimiter: string } | { problem: CsvProblem };

/** The text of the file, and which encoding it was in. */
export function decodeCsv(buf: Buffer): { text: string; encoding: string } | { problem: CsvProblem } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return decodeWith('utf-8', buf.subarray(3), 'UTF-8 with BOM');
  if (buf[0] === 0xff && buf[1] === 0xfe) return decodeWith('utf-16le', buf.subarray(2), 'UTF-16');
  if (buf[0] === 0xfe && buf[1] === 0xff) return decodeWith('utf-16be', buf.subarray(2), 'UTF-16');
  if (buf.includes(0)) return { problem: { message: 'this is a binary file, not CSV text', hint: 'save the list as "CSV (Trennzeichen-getrennt)" or as an .xlsx workbook' } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: German Excel's "CSV (Trennzeichen-getrennt)" is Windows-1252.
    return decodeWith('windows-1252', buf, 'Windows-1252');
  }
}

/**
 * Windows-1252 bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Node 20's
 * TextDecoder('windows-1252') decodes them as Latin-1 control characters, so they are mapped here.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(buf: Buffer): string {
  return buf.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeWith(label: string, buf: Buffer, name: string): { text: string; encoding: string } | { problem: CsvProblem } {
  if (label === 'windows-1252') return { text: windows1252(buf), encoding: name };
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(buf), encoding: name };
  } catch {
    return { problem: { message: `the file is not valid ${name} text` } };
  }
}

/** The delimiter used in the first line (outside quotes): the most frequent of ; , and tab. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  // Ties go to ";": the German Excel default.
  return [';', ',', '\t'].reduce((best, d) => (counts[d]! > counts[best]! ? d : best), ';');
}

/** Char offsets of line starts (CRLF, LF and a lone CR each end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function lineCol(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** Where each field of the record starting at `start` begins (char offsets), quote-aware. */
function fieldStarts(text: string, start: number, delimiter: string, count: number): number[] {
  const out: number[] = [];
  let i = start;
  for (let f = 0; f < count; f++) {
    out.push(i);
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
    }
    while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
    if (text[i] === delimiter) i++;
  }
  return out;
}

/** UTF-8 byte offsets (what csv-parse counts) to char offsets, walking forward. */
function byteWalker(text: string): (bytes: number) => number {
  let chars = 0;
  let bytes = 0;
  return (target) => {
    while (bytes < target && chars < text.length) {
      const cp = text.codePointAt(chars)!;
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      chars += cp >= 0x10000 ? 2 : 1;
    }
    return chars;
  };
}

/** Where the quoted field that is never closed opens (char offset), if one is. */
function unclosedQuote(text: string, delimiter: string): number | undefined {
  let i = 0;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (fieldStart && ch === '"') {
      const open = i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return open;
        if (text[q + 1] === '"') i = q + 2;
        else {
          i = q + 1;
          break;
        }
      }
      fieldStart = false;
      continue;
    }
    fieldStart = ch === delimiter || ch === '\n' || ch === '\r';
    i++;
  }
  return undefined;
}

export function parseCsvText(text: string, file: string, encoding = 'UTF-8'): CsvResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: false, bom: false }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    const message = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (a " is missing)' : `CSV: ${e.message}`;
    // csv-parse counts to the end of the file for a quote never closed; the place to look is where it opens.
    const open = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuote(text, delimiter) : undefined;
    if (open !== undefined) return { problem: { message, ...lineCol(lineStarts(text), open), hint: 'close the quote after the text of the field, or write the field without it; a quote inside a quoted field is doubled ("")' } };
    return { problem: { message, line: e.lines ?? 1, col: 1, hint: 'a field that contains the delimiter, a quote or a line break is written in "…", with quotes inside doubled ("")' } };
  }
  if (records.length > MAX_ROWS) return { problem: { message: `the file has more than ${MAX_ROWS} rows` } };
  const starts = lineStarts(text);
  const toChars = byteWalker(text);
  const rows: Cell[][] = [];
  const positions: { line: number; col: number }[][] = [];
  let cells = 0;
  let from = 0;
  for (const { record, info } of records) {
    if (record.length > MAX_COLUMNS) return { problem: { message: `line ${lineCol(starts, from).line} has more than ${MAX_COLUMNS} fields` } };
    cells += record.length;
    if (cells > MAX_CELLS) return { problem: { message: `the file has more than ${MAX_CELLS} fields` } };
    positions.push(fieldStarts(text, from, delimiter, record.length).map((o) => lineCol(starts, o)));
    rows.push(record.map((v) => ({ value: v })));
    from = toChars(info.bytes);
  }
  // A trailing line break gives no record; an empty line in the middle gives one empty field.
  const pos = (r: number, c: number): SourcePos => {
    const row = positions[r];
    const p = row?.[Math.min(c, row.length - 1)] ?? { line: r + 1, col: 1 };
    return { file, ...p };
  };
  return { grid: { file, rows, pos }, encoding, delimiter };
}

export function readCsv(file: string): CsvResult {
  let buf: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { problem: { message: 'not a regular file' } };
    if (st.size > MAX_CSV_BYTES) return { problem: { message: `the file is too large (the limit is ${MAX_CSV_BYTES / 1024 / 1024} MB)` } };
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: { message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})` } };
  }
  const decoded = decodeCsv(buf);
  if ('problem' in decoded) return decoded;
  return parseCsvText(decoded.text, file, decoded.encoding);
}

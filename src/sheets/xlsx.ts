/**
 * Reading .xlsx workbooks: the only importer of `read-excel-file`.
 *
 * 1. The zip is checked first (zip.ts): size on disk, number of parts, what each part that is
 *    read unpacks to, with a hard limit while unpacking (zip bombs).
 * 2. Only the parts that hold cell values are read: the workbook, its relations, shared
 *    strings, styles and the worksheets. Macros (vbaProject.bin), external links, drawings and
 *    everything else stay unread: ignored, never run, never followed.
 * 3. A scan of each worksheet counts rows and cells (limits) and finds what the library does
 *    not report: formulas without a calculated value (it reads them as empty), error values
 *    (#DIV/0!) and cells formatted as percent (45 % is stored as 0.45).
 * 4. read-excel-file turns the checked parts into values: text, numbers, booleans and dates.
 *    It only has an asynchronous API, and the data cascade is synchronous (every command and
 *    the package API's validate()), so it runs in a worker thread that the caller waits for.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { cellPos, parseAddress, type Grid } from './grid.js';
import {
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ROWS,
  MAX_UNPACKED_BYTES,
  MAX_UNPACKED_ENTRY_BYTES,
  MAX_XLSX_BYTES,
  MAX_ZIP_ENTRIES,
  READ_TIMEOUT_MS,
} from './limits.js';
import type { Cell, CellValue } from './values.js';
import { mb, readZipDirectory, readZipEntry, writeStoredZip, ZipError, type ZipEntry } from './zip.js';

export interface WorkbookProblem {
  message: string;
  hint?: string;
  /** A cell the problem is about (0-based), else the whole file. */
  at?: { sheet: string; r: number; c: number };
}

export type WorkbookResult = { sheets: Grid[] } | { problem: WorkbookProblem };

// ---------------------------------------------------------------------------------------------
// The parts of the workbook

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    // Namespace prefixes differ between writers (r:id, x:name); the local name is enough here.
    out[m[1]!.replace(/^[\w.-]+:/, '')] = unescapeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

function elements(xml: string, name: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*?)\\/?>`, 'g'))].map((m) => attrs(m[1]!));
}

/** xl/_rels targets are relative to xl/ (or absolute from the zip's root). */
function partName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Style index → the cell is shown as a percentage. */
function percentStyles(styles: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!styles) return out;
  const custom = new Map<string, string>();
  for (const f of elements(styles, 'numFmt')) if (f.numFmtId) custom.set(f.numFmtId, f.formatCode ?? '');
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(styles)?.[1] ?? '';
  elements(xfs, 'xf').forEach((xf, i) => {
    const id = xf.numFmtId ?? '0';
    // Built-in 9 and 10 are 0 % and 0.00 %; a custom code has % outside quotes and brackets.
    const code = custom.get(id);
    if (id === '9' || id === '10' || (code !== undefined && /%/.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')))) out.add(i);
  });
  return out;
}

interface SheetScan {
  /** Address → what the library does not say about the cell. */
  meta: Map<string, Omit<Cell, 'value'>>;
  problem?: WorkbookProblem;
}

/** Counts rows and cells, and finds formulas without values, error values and percent cells. */
function scanSheet(xml: string, name: string, percent: Set<number>, budget: { cells: number }): SheetScan {
  const meta = new Map<string, Omit<Cell, 'value'>>();
  let row = 0;
  let col = -1;
  const token = /<(?:[\w.-]+:)?(row|c)\b([^>]*?)(\/>|>)/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const a = attrs(m[2]!);
    if (m[1] === 'row') {
      row = a.r ? Number(a.r) - 1 : row + 1;
      col = -1;
      if (!(row < MAX_ROWS)) return { meta, problem: { message: `the sheet ${name} has more than ${MAX_ROWS} rows`, hint: 'ratsdeck reads project lists of up to that size; delete empty formatted rows at the end, or split the list' } };
      continue;
    }
    const addr = a.r ? parseAddress(a.r) : undefined;
    if (addr) [row, col] = addr;
    else col++;
    if (col >= MAX_COLUMNS) return { meta, problem: { message: `the sheet ${name} has more than ${MAX_COLUMNS} columns` } };
    if (row >= MAX_ROWS) return { meta, problem: { message: `the sheet ${name} has more than ${MAX_ROWS} rows`, hint: 'ratsdeck reads project lists of up to that size; delete empty formatted rows at the end, or split the list' } };
    if (++budget.cells > MAX_CELLS) return { meta, problem: { message: `the workbook has more than ${MAX_CELLS} cells`, hint: 'keep only the list in the workbook, or split it' } };
    let inner = '';
    if (m[3] === '>') {
      const close = /<\/(?:[\w.-]+:)?c>/g;
      close.lastIndex = token.lastIndex;
      const cm = close.exec(xml);
      inner = xml.slice(token.lastIndex, cm ? cm.index : xml.length);
      if (cm) token.lastIndex = close.lastIndex;
    }
    const info: Omit<Cell, 'value'> = {};
    const hasFormula = /<(?:[\w.-]+:)?f\b/.test(inner);
    const v = /<(?:[\w.-]+:)?v\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?v>)/.exec(inner);
    const vText = v ? (v[1] ?? '') : undefined;
    if (hasFormula && a.t !== 'inlineStr' && (vText === undefined || (vText === '' && a.t !== 'str'))) info.formulaWithoutValue = true;
    if (a.t === 'e') info.error = unescapeXml(vText ?? '#ERROR');
    if (a.s !== undefined && percent.has(Number(a.s))) info.percent = true;
    if (info.formulaWithoutValue || info.error || info.percent) meta.set(`${row}:${col}`, info);
  }
  return { meta };
}

// ---------------------------------------------------------------------------------------------
// read-excel-file in a worker thread, waited for synchronously

const require = createRequire(import.meta.url);

/** The worker: reads the workbook it is sent and says so on the shared counter. CommonJS (eval). */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, signal, entry } = workerData;
let read;
port.on('message', async (input) => {
  let res;
  try {
    read ??= require(entry).default;
    res = { ok: true, sheets: await read(Buffer.from(input)) };
  } catch (err) {
    res = { ok: false, name: String(err && err.name), message: String((err && err.message) || err) };
  }
  port.postMessage(res);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

interface Reader {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}
let reader: Reader | undefined;

function startReader(): Reader {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const entry = require.resolve('read-excel-file/node');
  const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, signal, entry }, transferList: [port2] });
  // The worker lives as long as the process needs it and never keeps it alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal };
}

type LibrarySheets = { sheet: string; data: (CellValue | null)[][] }[];

function readWithLibrary(zip: Buffer): { sheets: LibrarySheets } | { error: string } {
  reader ??= startReader();
  const { port, signal } = reader;
  const before = Atomics.load(signal, 0);
  port.postMessage(zip);
  const deadline = Date.now() + READ_TIMEOUT_MS;
  while (Atomics.load(signal, 0) === before) {
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(signal, 0, before, left) === 'timed-out') {
      void reader.worker.terminate();
      reader = undefined;
      return { error: `reading took longer than ${READ_TIMEOUT_MS / 1000} s` };
    }
  }
  const msg = receiveMessageOnPort(port)?.message as { ok: true; sheets: LibrarySheets } | { ok: false; message: string } | undefined;
  if (!msg) return { error: 'the reader gave no answer' };
  return msg.ok ? { sheets: msg.sheets } : { error: msg.message };
}

// ---------------------------------------------------------------------------------------------

const SAVE_AS_XLSX = 'save it in Excel or LibreOffice as an .xlsx workbook (Excel-Arbeitsmappe), without a password';

/** Reads a workbook's sheets. Never throws for bad content. */
export function readWorkbook(file: string): WorkbookResult {
  let buf: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { problem: { message: 'not a regular file' } };
    if (st.size > MAX_XLSX_BYTES) return { problem: { message: `the workbook is too large (${mb(st.size)}; the limit is ${mb(MAX_XLSX_BYTES)})` } };
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: { message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})` } };
  }
  // An OLE compound file: an Excel 97–2003 .xls, or a password-protected (encrypted) workbook.
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0) {
    return { problem: { message: 'this is an Excel 97–2003 workbook (.xls) or a password-protected one, not an .xlsx workbook', hint: SAVE_AS_XLSX } };
  }
  try {
    return readZipped(buf, file);
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    if (err.kind === 'too-large') {
      return { problem: { message: `the workbook unpacks to too much data: ${err.message}`, hint: 'ratsdeck refuses it to protect against zip bombs; a project list unpacks to a few megabytes at most' } };
    }
    if (err.kind === 'not-zip') return { problem: { message: `this is not an .xlsx workbook (${err.message})`, hint: SAVE_AS_XLSX } };
    return { problem: { message: `the workbook cannot be read: ${err.message}`, hint: SAVE_AS_XLSX } };
  }
}

function readZipped(buf: Buffer, file: string): WorkbookResult {
  const entries = new Map<string, ZipEntry>(readZipDirectory(buf, MAX_ZIP_ENTRIES).map((e) => [e.name, e]));
  let total = 0;
  const parts = new Map<string, Buffer>();
  const part = (name: string): string | undefined => {
    const e = entries.get(name);
    if (!e) return undefined;
    if (!parts.has(name)) {
      const data = readZipEntry(buf, e, Math.min(MAX_UNPACKED_ENTRY_BYTES, MAX_UNPACKED_BYTES - total));
      total += data.length;
      parts.set(name, data);
    }
    return parts.get(name)!.toString('utf8');
  };
  const workbook = part('xl/workbook.xml');
  const rels = part('xl/_rels/workbook.xml.rels');
  if (workbook === undefined || rels === undefined) {
    return { problem: { message: 'this zip file holds no Excel workbook (xl/workbook.xml is missing)', hint: SAVE_AS_XLSX } };
  }
  part('[Content_Types].xml');
  part('_rels/.rels');
  const targets = new Map<string, { type: string; target: string }>();
  for (const r of elements(rels, 'Relationship')) if (r.Id && r.Target) targets.set(r.Id, { type: r.Type ?? '', target: partName(r.Target) });
  let styles: string | undefined;
  for (const t of targets.values()) {
    if (t.type.endsWith('/sharedStrings')) part(t.target);
    if (t.type.endsWith('/styles')) styles = part(t.target);
  }
  const percent = percentStyles(styles);
  const budget = { cells: 0 };
  const scans = new Map<string, SheetScan>();
  for (const s of elements(workbook, 'sheet')) {
    const target = s.id ? targets.get(s.id) : undefined;
    if (!s.name || !target || !target.type.endsWith('/worksheet')) continue;
    const xml = part(target.target);
    if (xml === undefined) continue;
    const scan = scanSheet(xml, s.name, percent, budget);
    if (scan.problem) return { problem: scan.problem };
    scans.set(s.name, scan);
  }
  const read = readWithLibrary(writeStoredZip([...parts].map(([name, data]) => ({ name, data }))));
  if ('error' in read) return { problem: { message: `the workbook cannot be read: ${read.error}`, hint: SAVE_AS_XLSX } };
  const sheets = read.sheets.map(({ sheet, data }): Grid => {
    const meta = scans.get(sheet)?.meta ?? new Map<string, Omit<Cell, 'value'>>();
    const rows: Cell[][] = data.map((row) => row.map((value) => ({ value: value ?? null })));
    for (const [key, info] of meta) {
      const [r, c] = key.split(':').map(Number) as [number, number];
      while (rows.length <= r) rows.push([]);
      const cells = rows[r]!;
      while (cells.length <= c) cells.push({ value: null });
      Object.assign(cells[c]!, info);
    }
    return { file, sheet, rows, pos: (r, c) => cellPos(file, sheet, r, c) };
  });
  return { sheets };
}

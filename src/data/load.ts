/**
 * YAML loading with source positions: src/data is the only place that imports `yaml`.
 *
 * Every value keeps where it came from (file:line:col) so that validation problems point
 * at the exact place in the user's file. Hostile input (binary files, huge files, alias
 * bombs, custom tags) is refused with a problem, never a crash.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { parseDocument, type Node as YamlNode } from 'yaml';
import type { Problem } from '../errors.js';
import { diagnose } from './diagnose.js';
import { MAX_ALIAS_VALUES, MAX_FILE_BYTES } from './limits.js';
import { emptyIndex, indexOfTable, indexPositions, type PositionIndex, type PositionTable } from './positions.js';
import { checkStructure, scanTags } from './structure.js';

export interface LoadedYaml {
  file: string;
  value: unknown;
  index: PositionIndex;
  problems: Problem[];
}

export interface LoadOptions {
  /** Hint for an empty file, e.g. what a deck needs. */
  emptyHint?: string;
  /** Where parses are kept between runs (the output folder's cache); without it only this process keeps them. */
  store?: ParseStore;
}

/**
 * Bytes kept by the parts they are made from (src/output/cache.ts keeps them in the output
 * folder, keyed by the digest of the parts and of the bundle). A parse is a function of the
 * file's name, its text and the parser's code alone, so a kept one whose text is the file's
 * stands for parsing again.
 */
export interface ParseStore {
  get(parts: readonly string[]): Uint8Array | undefined;
  put(parts: readonly string[], bytes: Uint8Array): void;
}

function problemAt(file: string, line: number, col: number, message: string, hint?: string): Problem {
  const p: Problem = { file, line, col, path: '', message, severity: 'error' };
  if (hint) p.hint = hint;
  return p;
}

function refused(file: string, problem: Problem): LoadedYaml {
  return { file, value: undefined, index: emptyIndex(file), problems: [problem] };
}

/** Reads and parses one YAML file. Never throws for bad content; problems are returned. */
export function loadYamlFile(file: string, opts: LoadOptions = {}): LoadedYaml {
  let buf: Buffer;
  try {
    const st = statSync(file);
    // Reading a FIFO or a device would block or never end; a folder cannot be read at all.
    if (!st.isFile()) return refused(file, problemAt(file, 1, 1, 'not a regular file'));
    if (st.size > MAX_FILE_BYTES) {
      return refused(
        file,
        problemAt(
          file,
          1,
          1,
          `file is too large (${(st.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`,
          'split the data into several files under _data/',
        ),
      );
    }
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return refused(file, problemAt(file, 1, 1, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`));
  }
  return parseYamlBuffer(buf, file, opts);
}

export function parseYamlBuffer(buf: Buffer, file: string, opts: LoadOptions = {}): LoadedYaml {
  if (buf.length > MAX_FILE_BYTES) {
    return refused(file, problemAt(file, 1, 1, `file is too large (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`));
  }
  // UTF-16 text has NUL bytes too; say what it is rather than calling it binary.
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    return refused(file, problemAt(file, 1, 1, 'file is UTF-16 text, not UTF-8', 'save the file as UTF-8 in your editor'));
  }
  if (buf.includes(0)) {
    return refused(file, problemAt(file, 1, 1, 'this is a binary file, not YAML text'));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return refused(file, notUtf8(buf, file));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseYamlText(text, file, opts);
}

/**
 * Where a file stops being UTF-8, and what it is instead. A file saved as "ANSI" by Windows
 * (Windows-1252) reads fine up to its first umlaut; that is the place to name.
 */
function notUtf8(buf: Buffer, file: string): Problem {
  const at = firstInvalidUtf8(buf);
  const before = buf.subarray(0, at);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const col = new TextDecoder('utf-8').decode(buf.subarray(lineStart, at)).length + 1;
  const byte = buf[at]!;
  const cp1252 = new TextDecoder('windows-1252').decode(buf.subarray(at, at + 1));
  const looks = /\p{L}|[€„“”‚‘’–—…§°²³µ]/u.test(cp1252) ? ` (it looks like Windows-1252 / ANSI, where the byte 0x${byte.toString(16).toUpperCase()} here is "${cp1252}")` : '';
  return problemAt(file, line, col, `the file is not UTF-8${looks}`, 'save it as UTF-8 in your editor (VS Code: "Save with Encoding", UTF-8; Notepad: "Save as", encoding UTF-8)');
}

/** The offset of the first byte that does not belong to a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer): number {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    if (n > 1) {
      try {
        // Also refuses overlong forms and surrogates, which the lead byte alone does not show.
        strict.decode(buf.subarray(i, i + n));
      } catch {
        return i;
      }
    }
    i += n;
  }
  return Math.max(0, buf.length - 1);
}

/** The offset where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line and column (1-based) of an offset; never a column past the end of its line. */
function positionOf(text: string, starts: readonly number[], offset: number): { line: number; col: number } {
  const o = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= o) lo = mid;
    else hi = mid - 1;
  }
  // An offset at the very end of a text that ends with a newline belongs to its last line.
  if (lo > 0 && starts[lo] === text.length) lo--;
  const start = starts[lo]!;
  let end = lo + 1 < starts.length ? starts[lo + 1]! - 1 : text.length;
  if (end > start && text[end - 1] === '\r') end--;
  const col = Math.min(o, Math.max(start, end - 1)) - start + 1;
  return { line: lo + 1, col };
}

/** True when the text holds nothing but blank lines, comments and document markers. */
function isBlank(text: string): boolean {
  // Line by line: a single regex over the whole text backtracks exponentially on long "####" lines.
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*(#.*)?$/.test(line));
}
/**
 * The last result for each file, for a process that loads the same files again: `serve`
 * rebuilds after every save, a batch loads the project's _data/ for every deck. A file whose
 * text is unchanged is not parsed again; each caller gets its own copy of the values and the
 * problems (they are changed downstream). At most MAX_KEPT files, the oldest forgotten first.
 */
const kept = new Map<string, { text: string; result: LoadedYaml }>();
const MAX_KEPT = 256;

export function parseYamlText(text: string, file: string, opts: LoadOptions = {}): LoadedYaml {
  const key = `${file}\0${opts.emptyHint ?? ''}`;
  const hit = kept.get(key);
  const result = hit && hit.text === text ? hit.result : parseKept(text, file, opts);
  if (!hit || hit.result !== result) {
    kept.delete(key);
    kept.set(key, { text, result });
    if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  }
  return { file, value: structuredClone(result.value), index: result.index, problems: result.problems.map((p) => ({ ...p })) };
}

/** What a parse keeps on disk: the text's digest, the values, the positions as plain tables and the problems. */
interface KeptParse {
  text: string;
  value: unknown;
  table: PositionTable | undefined;
  problems: Problem[];
}

function parseKept(text: string, file: string, opts: LoadOptions): LoadedYaml {
  const { store } = opts;
  if (!store) return parseYamlUncached(text, file, opts);
  // One entry per file, replaced when its text changes: the text's digest is kept inside it.
  const parts = ['yaml-parse 2', file, opts.emptyHint ?? ''];
  const digest = createHash('sha256').update(text).digest('hex');
  const bytes = store.get(parts);
  if (bytes) {
    try {
      const k = deserialize(bytes) as KeptParse;
      if (k.text === digest) return { file, value: k.value, index: k.table ? indexOfTable(file, k.table) : emptyIndex(file), problems: k.problems };
    } catch {
      // Not readable after all (the store checks a digest; this is the backstop): parse again.
    }
  }
  const result = parseYamlUncached(text, file, opts);
  const table = (result.index as { table?: PositionTable }).table;
  store.put(parts, serialize({ text: digest, value: result.value, table, problems: result.problems } satisfies KeptParse));
  return result;
}

function parseYamlUncached(text: string, file: string, opts: LoadOptions): LoadedYaml {
  if (isBlank(text)) {
    return refused(file, problemAt(file, 1, 1, 'file is empty', opts.emptyHint));
  }
  const problems: Problem[] = [];
  const parse = (t: string) =>
    parseDocument(t, {
      // Positions come from offsets (positionOf); the parser's own line numbers cost time per error.
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      schema: 'core',
      merge: false,
      customTags: [],
      // !!binary, !!set, !!timestamp, !!omap and !!pairs would yield Buffers, Sets and Dates.
      resolveKnownTags: false,
      keepSourceTokens: false,
    });
  // Lines counted here, not by the parser: after a syntax error its count runs off the lines.
  const lines = lineStarts(text);
  const toPos = (offset: number | undefined) => positionOf(text, lines, offset ?? 0);
  const add = (offset: number, message: string, hint?: string, severity?: 'warning') => {
    const { line, col } = toPos(offset);
    if (severity === 'warning') {
      problems.push({ ...problemAt(file, line, col, message, hint), severity });
      return;
    }
    if (problems.some((p) => p.line === line && p.col === col && p.severity === 'error')) return;
    problems.push(problemAt(file, line, col, message, hint));
  };

  const doc = diagnose(text, parse, add, toPos);
  const root = doc.contents as YamlNode | null;
  const isError = (p: Problem) => p.severity === 'error';
  if (!problems.some(isError)) {
    // The parser resolves only core tags here; this is the backstop should that ever change.
    scanTags(root, (node) => {
      add(node.range?.[0] ?? 0, `YAML: the tag ${node.tag} is not allowed`, 'ratsdeck reads plain data only; remove the tag');
    });
  }
  if (!problems.some(isError)) checkStructure(root, (offset, message, hint) => add(offset, message, hint));
  if (problems.some(isError)) return { file, value: undefined, index: emptyIndex(file), problems };

  let value: unknown;
  try {
    // checkStructure has bounded the expansion already; this limit is the parser's own backstop.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_VALUES });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    problems.push(problemAt(file, 1, 1, `YAML: ${msg}`));
    return { file, value: undefined, index: emptyIndex(file), problems };
  }
  if (value === null && root === null) {
    return refused(file, problemAt(file, 1, 1, 'file is empty', opts.emptyHint));
  }
  const index = indexPositions(root, file, toPos, ({ start, end, value: n }) => {
    // 510.000 is YAML for 510: a German thousands separator would silently lose three digits.
    const src = text.slice(start, end);
    if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(src)) {
      const { line, col } = toPos(start);
      const whole = src.replace(/\./g, '');
      // In { … } the comma of 1.234,50 ends the entry: the cents become a key of their own.
      const cents = /^,(\d+)(?![\d.:])/.exec(text.slice(end, end + 32))?.[1];
      if (cents !== undefined) {
        problems.push(problemAt(file, line, col, `${src},${cents} is read as ${n} and a key "${cents}": in YAML the dot is a decimal point, and inside { … } the comma separates entries`, `write ${whole}.${cents} for ${src},${cents}`));
      } else {
        problems.push(problemAt(file, line, col, `${src} is read as ${n}: the dot is a decimal point in YAML`, `write ${whole} without thousands separators`));
      }
    }
  });
  return { file, value, index, problems };
}

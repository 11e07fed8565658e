/**
 * YAML loading with source positions: src/data is the only place that imports `yaml`.
 *
 * Every value keeps where it came from (file:line:col) so that validation problems point
 * at the exact place in the user's file. Hostile input (binary files, huge files, alias
 * bombs, custom tags) is refused with a problem, never a crash.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Problem } from '../errors.js';
import { diagnose } from './diagnose.js';
import { MAX_ALIAS_VALUES, MAX_FILE_BYTES } from './limits.js';
import { emptyIndex, indexPositions, type PositionIndex } from './positions.js';
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
    return refused(file, problemAt(file, 1, 1, 'file is not valid UTF-8 text', 'save the file as UTF-8 in your editor'));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseYamlText(text, file, opts);
}

/** True when the text holds nothing but blank lines, comments and document markers. */
function isBlank(text: string): boolean {
  // Line by line: a single regex over the whole text backtracks exponentially on long "####" lines.
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*(#.*)?$/.test(line));
}
export function parseYamlText(text: string, file: string, opts: LoadOptions = {}): LoadedYaml {
  if (isBlank(text)) {
    return refused(file, problemAt(file, 1, 1, 'file is empty', opts.emptyHint));
  }
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    strict: true,
    schema: 'core',
    merge: false,
    customTags: [],
    // !!binary, !!set, !!timestamp, !!omap and !!pairs would yield Buffers, Sets and Dates.
    resolveKnownTags: false,
    keepSourceTokens: false,
  });
  const toPos = (offset: number | undefined) => {
    const lp = lineCounter.linePos(offset ?? 0);
    return { line: lp.line, col: lp.col };
  };
  const add = (offset: number, message: string, hint?: string, severity?: 'warning') => {
    const { line, col } = toPos(offset);
    if (severity === 'warning') {
      problems.push({ ...problemAt(file, line, col, message, hint), severity });
      return;
    }
    if (problems.some((p) => p.line === line && p.col === col && p.severity === 'error')) return;
    problems.push(problemAt(file, line, col, message, hint));
  };

  diagnose(doc, text, add, toPos);
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
      problems.push(problemAt(file, line, col, `${src} is read as ${n}: the dot is a decimal point in YAML`, `write ${src.replace(/\./g, '')} without thousands separators`));
    }
  });
  return { file, value, index, problems };
}

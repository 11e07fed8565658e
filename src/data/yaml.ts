/**
 * YAML loading with source positions. The only module that imports `yaml`.
 *
 * Every value keeps where it came from (file:line:col) so that validation problems point
 * at the exact place in the user's file. Hostile input (binary files, huge files, alias
 * bombs, custom tags) is refused with a problem, never a crash.
 */
import { readFileSync, statSync } from 'node:fs';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  type Node as YamlNode,
} from 'yaml';
import type { Problem, SourcePos } from '../errors.js';

export type PathSeg = string | number;

/** Limits that keep hostile input from exhausting memory or time. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * How many values aliases (*name) may add to a file in total. A legitimate file repeats a small
 * anchored block a few dozen times; a "billion laughs" file multiplies it exponentially.
 */
export const MAX_ALIAS_VALUES = 10_000;
/** How deep mappings and lists may nest. A deck is about six levels deep; 10 000 `[` are an attack. */
export const MAX_DEPTH = 100;

/** The only YAML tags a file may carry: those of the core schema (plain data). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export function pathKey(path: readonly PathSeg[]): string {
  return path.map(String).join('\u0001');
}

/** Formats a path the way users see it in messages: `slides[3].title`. */
export function formatPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s;
}

export interface PositionIndex {
  file: string;
  /** Position of the value at `path`, or undefined when the file has no node there. */
  value(path: readonly PathSeg[]): SourcePos | undefined;
  /** Position of the key of the pair at `path` (for "unknown key" messages). */
  key(path: readonly PathSeg[]): SourcePos | undefined;
}

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

function emptyIndex(file: string): PositionIndex {
  return { file, value: () => undefined, key: () => undefined };
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

const INDENT_HINT = 'check the indentation: the keys of one mapping and the "- " items of one list start in the same column';

/** True when the text holds nothing but blank lines, comments and document markers. */
function isBlank(text: string): boolean {
  // Line by line: a single regex over the whole text backtracks exponentially on long "####" lines.
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*(#.*)?$/.test(line));
}

export function parseYamlText(text: string, file: string, opts: LoadOptions = {}): LoadedYaml {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  if (isBlank(text)) {
    return refused(file, problemAt(file, 1, 1, 'file is empty', opts.emptyHint));
  }
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
  /** An offset at the start of an indented line points at its first character instead. */
  const firstNonSpace = (offset: number) => {
    let o = offset;
    const atLineStart = o === 0 || text[o - 1] === '\n';
    if (!atLineStart) return o;
    while (text[o] === ' ') o++;
    return text[o] === '\n' || o >= text.length ? offset : o;
  };
  const add = (offset: number, message: string, hint?: string) => {
    const { line, col } = toPos(offset);
    if (problems.some((p) => p.line === line && p.col === col && p.severity === 'error')) return;
    problems.push(problemAt(file, line, col, message, hint));
  };

  for (const err of doc.errors) {
    const [start, end] = err.pos;
    const plain = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    switch (err.code) {
      case 'TAB_AS_INDENT':
        add(start, 'YAML syntax: a tab is used for indentation', 'indent with spaces, not tabs');
        break;
      case 'DUPLICATE_KEY': {
        const dup = findDuplicateKey(doc.contents as YamlNode | null, start);
        if (dup) {
          const first = toPos(dup.first);
          add(start, `YAML syntax: duplicate key ${JSON.stringify(dup.key)}`, `it is already set at line ${first.line}, column ${first.col}; a key may appear only once in a mapping`);
        } else add(start, 'YAML syntax: duplicate key', 'a key may appear only once in a mapping');
        break;
      }
      case 'RESOURCE_EXHAUSTION':
        add(start, `YAML: the data is nested too deeply (more than ${MAX_DEPTH} levels)`);
        break;
      case 'MULTIPLE_DOCS':
        add(start, 'YAML syntax: a file may hold only one YAML document', 'remove the "---" line, or split the file in two');
        break;
      case 'BAD_INDENT':
        add(firstNonSpace(start), `YAML syntax: ${plain}`, INDENT_HINT);
        break;
      case 'MISSING_CHAR':
        if (/quote/i.test(plain)) {
          // The parser notices at the end of the text; the mistake is where the quote opens.
          const open = findQuotedScalar(doc.contents as YamlNode | null, start);
          add(open ?? start, 'YAML syntax: the quoted text is never closed', `add the closing ${plain.includes("'") ? "'" : '"'} on the same line`);
        } else if (/without - indicator/.test(plain)) {
          add(firstNonSpace(start), 'YAML syntax: this line is indented like a list item but does not start with "- "', INDENT_HINT);
        } else if (/followed by map values/.test(plain)) {
          add(start, 'YAML syntax: a key is missing its ":"', 'write "key: value"');
        } else add(start, `YAML syntax: ${plain}`);
        break;
      case 'BLOCK_AS_IMPLICIT_KEY':
      case 'MULTILINE_IMPLICIT_KEY': {
        // Either a line lacks its colon ("title x"), or the next line is indented too far and
        // reads as a continuation of the value above. Tell them apart by what stands before.
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        const nl = text.indexOf('\n', start);
        if (/:\s/.test(text.slice(lineStart, start) + ' ') && nl >= 0 && nl < text.length - 1) {
          add(firstNonSpace(nl + 1), 'YAML syntax: this line is indented further than the key above it', INDENT_HINT);
        } else if (end > start) {
          add(start, 'YAML syntax: a key is missing its ":"', 'write "key: value"');
        } else add(start, `YAML syntax: ${plain}`, INDENT_HINT);
        break;
      }
      default:
        add(start, `YAML syntax: ${plain}`);
    }
  }
  for (const warn of doc.warnings) {
    const [start, end] = warn.pos;
    const plain = warn.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (warn.code === 'TAG_RESOLVE_FAILED') {
      add(start, `YAML: the tag ${text.slice(start, end) || plain} is not allowed`, 'ratsdeck reads plain data only; remove the tag');
    } else {
      const { line, col } = toPos(start);
      problems.push({ ...problemAt(file, line, col, `YAML: ${plain}`), severity: 'warning' });
    }
  }
  const isError = (p: Problem) => p.severity === 'error';
  if (!problems.some(isError)) {
    // The parser resolves only core tags here; this is the backstop should that ever change.
    scanTags(doc.contents as YamlNode | null, (node) => {
      add(node.range?.[0] ?? 0, `YAML: the tag ${node.tag} is not allowed`, 'ratsdeck reads plain data only; remove the tag');
    });
  }
  if (!problems.some(isError)) checkStructure(doc.contents as YamlNode | null, (offset, message, hint) => add(offset, message, hint));

  if (problems.some(isError)) {
    return { file, value: undefined, index: emptyIndex(file), problems };
  }

  let value: unknown;
  try {
    // checkStructure has bounded the expansion already; this limit is the parser's own backstop.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_VALUES });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    problems.push(problemAt(file, 1, 1, `YAML: ${msg}`));
    return { file, value: undefined, index: emptyIndex(file), problems };
  }
  if (value === null && doc.contents === null) {
    return refused(file, problemAt(file, 1, 1, 'file is empty', opts.emptyHint));
  }

  const values = new Map<string, SourcePos>();
  const keys = new Map<string, SourcePos>();
  const walk = (node: unknown, path: PathSeg[]) => {
    if (!node || typeof node !== 'object') return;
    const n = node as YamlNode;
    if (n.range) values.set(pathKey(path), { file, ...toPos(n.range[0]) });
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? item.key.value : item.key;
        if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') continue;
        const childPath = [...path, String(k)];
        const keyNode = item.key as YamlNode | null;
        if (keyNode?.range) keys.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
        // `key:` with nothing after it: point at the key, not past the end of the line.
        const v = item.value as YamlNode | null;
        const blank = !v || (isScalar(v) && v.range && v.range[0] === v.range[1]);
        if (v && !blank) walk(v, childPath);
        else if (keyNode?.range) values.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(n) && typeof n.value === 'number' && n.range) {
      // 510.000 is YAML for 510: a German thousands separator would silently lose three digits.
      const src = text.slice(n.range[0], n.range[1]);
      if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(src)) {
        const { line, col } = toPos(n.range[0]);
        problems.push(
          problemAt(file, line, col, `${src} is read as ${n.value}: the dot is a decimal point in YAML`, `write ${src.replace(/\./g, '')} without thousands separators`),
        );
      }
    }
    // Values reached through an alias have no positions of their own; the alias's stands for them.
  };
  walk(doc.contents, []);

  return {
    file,
    value,
    index: {
      file,
      value: (p) => values.get(pathKey(p)),
      key: (p) => keys.get(pathKey(p)),
    },
    problems,
  };
}

function scanTags(node: YamlNode | null, onCustom: (n: YamlNode) => void): void {
  if (!node || typeof node !== 'object') return;
  const tag = (node as { tag?: string }).tag;
  if (tag && !CORE_TAGS.has(tag)) onCustom(node);
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        scanTags(item.key as YamlNode | null, onCustom);
        scanTags(item.value as YamlNode | null, onCustom);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) scanTags(item as YamlNode, onCustom);
  }
}

/** The key at `offset` that repeats an earlier key of its mapping, and where the first one is. */
function findDuplicateKey(root: YamlNode | null, offset: number): { key: string; first: number } | undefined {
  let found: { key: string; first: number } | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const kn = item.key as YamlNode | null;
        if (isScalar(kn) && kn.range) {
          const k = String(kn.value);
          if (kn.range[0] === offset && seen.has(k)) {
            found = { key: k, first: seen.get(k)! };
            return;
          }
          if (!seen.has(k)) seen.set(k, kn.range[0]);
        }
        visit(item.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(root);
  return found;
}

/** The start of the quoted scalar that runs on to `offset` (where the parser gave up). */
function findQuotedScalar(root: YamlNode | null, offset: number): number | undefined {
  let best: number | undefined;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (isScalar(node)) {
      const r = node.range;
      if (r && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && r[0] < offset && r[2] >= offset) {
        if (best === undefined || r[0] > best) best = r[0];
      }
    } else if (isMap(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        }
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(root);
  return best;
}

/**
 * Checks what the parser accepts but plain data cannot hold safely: aliases that are undefined,
 * recursive or expand to too much (billion laughs), keys that are not plain text, the merge key
 * `<<` and `__proto__`. Runs before toJS so nothing is expanded on the way.
 */
function checkStructure(root: YamlNode | null, report: (offset: number, message: string, hint?: string) => void): void {
  const anchors = new Map<string, number | 'pending'>();
  let expanded = 0;
  class Stop extends Error {}
  const size = (node: unknown, depth = 0): number => {
    if (!node || typeof node !== 'object') return 1;
    const n = node as YamlNode & { anchor?: string };
    const at = n.range?.[0] ?? 0;
    if (depth > MAX_DEPTH) {
      report(at, `YAML: the data is nested too deeply (more than ${MAX_DEPTH} levels)`);
      throw new Stop();
    }
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) {
        report(at, `YAML: the alias *${n.source} has no anchor &${n.source} before it`, `write &${n.source} before the first *${n.source}`);
        throw new Stop();
      }
      if (target === 'pending') {
        report(at, `YAML: the alias *${n.source} is used inside the value it names`, 'a value cannot contain itself');
        throw new Stop();
      }
      expanded += target;
      if (expanded > MAX_ALIAS_VALUES) {
        report(at, `YAML: aliases expand to more than ${MAX_ALIAS_VALUES} values`, 'a file that multiplies its data through aliases is refused to protect against resource exhaustion; write the data out');
        throw new Stop();
      }
      return target;
    }
    if (n.anchor) anchors.set(n.anchor, 'pending');
    let total = 1;
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const kn = item.key as YamlNode | null;
        if (kn && !isScalar(kn)) {
          report(kn.range?.[0] ?? at, 'YAML: a key must be plain text, not a list, a mapping or an alias');
          throw new Stop();
        }
        if (isScalar(kn) && kn.value === '<<') {
          report(kn.range?.[0] ?? at, 'YAML: merge keys (<<) are not supported', 'write the keys out, or use an alias for the whole value');
          throw new Stop();
        }
        if (isScalar(kn) && kn.value === '__proto__') {
          report(kn.range?.[0] ?? at, 'YAML: the key "__proto__" is not allowed');
          throw new Stop();
        }
        total += size(kn, depth + 1) + size(item.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) total += size(item, depth + 1);
    }
    if (n.anchor) anchors.set(n.anchor, total);
    return total;
  };
  try {
    size(root);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
}

/** Serialises plain data as YAML (for `ratsdeck new`). */
export function toYaml(value: unknown, header?: string): string {
  const body = stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `${header}\n${body}` : body;
}

export type YamlEdit = { path: PathSeg[]; value: string } | { path: PathSeg[]; delete: true };

/**
 * Applies edits to a YAML text by splicing the source: everything not edited stays byte for
 * byte as the author wrote it (comments, folding, quoting). Used by `ratsdeck new`, which
 * derives the next session's deck from the last one. Values are written as plain or quoted
 * scalars; a missing key is added after its last sibling (top-level keys after `title:`).
 */
export function editYamlText(text: string, edits: YamlEdit[]): string {
  let out = text;
  for (const e of edits) {
    const doc = parseDocument(out, { uniqueKeys: true, schema: 'core', merge: false });
    if (doc.errors.length) throw new Error(doc.errors[0]!.message);
    out = applyEdit(out, doc.contents as YamlNode | null, e);
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

function scalarText(value: string): string {
  // Quote whenever the plain form would not read back as the same string.
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  // Times like 17:30 are quoted too: YAML 1.1 tools would read them as numbers.
  return plain.includes('\n') || value.includes(':') ? JSON.stringify(value) : plain;
}

function applyEdit(text: string, root: YamlNode | null, e: YamlEdit): string {
  if (!root || !isMap(root)) throw new Error('the deck is not a mapping');
  let map = root;
  for (let i = 0; i < e.path.length - 1; i++) {
    const next = map.get(e.path[i], true) as YamlNode | undefined;
    if (!next || !isMap(next)) {
      if ('delete' in e) return text;
      throw new Error(`${formatPath(e.path.slice(0, i + 1))} is not a mapping`);
    }
    map = next;
  }
  const key = e.path[e.path.length - 1]!;
  const pair = map.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key);
  if ('delete' in e) {
    if (!pair || !isPair(pair)) return text;
    const k = pair.key as YamlNode;
    const v = pair.value as YamlNode | null;
    const start = lineStart(text, k.range![0]);
    const end = lineEnd(text, Math.max((v?.range?.[1] ?? k.range![1]) - 1, k.range![1]));
    return text.slice(0, start) + text.slice(end);
  }
  const valueText = scalarText(e.value);
  if (pair && isPair(pair) && pair.value && isScalar(pair.value) && pair.value.range) {
    const [a, b] = pair.value.range;
    return text.slice(0, a) + valueText + text.slice(b);
  }
  if (pair) throw new Error(`${formatPath(e.path)} is not a single value`);
  // Insert a new pair: at top level after subtitle: or title:, else after the map's last item.
  const items = map.items.filter(isPair);
  const anchor =
    (map === root
      ? items.find((it) => isScalar(it.key) && it.key.value === 'subtitle') ?? items.find((it) => isScalar(it.key) && it.key.value === 'title')
      : undefined) ?? items[items.length - 1];
  if (!anchor) throw new Error(`cannot add ${formatPath(e.path)}`);
  const ak = anchor.key as YamlNode;
  const av = anchor.value as YamlNode | null;
  const indent = ak.range![0] - lineStart(text, ak.range![0]);
  const after = lineEnd(text, Math.max((av?.range?.[1] ?? ak.range![1]) - 1, ak.range![1]));
  const line = `${' '.repeat(indent)}${String(key)}: ${valueText}\n`;
  const prefix = text.slice(0, after);
  return (prefix.endsWith('\n') || prefix === '' ? prefix : prefix + '\n') + line + text.slice(after);
}

/**
 * Inserts `- type: <type>` into the `slides:` list after the first slide whose type is one of
 * `after` (in that order of preference), keeping the list's indentation.
 */
export function insertSlideText(text: string, type: string, after: string[]): string {
  const doc = parseDocument(text, { uniqueKeys: true, schema: 'core', merge: false });
  const slides = doc.get('slides', true) as YamlNode | undefined;
  if (!slides || !isSeq(slides) || !slides.items.length) return text;
  const typeOf = (n: unknown) => (isMap(n as YamlNode) ? (n as { get(k: string): unknown }).get('type') : undefined);
  let target: YamlNode | undefined;
  for (const t of after) {
    target = slides.items.find((n) => typeOf(n) === t) as YamlNode | undefined;
    if (target) break;
  }
  target ??= slides.items[0] as YamlNode;
  const first = slides.items[0] as YamlNode;
  const dashCol = text.lastIndexOf('-', first.range![0]) - lineStart(text, first.range![0]);
  const at = lineEnd(text, target.range![1] - 1);
  const insert = `${' '.repeat(Math.max(0, dashCol))}- type: ${type}\n`;
  return text.slice(0, at) + insert + text.slice(at);
}

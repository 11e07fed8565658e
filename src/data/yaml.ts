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
export const MAX_ALIASES = 100;

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

function problemAt(file: string, line: number, col: number, message: string, hint?: string): Problem {
  const p: Problem = { file, line, col, path: '', message, severity: 'error' };
  if (hint) p.hint = hint;
  return p;
}

function emptyIndex(file: string): PositionIndex {
  return { file, value: () => undefined, key: () => undefined };
}

/** Reads and parses one YAML file. Never throws for bad content; problems are returned. */
export function loadYamlFile(file: string): LoadedYaml {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      file,
      value: undefined,
      index: emptyIndex(file),
      problems: [problemAt(file, 1, 1, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`)],
    };
  }
  if (size > MAX_FILE_BYTES) {
    return {
      file,
      value: undefined,
      index: emptyIndex(file),
      problems: [
        problemAt(
          file,
          1,
          1,
          `file is too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`,
          'split the data into several files under _data/',
        ),
      ],
    };
  }
  const buf = readFileSync(file);
  return parseYamlBuffer(buf, file);
}

export function parseYamlBuffer(buf: Buffer, file: string): LoadedYaml {
  if (buf.includes(0)) {
    return {
      file,
      value: undefined,
      index: emptyIndex(file),
      problems: [problemAt(file, 1, 1, 'this is a binary file, not YAML text')],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return {
      file,
      value: undefined,
      index: emptyIndex(file),
      problems: [problemAt(file, 1, 1, 'file is not valid UTF-8 text', 'save the file as UTF-8 in your editor')],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseYamlText(text, file);
}

const YAML_HINTS: [RegExp, string][] = [
  [/tab/i, 'indent with spaces, not tabs'],
  [/Map keys must be unique/i, 'each key may appear only once in a mapping'],
  [/Missing closing ("|')quote/i, 'close the quoted string on the same line or use a block scalar (|)'],
  [/Implicit map keys need to be followed by map values/i, 'a "key: value" line is missing its colon, or the indentation is off'],
  [/indent/i, 'check the indentation: items at one level must start in the same column'],
];

export function parseYamlText(text: string, file: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    return {
      file,
      value: undefined,
      index: emptyIndex(file),
      problems: [problemAt(file, 1, 1, 'file is empty', 'a deck needs at least a title and slides')],
    };
  }
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    strict: true,
    schema: 'core',
    merge: false,
    customTags: [],
    keepSourceTokens: false,
  });

  const toPos = (offset: number | undefined) => {
    const lp = lineCounter.linePos(offset ?? 0);
    return { line: lp.line, col: lp.col };
  };

  for (const err of doc.errors) {
    const { line, col } = toPos(err.pos[0]);
    const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const hint = YAML_HINTS.find(([re]) => re.test(err.message))?.[1];
    problems.push(problemAt(file, line, col, `YAML syntax: ${msg}`, hint));
  }
  for (const warn of doc.warnings) {
    const { line, col } = toPos(warn.pos[0]);
    const msg = warn.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (/tag/i.test(warn.code) || /tag/i.test(msg)) {
      problems.push(problemAt(file, line, col, `YAML: custom tags are not allowed (${msg})`, 'remove the !tag'));
    } else {
      problems.push({ ...problemAt(file, line, col, `YAML: ${msg}`), severity: 'warning' });
    }
  }
  // Reject custom tags even when the parser resolved them silently.
  scanTags(doc.contents as YamlNode | null, (node) => {
    const { line, col } = toPos(node.range?.[0]);
    if (!problems.some((p) => p.line === line && /tag/.test(p.message))) {
      problems.push(problemAt(file, line, col, `YAML: custom tag ${node.tag} is not allowed`, 'remove the !tag'));
    }
  });

  if (problems.some((p) => p.severity === 'error')) {
    return { file, value: undefined, index: emptyIndex(file), problems };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(msg)) {
      problems.push(
        problemAt(file, 1, 1, `too many YAML aliases (more than ${MAX_ALIASES} expansions)`, 'aliases (*name) are limited to protect against resource exhaustion'),
      );
    } else {
      problems.push(problemAt(file, 1, 1, `YAML: ${msg}`));
    }
    return { file, value: undefined, index: emptyIndex(file), problems };
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
        if (typeof k !== 'string' && typeof k !== 'number') continue;
        const childPath = [...path, String(k)];
        const keyNode = item.key as YamlNode | null;
        if (keyNode?.range) keys.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
        if (item.value) walk(item.value, childPath);
        else if (keyNode?.range) values.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isAlias(n)) {
      // Children of an alias have no positions of their own; the alias's position stands for them.
    }
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
  if (tag && !tag.startsWith('tag:yaml.org,2002:')) onCustom(node);
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

/** Serialises plain data as YAML (for `ratsdeck new`). */
export function toYaml(value: unknown, header?: string): string {
  const body = stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `${header}\n${body}` : body;
}

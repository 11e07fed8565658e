/**
 * Writing whole blocks of YAML from plain data, for the OParl import (issue 12): a deck's
 * `session:` or `paper:` replaced by what the council information system says, entries added
 * to a list (`committees:` in ratsdeck.yaml) or given a key (`oparl:`), and a new deck file.
 * As in edit.ts, the Document API finds the place and the change is spliced into the text:
 * everything else stays byte for byte (comments, folding, quoting, the layout of the list).
 * A flow entry (`- { id: hfa, name: … }`) gets its new key inside its braces; new entries
 * follow the style of the list's first entry (one flow mapping per line, as in the README,
 * when the list is empty).
 */
import { Document, isMap, isPair, isScalar, isSeq, parse, parseDocument, visit, type Node as YamlNode, type Pair, type YAMLSeq } from 'yaml';

const PARSE = { uniqueKeys: true, schema: 'core', merge: false } as const;

/** Plain data as YAML writes it: strings, numbers, booleans, lists and mappings. */
export type Plain = string | number | boolean | Plain[] | { [key: string]: Plain | undefined };

function parseStrict(text: string): Document.Parsed {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length) throw new Error(doc.errors[0]!.message);
  return doc;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

const FLOW_UNSAFE = /[,[\]{}#&*!|>'"%@`:]|^[-?\s]|\s$/;

/**
 * A string as a scalar that reads back as the same string, in a flow mapping too: plain when
 * that is safe, else double-quoted (times like 17:00 and URLs are quoted: YAML 1.1 tools and
 * flow context read the colon differently).
 */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (value !== '' && !FLOW_UNSAFE.test(value) && !value.includes('\n')) {
    try {
      if (parse(value, PARSE) === value) return value;
    } catch {
      // Not plain YAML: quote it.
    }
  }
  return JSON.stringify(value);
}

function quoteColons(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && (node.value.includes(':') || node.value.includes('#'))) node.type = 'QUOTE_DOUBLE';
    },
  });
}

function dropUndefined(v: Plain | undefined): Plain | undefined {
  if (Array.isArray(v)) return v.map((x) => dropUndefined(x)!).filter((x) => x !== undefined);
  if (v && typeof v === 'object') {
    const o: { [key: string]: Plain } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = dropUndefined(x)!;
    return o;
  }
  return v;
}

/** A value as block YAML, indented by `indent` spaces on every line, ending with a newline. */
function blockText(value: Plain, indent: number): string {
  const doc = new Document(dropUndefined(value));
  quoteColons(doc);
  const out = doc.toString({ lineWidth: 0, indentSeq: true });
  const pad = ' '.repeat(indent);
  return out
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** A mapping of scalars as one flow mapping: `{ id: hfa, name: Haupt- und Finanzausschuss }`. */
function flowMapText(value: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(value).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  return `{ ${entries.map(([k, v]) => `${k}: ${yamlScalar(v)}`).join(', ')} }`;
}

/** A new YAML document from plain data, with comment lines on top. */
export function yamlDocument(value: Plain, comments: string[] = []): string {
  const head = comments.map((c) => `# ${c}`.trimEnd() + '\n').join('');
  return head + blockText(value, 0);
}

function topPair(doc: Document.Parsed, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  const root = doc.contents as YamlNode | null;
  if (!root || !isMap(root)) throw new Error('the file is not a mapping');
  return root.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key) as Pair<YamlNode, YamlNode | null> | undefined;
}

/**
 * Replaces the top-level `key`'s value with `value` (a mapping), removes the key when `value`
 * is undefined, or adds it before the first of `before` that the document has (else at the end).
 * The key's own line (and a comment on it) stays; a flow value is replaced by a flow mapping.
 */
export function setTopLevel(text: string, key: string, value: Record<string, Plain | undefined> | undefined, before: string[] = []): string {
  const doc = parseStrict(text);
  const pair = topPair(doc, key);
  if (!pair) {
    if (value === undefined) return text;
    const anchor = before.map((b) => topPair(doc, b)).find((p) => p !== undefined);
    const block = `${key}:\n${blockText(value as Plain, 2)}`;
    if (anchor) {
      const at = lineStart(text, (anchor.key as YamlNode).range![0]);
      return text.slice(0, at) + block + text.slice(at);
    }
    return (text === '' || text.endsWith('\n') ? text : text + '\n') + block;
  }
  const k = pair.key as YamlNode;
  const v = pair.value;
  if (value === undefined) {
    const start = lineStart(text, k.range![0]);
    const end = v?.range ? lineEnd(text, Math.max(v.range[1] - 1, k.range![1])) : lineEnd(text, k.range![1]);
    return text.slice(0, start) + text.slice(end);
  }
  if (v && (isMap(v) || isSeq(v)) && v.flow) {
    const flat = Object.values(value).every((x) => x === undefined || typeof x !== 'object');
    const rendered = flat ? flowMapText(value as Record<string, string | number | boolean | undefined>) : null;
    if (rendered) return text.slice(0, v.range![0]) + rendered + text.slice(v.range![1]);
  }
  // The block under the key line: from the next line to the end of the value's last line.
  const indent = k.range![0] - lineStart(text, k.range![0]);
  const keyLineEnd = lineEnd(text, k.range![1]);
  const from = v?.range && v.range[0] < keyLineEnd ? v.range[0] : keyLineEnd;
  const to = v?.range ? lineEnd(text, Math.max(v.range[1] - 1, from)) : keyLineEnd;
  const body = blockText(value as Plain, indent + 2);
  if (from < keyLineEnd) {
    // The value began on the key's line (a flow mapping with nested lists): put the block below.
    return text.slice(0, from).trimEnd() + '\n' + body + text.slice(to);
  }
  return text.slice(0, from) + body + text.slice(to);
}

function seqAt(doc: Document.Parsed, key: string): YAMLSeq | undefined {
  const pair = topPair(doc, key);
  const v = pair?.value;
  if (!pair) return undefined;
  if (!v || (isScalar(v) && (v.value === null || v.value === ''))) return undefined;
  if (!isSeq(v)) throw new Error(`${key} is not a list`);
  return v;
}

/** Adds entries (mappings of scalars) at the end of the top-level list `key`, creating it when missing. */
export function appendToList(text: string, key: string, entries: Record<string, string | number | boolean | undefined>[]): string {
  if (!entries.length) return text;
  const doc = parseStrict(text);
  const seq = seqAt(doc, key);
  if (!seq) {
    // No list yet (or `key:` with nothing after it): a block list in the README's style.
    const pair = topPair(doc, key);
    const lines = entries.map((e) => `  - ${flowMapText(e)}\n`).join('');
    if (pair) {
      const k = pair.key as YamlNode;
      const end = lineEnd(text, Math.max((pair.value?.range?.[1] ?? k.range![1]) - 1, k.range![1]));
      const head = text.slice(lineStart(text, k.range![0]), end).replace(/:\s*(?:(?:null|~)\s*)?(#.*)?\n?$/, (_m, c: string | undefined) => `:${c ? ` ${c}` : ''}\n`);
      return text.slice(0, lineStart(text, k.range![0])) + head + lines + text.slice(end);
    }
    return (text === '' || text.endsWith('\n') ? text : text + '\n') + `${key}:\n` + lines;
  }
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range![1] - 1);
    const inner = entries.map(flowMapText).join(', ');
    const before = text.slice(0, close).replace(/\s*$/, '');
    const sep = seq.items.length ? ', ' : '';
    return before + sep + inner + text.slice(close);
  }
  const first = seq.items[0] as YamlNode;
  const last = seq.items[seq.items.length - 1] as YamlNode;
  const dashCol = text.lastIndexOf('-', first.range![0]) - lineStart(text, first.range![0]);
  const pad = ' '.repeat(Math.max(0, dashCol));
  const at = lineEnd(text, last.range![1] - 1);
  const flowStyle = isMap(first) && first.flow;
  const lines = entries
    .map((e) => {
      if (flowStyle || !isMap(first)) return `${pad}- ${flowMapText(e)}\n`;
      const kv = Object.entries(e).filter((x): x is [string, string | number | boolean] => x[1] !== undefined);
      return kv.map(([k, v], i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${k}: ${yamlScalar(v)}\n`).join('');
    })
    .join('');
  const prefix = text.slice(0, at);
  return (prefix.endsWith('\n') ? prefix : prefix + '\n') + lines + text.slice(at);
}

/** Sets `field: value` on entry `index` of the top-level list `key` (a mapping), keeping everything else. */
export function setListEntryKey(text: string, key: string, index: number, field: string, value: string): string {
  const doc = parseStrict(text);
  const seq = seqAt(doc, key);
  const item = seq?.items[index] as YamlNode | undefined;
  if (!item || !isMap(item)) throw new Error(`${key}[${index}] is not a mapping`);
  const existing = item.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === field);
  if (existing && isPair(existing) && existing.value && isScalar(existing.value) && (existing.value as YamlNode).range) {
    const [a, b] = (existing.value as YamlNode).range!;
    return text.slice(0, a) + yamlScalar(value) + text.slice(b);
  }
  if (existing) throw new Error(`${key}[${index}].${field} is not a single value`);
  if (item.flow) {
    // Inside the braces, in the spacing the entry has: `{ id: hfa }` → `{ id: hfa, oparl: "…" }`.
    const close = text.lastIndexOf('}', item.range![1] - 1);
    const inside = text.slice(item.range![0] + 1, close);
    const pad = /\s$/.test(inside) ? ' ' : '';
    const before = text.slice(0, close).replace(/\s*$/, '');
    return before + (item.items.length ? ', ' : pad) + `${field}: ${yamlScalar(value)}` + pad + text.slice(close);
  }
  const pairs = item.items.filter(isPair);
  const firstKey = pairs[0]!.key as YamlNode;
  const lastPair = pairs[pairs.length - 1]!;
  const lk = lastPair.key as YamlNode;
  const lv = lastPair.value as YamlNode | null;
  const indent = firstKey.range![0] - lineStart(text, firstKey.range![0]);
  const at = lineEnd(text, Math.max((lv?.range?.[1] ?? lk.range![1]) - 1, lk.range![1]));
  const prefix = text.slice(0, at);
  return (prefix.endsWith('\n') ? prefix : prefix + '\n') + `${' '.repeat(indent)}${field}: ${yamlScalar(value)}\n` + text.slice(at);
}

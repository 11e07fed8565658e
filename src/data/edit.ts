/**
 * Editing a YAML text through the `yaml` Document API, for `ratsdeck new` (the next session's
 * deck from the last one). The document finds what to change; the change is spliced into the
 * source, so everything not edited stays byte for byte as the author wrote it (comments,
 * folding, quoting, the spaces before a comment). A flow collection (`{date: …}`,
 * `[{type: title}]`) that gains or loses an entry is written again by the Document API in
 * flow style; a block mapping or list gets or loses whole lines.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, stringify, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatPath, type PathSeg } from './path.js';

export type YamlEdit =
  /** Sets a scalar; with `ifPresent`, only where the key is there already. */
  | { path: PathSeg[]; value: string; ifPresent?: boolean }
  | { path: PathSeg[]; delete: true };

const PARSE = { uniqueKeys: true, schema: 'core', merge: false } as const;

function parse(text: string): Document.Parsed {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length) throw new Error(doc.errors[0]!.message);
  return doc;
}

/** Applies the edits in order; throws (with the parser's or its own message) when one cannot be made. */
export function editYamlText(text: string, edits: YamlEdit[]): string {
  let out = text;
  for (const e of edits) {
    const doc = parse(out);
    out = applyEdit(out, doc, e);
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

/** Quoted whenever the plain form would not read back as the same string. */
function needsQuotes(value: string): boolean {
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  // Times like 17:30 are quoted too: YAML 1.1 tools would read them as numbers.
  return plain.includes('\n') || value.includes(':') || plain !== value;
}

function scalarText(value: string): string {
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  return plain.includes('\n') || value.includes(':') ? JSON.stringify(value) : plain;
}

function scalarNode(value: string): Scalar {
  const s = new Scalar(value);
  if (needsQuotes(value)) s.type = 'QUOTE_DOUBLE';
  return s;
}

/** Writes a (changed) flow collection again in place of its old text. */
function rewriteFlow(text: string, node: YAMLMap | YAMLSeq): string {
  const [start, end] = node.range!;
  // Its comments stay where they are in the text, outside the range written again.
  const { comment, commentBefore } = node;
  node.comment = null;
  node.commentBefore = null;
  const rendered = new Document(node).toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
  node.comment = comment;
  node.commentBefore = commentBefore;
  return text.slice(0, start) + rendered + text.slice(end);
}

function pairOf(map: YAMLMap, key: PathSeg) {
  return map.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key);
}

function applyEdit(text: string, doc: Document.Parsed, e: YamlEdit): string {
  const root = doc.contents as YamlNode | null;
  if (!root || !isMap(root)) throw new Error('the deck is not a mapping');
  let map: YAMLMap = root;
  for (let i = 0; i < e.path.length - 1; i++) {
    const next = map.get(e.path[i], true) as YamlNode | undefined;
    if (!next && !('delete' in e) && !e.ifPresent) return addMapping(text, doc, map, e.path.slice(i), e.value);
    if (!next || !isMap(next)) {
      if ('delete' in e || e.ifPresent) return text;
      throw new Error(`${formatPath(e.path.slice(0, i + 1))} is not a mapping`);
    }
    map = next;
  }
  const key = e.path[e.path.length - 1]!;
  const pair = pairOf(map, key);
  if ('delete' in e) {
    if (!pair || !isPair(pair)) return text;
    if (map.flow) {
      map.items.splice(map.items.indexOf(pair), 1);
      return rewriteFlow(text, map);
    }
    const k = pair.key as YamlNode;
    const v = pair.value as YamlNode | null;
    const start = lineStart(text, k.range![0]);
    const end = lineEnd(text, Math.max((v?.range?.[1] ?? k.range![1]) - 1, k.range![1]));
    return text.slice(0, start) + text.slice(end);
  }
  if (pair && isPair(pair) && pair.value && isScalar(pair.value) && pair.value.range) {
    const [a, b] = pair.value.range;
    return text.slice(0, a) + scalarText(e.value) + text.slice(b);
  }
  if (pair) throw new Error(`${formatPath(e.path)} is not a single value`);
  if (e.ifPresent) return text;
  if (map.flow) {
    map.set(doc.createNode(key), scalarNode(e.value));
    return rewriteFlow(text, map);
  }
  return insertLines(text, map, map === root, [`${String(key)}: ${scalarText(e.value)}`]);
}

/**
 * Adds `path` (its first key missing in `map`) as nested mappings ending in the value:
 * `paper: {reference: …}` in a flow mapping, indented lines in a block one.
 */
function addMapping(text: string, doc: Document.Parsed, map: YAMLMap, path: PathSeg[], value: string): string {
  if (map.flow) {
    let node: YamlNode = scalarNode(value);
    for (const k of path.slice(1).reverse()) {
      const m = doc.createNode({}) as YAMLMap;
      m.set(doc.createNode(k), node);
      node = m;
    }
    map.set(doc.createNode(path[0]), node);
    return rewriteFlow(text, map);
  }
  const lines = path.map((k, i) => `${'  '.repeat(i)}${String(k)}:${i === path.length - 1 ? ` ${scalarText(value)}` : ''}`);
  return insertLines(text, map, map === doc.contents, lines);
}

/**
 * Inserts lines (indented relative to the map's keys) into a block mapping: at top level after
 * subtitle: or title:, else after the map's last item.
 */
function insertLines(text: string, map: YAMLMap, top: boolean, lines: string[]): string {
  const items = map.items.filter(isPair);
  const anchor =
    (top ? items.find((it) => isScalar(it.key) && it.key.value === 'subtitle') ?? items.find((it) => isScalar(it.key) && it.key.value === 'title') : undefined) ??
    items[items.length - 1];
  if (!anchor) throw new Error(`cannot add ${lines[0]}`);
  const ak = anchor.key as YamlNode;
  const av = anchor.value as YamlNode | null;
  const indent = ak.range![0] - lineStart(text, ak.range![0]);
  const after = lineEnd(text, Math.max((av?.range?.[1] ?? ak.range![1]) - 1, ak.range![1]));
  const block = lines.map((l) => `${' '.repeat(indent)}${l}\n`).join('');
  const prefix = text.slice(0, after);
  return (prefix.endsWith('\n') || prefix === '' ? prefix : prefix + '\n') + block + text.slice(after);
}

/** The plain value at `path` (any style), or undefined. */
export function yamlValueAt(text: string, path: PathSeg[]): unknown {
  const node = parse(text).getIn(path, true) as YamlNode | undefined;
  return node === undefined ? undefined : (node as { toJSON(): unknown }).toJSON();
}

/** True when the document has a value at `path` (any style). */
export function hasYamlPath(text: string, path: PathSeg[]): boolean {
  return parse(text).hasIn(path);
}

/**
 * Adds a `type: <type>` slide to the `slides:` list after the first slide whose type is one of
 * `after` (in that order of preference), unless the list has a slide of that type already.
 * A block list keeps its indentation; a flow list is written again in flow style.
 */
export function ensureSlide(text: string, type: string, after: string[]): string {
  const doc = parse(text);
  const slides = doc.get('slides', true) as YamlNode | undefined;
  if (!slides || !isSeq(slides) || !slides.items.length) return text;
  const typeOf = (n: unknown) => (isMap(n as YamlNode) ? (n as YAMLMap).get('type') : undefined);
  if (slides.items.some((n) => typeOf(n) === type)) return text;
  let target: YamlNode | undefined;
  for (const t of after) {
    target = slides.items.find((n) => typeOf(n) === t) as YamlNode | undefined;
    if (target) break;
  }
  target ??= slides.items[0] as YamlNode;
  if (slides.flow) {
    slides.items.splice(slides.items.indexOf(target) + 1, 0, doc.createNode({ type }));
    return rewriteFlow(text, slides);
  }
  const first = slides.items[0] as YamlNode;
  const dashCol = text.lastIndexOf('-', first.range![0]) - lineStart(text, first.range![0]);
  const at = lineEnd(text, target.range![1] - 1);
  const insert = `${' '.repeat(Math.max(0, dashCol))}- type: ${type}\n`;
  return text.slice(0, at) + insert + text.slice(at);
}

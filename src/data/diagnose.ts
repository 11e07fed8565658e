/**
 * The YAML parser's errors and warnings as problems users can act on: at the place of the
 * mistake (not where the parser noticed it), in words, with a hint.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { MAX_DEPTH } from './limits.js';

const INDENT_HINT = 'check the indentation: the keys of one mapping and the "- " items of one list start in the same column';

/** Reports a problem at an offset of the text; `warning` for the parser's warnings. */
export type Report = (offset: number, message: string, hint?: string, severity?: 'warning') => void;

/** Reports every error and warning of the parsed document; `toPos` turns an offset into line and column. */
export function diagnose(doc: Document.Parsed, text: string, add: Report, toPos: (offset: number) => { line: number; col: number }): void {
  /** An offset at the start of an indented line points at its first character instead. */
  const firstNonSpace = (offset: number) => {
    let o = offset;
    const atLineStart = o === 0 || text[o - 1] === '\n';
    if (!atLineStart) return o;
    while (text[o] === ' ') o++;
    return text[o] === '\n' || o >= text.length ? offset : o;
  };
  const root = doc.contents as YamlNode | null;
  for (const err of doc.errors) {
    const [start, end] = err.pos;
    const plain = firstLine(err.message);
    switch (err.code) {
      case 'TAB_AS_INDENT':
        add(start, 'YAML syntax: a tab is used for indentation', 'indent with spaces, not tabs');
        break;
      case 'DUPLICATE_KEY': {
        const dup = findDuplicateKey(root, start);
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
          const open = findQuotedScalar(root, start);
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
    const plain = firstLine(warn.message);
    if (warn.code === 'TAG_RESOLVE_FAILED') {
      add(start, `YAML: the tag ${text.slice(start, end) || plain} is not allowed`, 'ratsdeck reads plain data only; remove the tag');
    } else add(start, `YAML: ${plain}`, undefined, 'warning');
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
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
/**
 * The YAML parser's errors and warnings as problems users can act on: at the place of the
 * mistake (not where the parser noticed it), in words, with a hint.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import { blankBlock, indentAnomalies, lineAt, textLines, type Anomaly, type TextLine } from './indent.js';
import { MAX_DEPTH } from './limits.js';

const INDENT_HINT = 'check the indentation: the keys of one mapping and the "- " items of one list start in the same column';

/** Reports a problem at an offset of the text; `warning` for the parser's warnings. */
export type Report = (offset: number, message: string, hint?: string, severity?: 'warning') => void;

/** One mistake in words: where it is and what to do. `stop`: nothing after it can be read. */
interface Described {
  offset: number;
  message: string;
  hint?: string;
  /** After this, report nothing more (too deep), or nothing after the offset (a second document). */
  stop?: 'all' | 'rest';
}

/**
 * At most this many syntax problems per file: after a mistake the parser is lost, and what it
 * reports further down is mostly the same mistake again. The caller shows fewer still (capProblems).
 */
export const MAX_SYNTAX_PROBLEMS = 20;
/** Characters parsed again in all, at most, while looking for the next independent mistake. */
const REPARSE_BUDGET = 20_000_000;

/**
 * Reports the syntax errors of `text`, one per mistake: the first one, at the line that causes
 * it (a tab, a line indented unlike its neighbours) rather than where the parser noticed; then
 * that line and what is indented under it are set aside (blanked, so positions stay) and the
 * rest is parsed again for the next mistake. The parser's follow-on errors are never shown.
 * Returns the document of the text as last parsed (the text itself when it has no errors).
 */
export function diagnose(text: string, parse: (text: string) => Document.Parsed, add: Report, toPos: (offset: number) => { line: number; col: number }): Document.Parsed {
  let current = text;
  const rounds = Math.min(MAX_SYNTAX_PROBLEMS, Math.max(1, Math.floor(REPARSE_BUDGET / Math.max(1, text.length))));
  /** What has been set aside: an error there means setting aside did not help; stop. */
  const blanked: [number, number][] = [];
  const setAside = (lines: readonly TextLine[], line: TextLine, toEnd = false) => {
    const r = blankBlock(current, lines, line, toEnd);
    blanked.push([line.start, r.stop]);
    current = r.text;
  };
  // `-type: title`: YAML reads a key "-type", not a list item. The parser then reports the
  // lines around it (or nothing at all, and the list becomes a mapping); no key of ratsdeck
  // starts with "-", so such a line is named first and set aside.
  if (/^[ \t]*-[^\s\-\d.]/m.test(current)) {
    const lines = textLines(current);
    for (const l of lines) {
      if (!l.structural || l.kind !== 'key' || l.key === undefined || !/^-[^\s\-\d.]/.test(l.key)) continue;
      if (current.slice(l.start, l.end).trim() === '') continue; // inside one set aside already
      const body = current.slice(l.start + l.indent, l.end);
      const fixed = `- ${body.slice(1)}`;
      add(l.start + l.indent, 'YAML syntax: a list item needs a space after its "-"', `write "${fixed.length > 60 ? `${fixed.slice(0, 59)}…` : fixed}"`);
      setAside(lines, l);
    }
  }
  let doc = parse(current);
  for (let round = 0; doc.errors.length > 0; round++) {
    const first = firstMistake(doc, current, toPos);
    if (blanked.some(([a, b]) => first.offset >= a && first.offset < b)) break;
    if (round >= rounds) {
      add(first.offset, 'YAML syntax: more mistakes follow', 'fix the ones above, then run ratsdeck again');
      break;
    }
    const lines = textLines(current);
    const at = lineAt(lines, first.offset);
    const anomalies = indentAnomalies(lines);
    const cause = first.stop ? undefined : causeBefore(anomalies, lines, at);
    if (cause && cause.tab !== undefined) {
      // Tabs are one mistake however many lines have them (an editor set to indent with tabs):
      // one problem, the other lines named in its hint, all of them set aside at once.
      const tabs = anomalies.filter((a) => a.tab !== undefined && a.line.no >= cause.line.no);
      const others = tabs.slice(1).map((a) => a.line.no);
      const also = others.length === 0 ? '' : `; there are tabs on line${others.length === 1 ? '' : 's'} ${listLines(others)} too`;
      add(cause.offset, cause.message, `${cause.hint}${also}`);
      for (const t of tabs) setAside(lines, t.line);
    } else {
      if (cause) add(cause.offset, cause.message, cause.hint);
      else add(first.offset, first.message, first.hint);
      if (first.stop === 'all') break;
      const before = current;
      setAside(lines, cause?.line ?? at, first.stop === 'rest');
      if (current === before) break;
    }
    doc = parse(current);
  }
  for (const warn of doc.warnings) {
    const [start, end] = warn.pos;
    const plain = firstLine(warn.message);
    if (warn.code === 'TAG_RESOLVE_FAILED') {
      add(start, `YAML: the tag ${current.slice(start, end) || plain} is not allowed`, 'ratsdeck reads plain data only; remove the tag');
    } else add(start, `YAML: ${plain}`, undefined, 'warning');
  }
  return doc;
}

/** "4, 9, 12 and 30 more": line numbers for a hint. */
function listLines(nos: readonly number[]): string {
  if (nos.length <= 5) return nos.length === 1 ? String(nos[0]) : `${nos.slice(0, -1).join(', ')} and ${nos[nos.length - 1]}`;
  return `${nos.slice(0, 4).join(', ')} and ${nos.length - 4} more`;
}

/**
 * The parser's first mistake in words. Only the first error and unclosed quotes (noticed at the
 * end of the text, opened before) are put into words: a lost parser reports thousands.
 */
function firstMistake(doc: Document.Parsed, text: string, toPos: (offset: number) => { line: number; col: number }): Described {
  let first = doc.errors[0]!;
  for (const e of doc.errors) if (e.pos[0] < first.pos[0]) first = e;
  let best = describe(first, doc, text, toPos);
  for (const e of doc.errors) {
    if (e === first || e.code !== 'MISSING_CHAR' || !/quote/i.test(e.message)) continue;
    const d = describe(e, doc, text, toPos);
    if (d.offset < best.offset) best = d;
  }
  return best;
}

/**
 * The line that causes an error the parser noticed on line `at`: a tab or a misplaced line at
 * or before it, with nothing less indented in between (else it is another part of the file).
 */
function causeBefore(anomalies: readonly Anomaly[], lines: readonly TextLine[], at: TextLine): Anomaly | undefined {
  for (const a of anomalies) {
    if (a.line.no > at.no) break;
    let connected = true;
    for (let i = a.line.no; i < at.no; i++) {
      const l = lines[i]!;
      if (l.structural && l.indent < a.line.indent) {
        connected = false;
        break;
      }
    }
    if (connected) return a;
  }
  return undefined;
}

/** One parser error in words, at the place of the mistake. */
function describe(err: YAMLError, doc: Document.Parsed, text: string, toPos: (offset: number) => { line: number; col: number }): Described {
  /** An offset at the start of an indented line points at its first character instead. */
  const firstNonSpace = (offset: number) => {
    let o = offset;
    const atLineStart = o === 0 || text[o - 1] === '\n';
    if (!atLineStart) return o;
    while (text[o] === ' ') o++;
    return text[o] === '\n' || o >= text.length ? offset : o;
  };
  const root = doc.contents as YamlNode | null;
  const [start, end] = err.pos;
  const plain = firstLine(err.message);
  const quoted = quoteHint(text, start, err.code, plain);
  if (quoted) return quoted;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return { offset: start, message: 'YAML syntax: a tab is used for indentation', hint: 'indent with spaces, not tabs' };
    case 'DUPLICATE_KEY': {
      const dup = findDuplicateKey(root, start);
      if (dup) {
        const first = toPos(dup.first);
        return { offset: start, message: `YAML syntax: duplicate key ${JSON.stringify(dup.key)}`, hint: `it is already set at line ${first.line}, column ${first.col}; a key may appear only once in a mapping` };
      }
      return { offset: start, message: 'YAML syntax: duplicate key', hint: 'a key may appear only once in a mapping' };
    }
    case 'RESOURCE_EXHAUSTION':
      return { offset: start, message: `YAML: the data is nested too deeply (more than ${MAX_DEPTH} levels)`, stop: 'all' };
    case 'MULTIPLE_DOCS':
      return { offset: start, message: 'YAML syntax: a file may hold only one YAML document', hint: 'remove the "---" line, or split the file in two', stop: 'rest' };
    case 'BAD_INDENT': {
      // An unclosed [ or { runs on into the next lines; the mistake is where it opens.
      const flow = /^Flow (sequence|map)/.exec(plain);
      if (flow) {
        const close = flow[1] === 'map' ? '}' : ']';
        const open = unclosedBracket(text, start, close === '}' ? '{' : '[');
        return {
          offset: open ?? start,
          message: `YAML syntax: the ${close === '}' ? '{ … }' : '[ … ]'} is never closed`,
          hint: `add the closing ${close} on the same line, or put the text in quotes if the ${close === '}' ? '{' : '['} belongs to it`,
        };
      }
      return { offset: firstNonSpace(start), message: `YAML syntax: ${plain}`, hint: INDENT_HINT };
    }
    case 'MISSING_CHAR':
      if (/quote/i.test(plain)) {
        // The parser notices at the end of the text; the mistake is where the quote opens.
        const open = findQuotedScalar(root, start);
        return { offset: open ?? start, message: 'YAML syntax: the quoted text is never closed', hint: `add the closing ${plain.includes("'") ? "'" : '"'} on the same line` };
      }
      if (/without - indicator/.test(plain)) {
        return { offset: firstNonSpace(start), message: 'YAML syntax: this line is indented like a list item but does not start with "- "', hint: INDENT_HINT };
      }
      if (/followed by map values/.test(plain)) return colonWithoutSpace(text, start) ?? { offset: start, message: 'YAML syntax: a key is missing its ":"', hint: 'write "key: value"' };
      return { offset: start, message: `YAML syntax: ${plain}` };
    case 'BLOCK_IN_FLOW': {
      // `{ label: Achtung: im Plan }`: the ": " inside the text starts a mapping of its own.
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const key = /([^\s{},[\]]+):[ \t]*$/.exec(text.slice(lineStart, start))?.[1];
      const valueEnd = /[,}\]\n]/.exec(text.slice(start));
      const value = text.slice(start, valueEnd ? start + valueEnd.index : text.length).trim();
      if (key && /:\s/.test(value)) {
        return {
          offset: start,
          message: 'YAML syntax: the text contains ": ", which YAML reads as the start of another key',
          hint: `put the text in quotes: ${key}: ${JSON.stringify(value)}`,
        };
      }
      return { offset: start, message: 'YAML syntax: inside [ … ] or { … } a value cannot be a list or a mapping written over lines', hint: 'put text that contains ": " or "- " in quotes' };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const noSpace = colonWithoutSpace(text, start);
      if (noSpace) return noSpace;
      // Either a line lacks its colon ("title x"), or the next line is indented too far and
      // reads as a continuation of the value above. Tell them apart by what stands before.
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const nl = text.indexOf('\n', start);
      if (/:\s/.test(text.slice(lineStart, start) + ' ') && nl >= 0 && nl < text.length - 1) {
        return { offset: firstNonSpace(nl + 1), message: 'YAML syntax: this line is indented further than the key above it', hint: INDENT_HINT };
      }
      if (end > start) return { offset: start, message: 'YAML syntax: a key is missing its ":"', hint: 'write "key: value"' };
      return { offset: start, message: `YAML syntax: ${plain}`, hint: INDENT_HINT };
    }
    default:
      return { offset: start, message: `YAML syntax: ${plain}` };
  }
}

/** `responsible:10-Hauptamt` at `start`: the colon is there, the space after it is not. */
function colonWithoutSpace(text: string, start: number): Described | undefined {
  const m = /^([A-Za-z_][\w.-]*):([^\s/:][^\n]*)/.exec(text.slice(start, start + 500));
  if (!m) return undefined;
  const [, key, value] = m as unknown as [string, string, string];
  return { offset: start, message: `YAML syntax: the ":" after "${key}" needs a space after it`, hint: `write "${key}: ${value.replace(/\r$/, '').trim()}"` };
}

/**
 * Text that YAML reads as something else because it is not in quotes: a ": " inside it (another
 * key), text after a closing quote or bracket, or a first character YAML reserves (@, `).
 */
function quoteHint(text: string, start: number, code: string, plain: string): Described | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const kv = /^(\s*(?:-\s+)?)((?:[^\s#'"\[\]{},:][^#]*?)):[ \t]+(.*?)\s*$/.exec(line);
  if (!kv) return undefined;
  const [, lead, key, value] = kv as unknown as [string, string, string, string];
  const valueAt = lineStart + lead.length + key.length + 1 + (line.slice(lead.length + key.length + 1).length - line.slice(lead.length + key.length + 1).trimStart().length);
  const asText = `${key}: ${value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value)}`;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /Nested mappings/.test(plain) && /:(\s|$)/.test(value.replace(/\s+#.*$/, '')) && !/^["'[{|>&!*]/.test(value)) {
    return { offset: valueAt, message: 'YAML syntax: the text contains ": ", which YAML reads as the start of another key', hint: `put the text in quotes: ${asText}` };
  }
  if (code === 'UNEXPECTED_TOKEN' && /at node end/.test(plain) && /^["'[{*&!]/.test(value) && start > valueAt) {
    const c = value[0]!;
    const READ: Record<string, string> = { '[': 'a list, and the text after "]"', '{': 'a mapping, and the text after "}"', '*': 'an alias (*name), and the text after it', '&': 'an anchor (&name), and the text after it', '!': 'a tag (!name), and the text after it' };
    const message =
      c === '"' || c === "'"
        ? 'YAML syntax: a value that starts with a quote ends at the closing quote, and the text after it does not fit'
        : `YAML syntax: a value that starts with "${c}" is read as ${READ[c]!} does not fit`;
    return { offset: start, message, hint: `put the whole text in quotes: ${asText}` };
  }
  if (code === 'BAD_SCALAR_START') {
    return { offset: start, message: `YAML syntax: a text cannot start with ${JSON.stringify(text[start] ?? '')} without quotes`, hint: `put the text in quotes: ${asText}` };
  }
  return undefined;
}

/** The [ or { before `offset` that is never closed: the last one opened and still open. */
function unclosedBracket(text: string, offset: number, open: '[' | '{'): number | undefined {
  const close = open === '[' ? ']' : '}';
  const stack: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if ((ch === '"' || ch === "'") && stack.length) quote = ch;
    else if (ch === open) stack.push(i);
    else if (ch === close) stack.pop();
  }
  return stack[0];
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
/**
 * A YAML text as its indentation shows it: which line is a list item or a key, how far it is
 * indented, where a tab stands in the indentation, and which line is indented unlike its
 * neighbours. The parser, once lost at such a line, reports every line after it in its own
 * terms ("a key is missing its ':'", "unexpected scalar"); this names the line and the cause.
 *
 * It reads lines, not YAML: it is only asked about a text the parser has refused, and only a
 * finding at or before the parser's first error is used (diagnose.ts).
 */

export interface TextLine {
  /** 1-based. */
  no: number;
  /** Offset of the line's first character. */
  start: number;
  /** Offset of the line's end (its "\r\n" or "\n", or the end of the text). */
  end: number;
  /** Leading spaces and tabs. */
  indent: number;
  /**
   * A line that YAML places by its indentation: not blank, not a comment, not inside a block
   * scalar (`|`, `>`) and not the continuation of a quoted text or of a `[ … ]` / `{ … }` over
   * several lines.
   */
  structural: boolean;
  /** `- …` a list item; `key: …` a key; anything else. */
  kind: 'item' | 'key' | 'other';
  /** For `- key: …`: the indentation of that key, where the item's other keys stand. */
  itemKey?: number;
  /** The key of the line (`key: …` or `- key: …`), for messages. */
  key?: string;
  /** The value continues on the lines below: `key:`, `- key:`, `-`, `key: |`. */
  opener: boolean;
  /** Offset of a tab that YAML would read as indentation. */
  tab?: number;
  /** A line of a block scalar indented less than its first line (which YAML takes as the end of the text). */
  blockDedent?: { first: number; firstLine: number; key?: string };
}

interface ScanState {
  quote: '"' | "'" | null;
  flow: number;
}

/** Follows quotes and `[ … ]` / `{ … }` through one piece of a line; stops at a comment. */
function scan(s: string, st: ScanState): void {
  let prev = ''; // the last non-space character outside quotes: is this the start of a value?
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (st.quote === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') st.quote = null;
      continue;
    }
    if (st.quote === "'") {
      if (ch === "'") {
        if (s[i + 1] === "'") i++;
        else st.quote = null;
      }
      continue;
    }
    if (ch === ' ' || ch === '\t') continue;
    if (ch === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return;
    const atValueStart = prev === '' || ':-,[{?'.includes(prev);
    if ((ch === '"' || ch === "'") && atValueStart) st.quote = ch;
    else if ((ch === '[' || ch === '{') && (atValueStart || st.flow > 0)) st.flow++;
    else if ((ch === ']' || ch === '}') && st.flow > 0) st.flow--;
    prev = ch;
  }
}

/**
 * The key at the start of `s` (`key: …`, `"a key": …`) and the length up to the value, or
 * undefined when `s` is not a key. A scan, not a regular expression: long lines of text
 * without a colon would make one backtrack.
 */
function keyAt(s: string): { key: string; length: number } | undefined {
  const c = s[0];
  if (c === undefined || '#[]{},!&*|>%@`'.includes(c)) return undefined;
  let i = 0;
  if (c === '"' || c === "'") {
    i = 1;
    for (; i < s.length; i++) {
      if (c === '"' && s[i] === '\\') i++;
      else if (s[i] === c) {
        if (c === "'" && s[i + 1] === "'") i++;
        else break;
      }
    }
    if (i >= s.length) return undefined;
    const key = s.slice(0, i + 1);
    i++;
    while (s[i] === ' ' || s[i] === '\t') i++;
    return s[i] === ':' && (i + 1 === s.length || s[i + 1] === ' ' || s[i + 1] === '\t') ? { key, length: i + 1 } : undefined;
  }
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '#' && (s[i - 1] === ' ' || s[i - 1] === '\t')) return undefined;
    if (ch === ':' && (i + 1 === s.length || s[i + 1] === ' ' || s[i + 1] === '\t')) {
      const key = s.slice(0, i).trimEnd();
      return key ? { key, length: i + 1 } : undefined;
    }
  }
  return undefined;
}

const BLOCK_HEADER = /^(?:[&!][^\s]*\s+)*[|>][1-9+-]{0,2}\s*(?:#.*)?$/;
const EMPTY_VALUE = /^(?:[&!][^\s]*\s*)*(?:#.*)?$/;

/** The lines of a text, classified for indentation. */
export function textLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  const st: ScanState = { quote: null, flow: 0 };
  let blockParent = -1;
  /** The first line of the block scalar's text, which sets its indentation. */
  let blockFirst: { indent: number; no: number } | undefined;
  let blockKey: string | undefined;
  let offset = 0;
  let no = 0;
  for (;;) {
    let nl = text.indexOf('\n', offset);
    if (nl < 0) nl = text.length;
    const end = nl > offset && text[nl - 1] === '\r' ? nl - 1 : nl;
    const line = text.slice(offset, end);
    no++;
    const lead = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(lead.length);
    const indent = lead.length;
    const t: TextLine = { no, start: offset, end, indent, structural: false, kind: 'other', opener: false };
    out.push(t);
    if (blockParent >= 0 && (rest === '' || indent > blockParent)) {
      // Inside a block scalar: its text, whatever it looks like.
      if (rest !== '') {
        if (!blockFirst) blockFirst = { indent, no };
        else if (indent < blockFirst.indent) t.blockDedent = { first: blockFirst.indent, firstLine: blockFirst.no, ...(blockKey ? { key: blockKey } : {}) };
      }
    } else if (st.quote || st.flow > 0) {
      blockParent = -1;
      scan(line, st);
    } else {
      blockParent = -1;
      blockFirst = undefined;
      if (rest !== '' && !rest.startsWith('#')) {
        analyse(t, lead, rest, st, (p) => {
          blockParent = p;
          blockKey = t.key;
        });
      }
    }
    if (nl >= text.length) break;
    offset = nl + 1;
  }
  return out;
}

function analyse(t: TextLine, lead: string, rest: string, st: ScanState, startBlock: (parent: number) => void): void {
  t.structural = true;
  const tabInLead = lead.indexOf('\t');
  if (tabInLead >= 0) t.tab = t.start + tabInLead;
  let body = rest;
  let col = t.indent;
  let parent = t.indent;
  if (/^-(?:[ \t]|$)/.test(rest)) {
    t.kind = 'item';
    const after = /^-([ \t]*)/.exec(rest)![1]!;
    const tabAfter = after.indexOf('\t');
    if (t.tab === undefined && tabAfter >= 0) t.tab = t.start + t.indent + 1 + tabAfter;
    body = rest.slice(1 + after.length);
    col = t.indent + 1 + after.length;
    if (EMPTY_VALUE.test(body)) {
      t.opener = true;
      return;
    }
    if (BLOCK_HEADER.test(body)) {
      t.opener = true;
      startBlock(t.indent);
      return;
    }
    if (/^-(?:[ \t]|$)/.test(body)) return; // `- - a`: a list in a list, rare enough to leave alone
  }
  const key = keyAt(body);
  if (key) {
    if (t.kind === 'item') t.itemKey = col;
    else t.kind = 'key';
    t.key = key.key;
    parent = col;
    const value = body.slice(key.length).trim();
    if (EMPTY_VALUE.test(value)) t.opener = true;
    else if (BLOCK_HEADER.test(value)) {
      t.opener = true;
      startBlock(parent);
    } else scan(value, st);
    return;
  }
  scan(body, st);
}

/** A line indented unlike its neighbours, or with a tab in its indentation, in words. */
export interface Anomaly {
  line: TextLine;
  offset: number;
  message: string;
  hint: string;
  /** Set for a tab in the indentation: its offset. */
  tab?: number;
}

const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;

/** Lines whose indentation does not fit the lines around them, in the order of the text. */
export function indentAnomalies(lines: readonly TextLine[]): Anomaly[] {
  const structural = lines.filter((l) => l.structural);
  const placed = structural.filter((l) => l.tab === undefined);
  const root = placed.length ? Math.min(...placed.map((l) => l.indent)) : 0;
  const next = new Map<TextLine, TextLine>();
  placed.forEach((l, i) => {
    if (i + 1 < placed.length) next.set(l, placed[i + 1]!);
  });
  const out: Anomaly[] = [];
  const stack: TextLine[] = [];
  const at = (l: TextLine) => l.start + Math.min(l.indent, l.end - l.start);
  const what = (l: TextLine) => (l.kind === 'item' ? 'list item' : l.kind === 'key' ? 'key' : 'line');
  /** `l` should stand at `target`, as `shown` does (its inline key when `byKey`). */
  const misplaced = (l: TextLine, target: number, shown: TextLine, byKey = false) => {
    const items = l.kind === 'item';
    const other = shown.kind === 'item' && !byKey ? 'the list item' : shown.key !== undefined ? `the key ${JSON.stringify(shown.key)}` : 'the line';
    out.push({
      line: l,
      offset: at(l),
      message: `YAML syntax: this ${what(l)} is indented ${spaces(l.indent)}, but ${other} on line ${shown.no} is ${target === 0 ? 'not indented' : `indented ${target}`}`,
      hint: `${items ? 'the "- " of all items of one list stand' : 'the keys of one mapping start'} in the same column: ${target === 0 ? 'remove the spaces before it' : `indent it ${spaces(target)}`}`,
    });
  };
  for (const l of lines) {
    if (l.blockDedent) {
      const b = l.blockDedent;
      out.push({
        line: l,
        offset: at(l),
        message: `YAML syntax: this line of the text${b.key ? ` after "${b.key}:"` : ''} is indented ${spaces(l.indent)}, less than its first line (line ${b.firstLine}, ${spaces(b.first)})`,
        hint: `indent every line of a "|" or ">" text at least as far as its first line: ${spaces(b.first)}`,
      });
      continue;
    }
    if (!l.structural) continue;
    if (l.tab !== undefined) {
      out.push({ line: l, offset: l.tab, tab: l.tab, message: 'YAML syntax: a tab is used for indentation', hint: 'indent with spaces, not tabs' });
      continue;
    }
    const i = l.indent;
    while (stack.length && stack[stack.length - 1]!.indent > i) stack.pop();
    const p = stack[stack.length - 1];
    if (!p) {
      if (i !== root) {
        out.push({
          line: l,
          offset: at(l),
          message: `YAML syntax: this ${what(l)} is indented ${spaces(i)}, but the top level of the file is ${root === 0 ? 'not indented' : `indented ${spaces(root)}`}`,
          hint: root === 0 ? 'remove the spaces before it' : `indent it ${spaces(root)}`,
        });
      }
    } else if (p.indent < i) {
      const c = next.get(p)!;
      if (p.kind === 'item' && p.itemKey !== undefined) {
        const k = p.itemKey;
        if (i < k) {
          if (l.kind === 'item') misplaced(l, p.indent, p);
          else if (c !== l && c.indent === k) misplaced(l, k, c);
          else misplaced(l, k, p, true);
        } else if (i > k) {
          if (c === l) {
            if (!p.opener) deeper(out, l, p, at(l));
          } else if (c.kind === l.kind) misplaced(l, c.indent, c);
          else misplaced(l, k, p, true);
        }
      } else if (c === l) {
        if (!p.opener) deeper(out, l, p, at(l));
      } else {
        // Between two levels. Lines indented under it that stand no deeper than `c` say it
        // belongs with `p`; else it goes with the lines of its own kind.
        const child = next.get(l);
        const hasChildren = child !== undefined && child.indent > i && l.opener;
        const target = hasChildren && child.indent <= c.indent ? p : c.kind === l.kind || p.kind !== l.kind ? c : p;
        misplaced(l, target.indent, target);
      }
    }
    while (stack.length && stack[stack.length - 1]!.indent >= i) stack.pop();
    stack.push(l);
  }
  return out;
}

function deeper(out: Anomaly[], l: TextLine, p: TextLine, offset: number): void {
  out.push({
    line: l,
    offset,
    message: `YAML syntax: this line is indented further than the ${p.key !== undefined ? 'key' : 'line'} above it (line ${p.no})`,
    hint: 'check the indentation: the keys of one mapping and the "- " items of one list start in the same column; a value that goes on over several lines needs | or quotes',
  });
}

/**
 * The text with the line and everything indented under it turned into spaces: the parser can
 * go on after a mistake without stumbling over it again. Offsets, and so positions, stay.
 */
export function blankBlock(text: string, lines: readonly TextLine[], line: TextLine, toEnd = false): { text: string; stop: number } {
  let stop = text.length;
  if (!toEnd) {
    for (let i = line.no; i < lines.length; i++) {
      const l = lines[i]!;
      const rest = text.slice(l.start + l.indent, l.end);
      if (rest !== '' && !rest.startsWith('#') && l.indent <= line.indent) {
        stop = l.start;
        break;
      }
    }
  }
  const blanked = text.slice(line.start, stop).replace(/[^\r\n]/g, ' ');
  return { text: text.slice(0, line.start) + blanked + text.slice(stop), stop };
}

/** The line that holds `offset` (binary search). */
export function lineAt(lines: readonly TextLine[], offset: number): TextLine {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]!;
}

/**
 * Leaks: no text of a `public: false` node may reach a public output, in any form (GemO RLP
 * §§ 35, 41; DOMAIN.md). The audience stage filters the data before rendering; this check
 * verifies the result from the outside, so that a custom template reading unfiltered data, a
 * new output file or a PDF bookmark cannot slip through unnoticed.
 *
 * Messages name the YAML position and the output file, never the leaked text itself: check
 * output ends up in CI logs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { SourcePos } from '../errors.js';
import { nameForms, wordRanges } from '../model/names.js';
import { formatPath, type PathSeg } from '../model/raw.js';
import { renderMarkdown } from '../render/markdown.js';
import type { At, CheckProblem, SourceMap } from './locate.js';

/** Strings shorter than this are too common to mean anything ("Nein", "2021"). */
export const MIN_MARKER_CHARS = 5;
/** Parts of a longer text searched on their own (a shortened description still leaks). */
const MIN_FRAGMENT_CHARS = 24;

export interface LeakMarker {
  /** Normalised texts to look for (the whole string and, for long ones, its sentences). */
  needles: string[];
  at: At;
  why: 'nonpublic' | 'consent';
  /**
   * A surname alone: looked for as a whole word, a warning (it may mean someone else), and not
   * where it is part of a name that may be shown (`except`).
   */
  surname?: { except: string[] };
}

/** Shortest surname looked for as a word ("Koch", not "Li"). */
const MIN_SURNAME_CHARS = 3;

export interface Corpus {
  /** Output file, relative to the output folder (forward slashes). */
  file: string;
  /** Normalised text of the file (or of one part of a PDF: text, bookmarks, metadata). */
  text: string;
  /** Which part of the file: "text", "bookmarks", "metadata", "file name". */
  part: string;
  /** For index.html: normalised text offsets where each slide (data-rd-source) starts. */
  slides?: { offset: number; number: number }[];
}

/** Lower case, one space for any run of white space, no soft hyphens, NFC. */
export function normalise(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\u00ad/g, '')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Markdown to the words a reader sees (**x** → x, [x](url) → x, list markers gone): rendered by
 * the renderer's own markdown-it, so that the check sees a text field as the deck shows it.
 */
export function plainText(s: string): string {
  return decodeEntities(visibleText(renderMarkdown(s))).trim();
}

/** ids, enum values, dates, numbers: not free text, and not secret (stderr names ids). */
function isKeyword(s: string): boolean {
  return !/\s/.test(s) && /^[\p{Ll}\d_.:/+-]+$/u.test(s);
}

const NOT_TEXT_KEYS = new Set(['id', 'public', 'consent', 'type', 'light', 'category', 'phase', 'status', 'kind', 'src', 'since', 'predecessor']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

interface Found {
  text: string;
  path: PathSeg[];
  secret: 'nonpublic' | 'consent' | false;
}

function walk(value: unknown, path: PathSeg[], secret: Found['secret'], out: Found[]): void {
  if (typeof value === 'string') {
    const key = path[path.length - 1];
    if (typeof key === 'string' && NOT_TEXT_KEYS.has(key)) return;
    out.push({ text: value, path, secret });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], secret, out));
    return;
  }
  if (!isObject(value)) return;
  const here = secret || (value.public === false ? 'nonpublic' : false);
  for (const [k, v] of Object.entries(value)) {
    // A member's name is personal data: shown only with consent (DOMAIN.md).
    const isMemberName = k === 'name' && path.includes('members') && value.consent !== true;
    walk(v, [...path, k], here || (isMemberName ? 'consent' : false), out);
  }
}

function needlesOf(text: string): string[] {
  const plain = normalise(plainText(text));
  if (plain.length < MIN_MARKER_CHARS) return [];
  const out = new Set([plain]);
  if (plain.length > MIN_FRAGMENT_CHARS * 2) {
    for (const part of plainText(text).split(/(?<=[.!?;:])\s+|\n+/)) {
      const n = normalise(part);
      if (n.length >= MIN_FRAGMENT_CHARS) out.add(n);
    }
  }
  return [...out];
}

/**
 * The texts of every `public: false` node (and of every member name shown without consent),
 * from the unfiltered deck data and the project's custom _data. Strings that a public node
 * holds verbatim are left out: they are public anyway.
 */
export function collectMarkers(
  src: SourceMap,
  extra?: { value: Record<string, unknown>; locate?: ((path: readonly PathSeg[]) => SourcePos | undefined) | undefined },
): LeakMarker[] {
  const found: Found[] = [];
  walk(src.value([]), [], false, found);
  const extraFound: Found[] = [];
  if (extra) walk(extra.value, [], false, extraFound);
  const publicTexts = [...found, ...extraFound].filter((f) => !f.secret).map((f) => normalise(plainText(f.text)));
  // Only a public node with the very same text makes it public (an Amt named in a public and a
  // non-public activity). Non-public text repeated inside a longer public text is reported:
  // the output then shows it, whatever field it came through.
  const publicSet = new Set(publicTexts);
  const isPublic = (n: string) => publicSet.has(n);
  const markers: LeakMarker[] = [];
  const add = (f: Found, at: At) => {
    if (!f.secret || isKeyword(f.text.trim())) return;
    const needles = needlesOf(f.text).filter((n) => !isPublic(n));
    if (needles.length) markers.push({ needles, at, why: f.secret });
  };
  for (const f of found) if (f.secret) add(f, src.at(f.path));
  // Surnames of members whose names may not be shown ("Herr Geheimnamer").
  const isMemberName = (p: PathSeg[]) => p[p.length - 1] === 'name' && p[p.length - 3] === 'members';
  const shown = found.filter((f) => !f.secret && isMemberName(f.path)).flatMap((f) => nameForms(f.text).full);
  for (const f of found) {
    if (!f.secret || !isMemberName(f.path)) continue;
    const forms = nameForms(f.text);
    const needles = forms.surname.filter((n) => n.length >= MIN_SURNAME_CHARS && !isPublic(n));
    // Inside the full name it is the error above, not also a warning.
    if (needles.length) markers.push({ needles, at: src.at(f.path), why: f.secret, surname: { except: [...shown, ...forms.full] } });
  }
  for (const f of extraFound) {
    if (!f.secret) continue;
    const pos = extra?.locate?.(f.path) ?? { file: src.file, line: 1, col: 1 };
    add(f, { ...pos, path: `data.${formatPath(f.path)}` });
  }
  return markers;
}

const TEXT_EXT = new Set(['.html', '.htm', '.json', '.css', '.js', '.mjs', '.txt', '.svg', '.xml', '.md', '.csv']);

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/** HTML to its text: scripts and styles out, a space where a block or a line ends, tags out (entities stay). */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/(p|li|h\d|td|th|div|dt|dd|tr|figcaption|caption|section)>/gi, ' ')
    .replace(/<[^>]+>/g, '');
}

/** The searchable parts of an HTML (or other text) file: the source as is, and its visible text. */
export function textCorpus(file: string, content: string): Corpus[] {
  const out: Corpus[] = [{ file, part: 'source', text: normalise(decodeEntities(content)) }];
  if (/\.html?$/i.test(file)) {
    // Tags out, attribute values (alt, title, aria-label, data-*) kept as text of their own.
    const attrs = [...content.matchAll(/\s[\w:-]+="([^"]*)"/g)].map((m) => m[1]).join(' \u2029 ');
    const visible = visibleText(content);
    const text = normalise(decodeEntities(visible));
    const slides: Corpus['slides'] = [];
    // Where each slide starts in the visible text, to say which slide leaks.
    const parts = content.split(/(?=<section\b[^>]*data-rd-source=)/);
    let offset = 0;
    for (const part of parts) {
      const id = /^<section\b[^>]*data-rd-number="(\d+)"/.exec(part);
      if (id) slides.push({ offset, number: Number(id[1]) });
      const t = normalise(decodeEntities(visibleText(part)));
      offset += t.length + 1;
    }
    out.push({ file, part: 'text', text, ...(slides.length ? { slides } : {}) });
    out.push({ file, part: 'attributes', text: normalise(decodeEntities(attrs)) });
  }
  return out;
}

/** Every file under `dir` (relative paths, forward slashes). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) rec(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  if (statSync(dir).isDirectory()) rec(dir);
  return out.sort();
}

/**
 * The text corpora of an output folder: file names, and the contents of text files. PDFs are
 * read by the caller (pdf.ts) and passed in as `pdfCorpora`.
 */
export function folderCorpora(dir: string, prefix = ''): Corpus[] {
  const out: Corpus[] = [];
  for (const rel of listFiles(dir)) {
    const name = `${prefix}${rel}`;
    // File names: compare letters and digits only (bundling turns spaces into _).
    out.push({ file: name, part: 'file name', text: normalise(rel.replace(/[^\p{L}\p{N}]+/gu, ' ')) });
    if (TEXT_EXT.has(extname(rel).toLowerCase())) {
      out.push(...textCorpus(name, readFileSync(join(dir, rel), 'utf8')));
    }
  }
  return out;
}

/** Looks for every marker in every corpus; one problem per marker, naming the files it leaked into. */
export function findLeaks(markers: LeakMarker[], corpora: Corpus[]): CheckProblem[] {
  const out: CheckProblem[] = [];
  for (const m of markers) {
    const hits = new Map<string, Set<string>>();
    for (const c of corpora) {
      for (const n of m.needles) {
        const needle = c.part === 'file name' ? n.replace(/[^\p{L}\p{N}]+/gu, ' ').trim() : n;
        if (needle.length < (m.surname ? MIN_SURNAME_CHARS : MIN_MARKER_CHARS)) continue;
        const i = m.surname ? surnameAt(c.text, needle, m.surname.except) : c.text.indexOf(needle);
        if (i < 0) continue;
        let where = c.part === 'source' || c.part === 'text' ? '' : c.part;
        if (c.slides) {
          const s = [...c.slides].reverse().find((x) => x.offset <= i);
          if (s) where = `slide ${s.number}`;
        }
        const set = hits.get(c.file) ?? new Set<string>();
        if (where) set.add(where);
        hits.set(c.file, set);
        break;
      }
    }
    if (!hits.size) continue;
    // A leaking file name is named by its folder only: the name itself is the leaked text.
    const shown = (f: string, w: Set<string>) => (w.has('file name') ? `${f.replace(/[^/]*$/, '') || './'} (a file name)` : w.size ? `${f} (${[...w].join(', ')})` : f);
    const files = [...new Set([...hits].map(([f, w]) => shown(f, w)))];
    if (m.surname) {
      out.push({
        ...m.at,
        severity: 'warning',
        check: 'leak',
        rule: 'rd-leak-surname',
        output: shown([...hits.keys()][0]!, [...hits.values()][0]!),
        message: `the surname of a member whose name may not be published (${m.why === 'consent' ? 'no consent: true' : 'public: false'}) appears in the public output: ${files.join('; ')}`,
        hint: 'if it means that person, remove the name from the text that shows it (the build names the text), or record the consent',
      });
      continue;
    }
    const what = m.why === 'consent' ? 'the name of a member who has not consented to its publication' : 'text of a non-public (public: false) entry';
    out.push({
      ...m.at,
      severity: 'error',
      check: 'leak',
      rule: m.why === 'consent' ? 'rd-leak-consent' : 'rd-leak',
      output: shown([...hits.keys()][0]!, [...hits.values()][0]!),
      message: `${what} appears in the public output: ${files.join('; ')}`,
      hint:
        m.why === 'consent'
          ? 'public builds show members without consent: true by affiliation only; look for a custom template that prints the name'
          : 'non-public data must never reach a public build: look for a custom template or _data file that shows it (public builds filter only the ratsdeck model, not data.* of custom templates)',
    });
  }
  return out;
}

/** The first whole-word occurrence of a surname that is not part of a name that may be shown; -1 if none. */
function surnameAt(text: string, surname: string, except: string[]): number {
  const excused = except.flatMap((f) => wordRanges(text, f));
  const hit = wordRanges(text, surname).find(([s, e]) => !excused.some(([cs, ce]) => cs <= s && ce >= e));
  return hit ? hit[0] : -1;
}

/**
 * PDF: is a printed slides PDF or handout accessible and complete (PDF/UA is the reference,
 * DOMAIN.md)? Tagged, language, title shown in the window bar, bookmarks, extractable text,
 * the expected number of pages. Reads the document catalog through the print stage's pdf-lib
 * owner (src/print/pdfdoc.ts) and the rest with pdf.js (text, bookmarks, metadata — also what
 * the leak check searches).
 */
import { readFileSync } from 'node:fs';
import { readPdfCatalog, type PdfCatalog } from '../print/index.js';
import type { Corpus } from './leaks.js';
import { normalise } from './leaks.js';
import type { CheckProblem, SourceMap } from './locate.js';

export interface PdfFacts extends PdfCatalog {
  bookmarks: string[];
  /** The text of each page, as pdf.js extracts it. */
  text: string[];
  /** Info dictionary and XMP strings (title, author, subject, keywords …). */
  metadata: string[];
}

/** Reads the facts the checks need from a PDF file. */
export async function readPdf(file: string): Promise<PdfFacts> {
  const bytes = new Uint8Array(readFileSync(file));
  const catalog = await readPdfCatalog(bytes);

  // pdf.js for text, bookmarks and metadata (legacy build: runs on Node 20).
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const pdf = await task.promise;
  try {
    const text: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const tc = await page.getTextContent();
      text.push(tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
      page.cleanup();
    }
    const titles: string[] = [];
    const walk = (items: { title: string; items: unknown[] }[] | null) => {
      for (const it of items ?? []) {
        titles.push(it.title);
        walk(it.items as { title: string; items: unknown[] }[]);
      }
    };
    walk((await pdf.getOutline()) as { title: string; items: unknown[] }[] | null);
    const meta = await pdf.getMetadata();
    const metadata: string[] = [];
    const info = (meta.info ?? {}) as Record<string, unknown>;
    for (const v of Object.values(info)) if (typeof v === 'string') metadata.push(v);
    const xmp = meta.metadata as { getAll?: () => Record<string, unknown> } | null;
    if (xmp?.getAll) for (const v of Object.values(xmp.getAll())) if (typeof v === 'string') metadata.push(v);
    return { ...catalog, bookmarks: titles, text, metadata };
  } finally {
    await pdf.destroy();
  }
}

export interface PdfExpectations {
  /** Output file name, relative to the output folder (for messages). */
  name: string;
  kind: 'slides' | 'handout';
  /** Exact page count (slides; handouts with N per page). */
  pages?: number;
  /** At least this many pages (the `notes` handout may run over). */
  minPages?: number;
  /** Slide titles that must be found in the text. */
  titles: string[];
  /** The handout layout, for messages. */
  layout?: string;
}

function squash(s: string): string {
  return normalise(s).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Judges a PDF's facts. Problems point at the deck's title / lang fields or the deck file. */
export function pdfProblems(f: PdfFacts, exp: PdfExpectations, src: SourceMap): CheckProblem[] {
  const out: CheckProblem[] = [];
  const add = (at: ReturnType<SourceMap['deck']>, severity: 'error' | 'warning', rule: string, message: string, hint: string) =>
    out.push({ ...at, severity, check: 'pdf', rule, output: exp.name, message: `${exp.name}: ${message}`, hint });
  const printed = 'print it again with ratsdeck (pdf or build --pdf), which asks Chromium for a tagged PDF';
  if (!f.tagged || !f.structTree) {
    add(src.deck(), 'error', 'rd-pdf-tagged', `the PDF is not tagged (${!f.tagged ? 'no /MarkInfo /Marked true' : ''}${!f.tagged && !f.structTree ? ', ' : ''}${!f.structTree ? 'no /StructTreeRoot' : ''}); screen readers cannot follow it`, printed);
  }
  if (!f.lang) add(src.top('lang'), 'error', 'rd-pdf-lang', 'the document language (/Lang) is not set', 'set lang: in ratsdeck.yaml or the deck and print again');
  if (!f.title?.trim()) add(src.top('title'), 'error', 'rd-pdf-title', 'the PDF has no document title (Info /Title)', 'set title: in the deck and print again');
  else if (!f.displayDocTitle) add(src.top('title'), 'warning', 'rd-pdf-title', 'the window bar shows the file name, not the title (/ViewerPreferences /DisplayDocTitle)', printed);
  if (!f.bookmarks.length && f.pages > 1) add(src.deck(), 'warning', 'rd-pdf-bookmarks', 'the PDF has no bookmarks', printed);
  if (f.fontsWithoutUnicode.length) {
    add(src.deck(), 'error', 'rd-pdf-text', `text in the fonts ${f.fontsWithoutUnicode.slice(0, 3).join(', ')} cannot be extracted (no /ToUnicode)`, 'use a font that ships with the theme (WOFF2 with a Unicode cmap), not an icon or symbol font for text');
  }
  const all = squash(f.text.join(' '));
  const missing = exp.titles.filter((t) => squash(t) && !all.includes(squash(t)));
  if (missing.length) {
    add(
      src.deck(),
      missing.length === exp.titles.length ? 'error' : 'warning',
      'rd-pdf-text',
      missing.length === exp.titles.length
        ? 'no slide title can be found in the PDF\'s text: its text is not extractable'
        : `${missing.length} slide title${missing.length === 1 ? '' : 's'} not found in the PDF's text (first: slide "${missing[0]!.slice(0, 60)}")`,
      'text drawn as an image or with a symbol font cannot be searched or read aloud',
    );
  }
  if (exp.pages !== undefined && f.pages !== exp.pages) {
    const per = exp.kind === 'handout' ? ` (${exp.titles.length} slides, layout ${exp.layout})` : '';
    add(
      src.deck(),
      'error',
      'rd-pdf-pages',
      `${f.pages} pages, expected ${exp.pages}${per}${f.pages > exp.pages ? ': some content spills onto extra pages' : ''}`,
      f.pages > exp.pages ? 'run ratsdeck check and fix the slides that do not fit; then print again' : 'print the deck again with ratsdeck',
    );
  } else if (exp.minPages !== undefined && f.pages < exp.minPages) {
    add(src.deck(), 'error', 'rd-pdf-pages', `${f.pages} pages, expected at least ${exp.minPages}`, 'print the deck again with ratsdeck');
  }
  return out;
}

/** A PDF's searchable parts for the leak check: its text, bookmarks and metadata. */
export function pdfCorpora(name: string, f: PdfFacts): Corpus[] {
  return [
    { file: name, part: 'text', text: normalise(f.text.join(' ')) },
    { file: name, part: 'bookmarks', text: normalise(f.bookmarks.join(' \u2029 ')) },
    { file: name, part: 'metadata', text: normalise([f.title ?? '', ...f.metadata].join(' \u2029 ')) },
  ];
}

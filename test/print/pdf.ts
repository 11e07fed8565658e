/**
 * Reading printed PDFs in tests, with the libraries ratsdeck already has (so `npm test` needs
 * nothing but Node.js): pdf.js for what a reader sees — the text of each page, page sizes, the
 * Info dictionary, the tag tree's headings — and pdf-lib for the document catalog (bookmarks,
 * XMP, fonts). The test code may import both directly: the owner rule (test/architecture.test.ts)
 * is about src/.
 */
import { readFileSync, statSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

export interface PdfPage {
  /** Width and height in points (1/72 in). */
  width: number;
  height: number;
  /** The text in content-stream order (how the page was drawn; keeps rotated text together). */
  raw: string;
  /** The text in reading order: lines from the top, each left to right. */
  text: string;
  /** The text of each H1–H6 element of the page's tag tree, in order. */
  headings: string[];
}

export interface PdfRead {
  pages: PdfPage[];
  /** Info dictionary entries (Title, Author, Subject, Keywords, Creator, Producer, CreationDate, ModDate) as strings. */
  info: Record<string, string>;
  /** Whether the catalog has an XMP /Metadata stream. */
  metadataStream: boolean;
}

const cache = new Map<string, Promise<PdfRead>>();

/** Reads a PDF with pdf.js (once per file version). */
export function readPdf(file: string): Promise<PdfRead> {
  const st = statSync(file);
  const key = `${file}\0${st.mtimeMs}\0${st.size}`;
  let p = cache.get(key);
  if (!p) {
    p = read(file);
    cache.set(key, p);
  }
  return p;
}

async function read(file: string): Promise<PdfRead> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent({ includeMarkedContent: true });
      // Text by marked-content id, for the tag tree.
      const byId = new Map<string, string>();
      const open: string[] = [];
      const items: TextItem[] = [];
      for (const it of content.items as (TextItem | { type: string; id?: string })[]) {
        if ('str' in it) {
          items.push(it);
          for (const id of open) byId.set(id, (byId.get(id) ?? '') + it.str + (it.hasEOL ? ' ' : ''));
        } else if (it.type === 'beginMarkedContentProps' || it.type === 'beginMarkedContent') {
          open.push(it.id ?? '');
        } else if (it.type === 'endMarkedContent') {
          open.pop();
        }
      }
      const headings: string[] = [];
      type Node = { role?: string; type?: string; id?: string; children?: Node[] };
      const textOf = (n: Node): string => (n.type === 'content' ? (byId.get(n.id ?? '') ?? '') : (n.children ?? []).map(textOf).join(' '));
      const walk = (n: Node | null) => {
        if (!n) return;
        if (n.role && /^H[1-6]$/.test(n.role)) headings.push(squash(textOf(n)));
        else for (const c of n.children ?? []) walk(c);
      };
      walk((await page.getStructTree()) as Node | null);
      pages.push({
        width: Math.round((x1 - x0) * 100) / 100,
        height: Math.round((y1 - y0) * 100) / 100,
        raw: contentOrder(items),
        text: readingOrder(items),
        headings,
      });
      page.cleanup();
    }
    const meta = await doc.getMetadata();
    const info: Record<string, string> = {};
    for (const [k, v] of Object.entries((meta.info ?? {}) as Record<string, unknown>)) if (typeof v === 'string') info[k] = v;
    return { pages, info, metadataStream: meta.metadata !== null };
  } finally {
    await doc.destroy();
  }
}

const fontSize = (it: TextItem) => Math.hypot(it.transform[2]!, it.transform[3]!) || it.height || 1;

/** The items as drawn; a line end, a jump to another line or a gap wider than a fifth of the font size becomes white space. */
function contentOrder(items: TextItem[]): string {
  let out = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    if (prev && !/\s$/.test(out) && !/^\s/.test(it.str)) {
      const size = Math.min(fontSize(prev), fontSize(it));
      const sameLine = Math.abs(prev.transform[5]! - it.transform[5]!) < size / 2;
      const gap = it.transform[4]! - (prev.transform[4]! + prev.width);
      if (prev.hasEOL) out += '\n';
      else if (!sameLine || Math.abs(gap) > size / 5) out += ' ';
    }
    out += it.str;
    if (it.str !== '' || it.hasEOL) prev = it;
  }
  return out;
}

/**
 * Lines from the top of the page, each left to right: items whose baselines lie within half a
 * line of each other form a line; a gap wider than a fifth of the font size becomes a space.
 */
function readingOrder(items: TextItem[]): string {
  const placed = items
    .filter((it) => it.str !== '')
    .map((it) => ({ it, x: it.transform[4]!, y: it.transform[5]!, size: fontSize(it) }));
  placed.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: (typeof placed)[] = [];
  for (const p of placed) {
    const line = lines.find((l) => Math.abs(l[0]!.y - p.y) < Math.min(l[0]!.size, p.size) / 2);
    if (line) line.push(p);
    else lines.push([p]);
  }
  return lines
    .map((l) => {
      l.sort((a, b) => a.x - b.x);
      let out = '';
      let end = -Infinity;
      for (const p of l) {
        if (out && p.x - end > p.size / 5 && !/\s$/.test(out) && !/^\s/.test(p.it.str)) out += ' ';
        out += p.it.str;
        end = p.x + p.it.width;
      }
      return out;
    })
    .join('\n');
}

export async function pageCount(file: string): Promise<number> {
  return (await readPdf(file)).pages.length;
}

/** The text of each page, in reading order (`raw`: in content-stream order). */
export async function pageTexts(file: string, opts: { raw?: boolean } = {}): Promise<string[]> {
  return (await readPdf(file)).pages.map((p) => (opts.raw ? p.raw : p.text));
}

/** The Info dictionary, with CreationDate and ModDate as ISO 8601 (`2021-05-20T00:00:00+02:00`). */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { info } = await readPdf(file);
  const out = { ...info };
  for (const k of ['CreationDate', 'ModDate']) if (out[k]) out[k] = isoDate(out[k]);
  return out;
}

/** `D:20210520000000+02'00'` → `2021-05-20T00:00:00+02:00`; `…Z` or `+00'00'` → `…Z`. */
export function isoDate(pdfDate: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:(Z)|([+-])(\d{2})'?(\d{2})'?)?$/.exec(pdfDate);
  if (!m) return pdfDate;
  const [, y, mo, d, h, mi, s, z, sign, oh, om] = m;
  const zone = z || !sign || (oh === '00' && om === '00') ? 'Z' : `${sign}${oh}:${om}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`;
}

/** The text of each H1–H6 element of the tag tree, page by page. */
export async function headings(file: string): Promise<string[]> {
  return (await readPdf(file)).pages.flatMap((p) => p.headings);
}

/** Text extraction breaks lines where the layout does: compare with whitespace collapsed. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface OutlineItem {
  title: string;
  /** 0-based page index of the destination. */
  page: number;
  depth: number;
}

function text(obj: unknown): string {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : '';
}

/** The bookmarks, depth first, with the page each one jumps to. */
export async function outline(file: string): Promise<OutlineItem[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const pages = doc.getPages().map((p) => p.ref.toString());
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const out: OutlineItem[] = [];
  const walk = (first: unknown, depth: number) => {
    let ref = first;
    while (ref instanceof PDFRef) {
      const item = doc.context.lookup(ref, PDFDict);
      const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const target = dest?.get(0);
      out.push({ title: text(item.lookup(PDFName.of('Title'))), page: target instanceof PDFRef ? pages.indexOf(target.toString()) : -1, depth });
      walk(item.get(PDFName.of('First')), depth + 1);
      ref = item.get(PDFName.of('Next'));
    }
  };
  if (root) walk(root.get(PDFName.of('First')), 0);
  return out;
}

/** The XMP packet in the catalog's /Metadata, as text. */
export async function xmp(file: string): Promise<string | undefined> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  return stream instanceof PDFRawStream ? new TextDecoder().decode(stream.getContents()) : undefined;
}

/** Catalog entries as pdf-lib sees them. */
export async function catalog(file: string): Promise<{ lang?: string; displayDocTitle: boolean; marked: boolean; structTree: boolean }> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const cat = doc.catalog;
  const prefs = cat.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  const mark = cat.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const lang = text(cat.lookup(PDFName.of('Lang')));
  return {
    ...(lang ? { lang } : {}),
    displayDocTitle: String(prefs?.get(PDFName.of('DisplayDocTitle'))) === 'true',
    marked: String(mark?.get(PDFName.of('Marked'))) === 'true',
    structTree: cat.has(PDFName.of('StructTreeRoot')),
  };
}

export interface PdfFont {
  /** /BaseFont without the subset tag. */
  name: string;
  /** /Subtype: Type0, TrueType, Type1, Type3 … */
  type: string;
  /** The font program is in the file (/FontFile, /FontFile2 or /FontFile3; Type3 glyphs always are). */
  embedded: boolean;
  /** Only the glyphs used are embedded (the `ABCDEF+` tag). */
  subset: boolean;
  /** A /ToUnicode map: its text can be extracted. */
  toUnicode: boolean;
}

/** Every font the pages use (their resources, form XObjects included), once each: what pdffonts lists. */
export async function fonts(file: string): Promise<PdfFont[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const ctx = doc.context;
  const dict = (o: PDFObject | undefined) => (o instanceof PDFRef ? ctx.lookup(o) : o) as PDFObject | undefined;
  const seen = new Set<PDFObject>();
  const out: PdfFont[] = [];
  const visitResources = (res: PDFObject | undefined) => {
    const r = dict(res);
    if (!(r instanceof PDFDict) || seen.has(r)) return;
    seen.add(r);
    const fontDict = dict(r.get(PDFName.of('Font')));
    if (fontDict instanceof PDFDict) {
      for (const [, ref] of fontDict.entries()) {
        const font = dict(ref);
        if (!(font instanceof PDFDict) || seen.has(font)) continue;
        seen.add(font);
        const base = String(font.get(PDFName.of('BaseFont')) ?? '/').slice(1);
        const type = String(font.get(PDFName.of('Subtype')) ?? '/').slice(1);
        const descendant = dict((dict(font.get(PDFName.of('DescendantFonts'))) as PDFArray | undefined)?.get(0));
        const descriptor = dict(((descendant instanceof PDFDict ? descendant : font) as PDFDict).get(PDFName.of('FontDescriptor')));
        const embedded =
          type === 'Type3' || (descriptor instanceof PDFDict && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k))));
        out.push({ name: base.replace(/^[A-Z]{6}\+/, ''), type, embedded, subset: /^[A-Z]{6}\+/.test(base), toUnicode: font.has(PDFName.of('ToUnicode')) });
        if (type === 'Type3') visitResources(font.get(PDFName.of('Resources')));
      }
    }
    const xobjects = dict(r.get(PDFName.of('XObject')));
    if (xobjects instanceof PDFDict) {
      for (const [, ref] of xobjects.entries()) {
        const x = dict(ref);
        if (x instanceof PDFRawStream && String(x.dict.get(PDFName.of('Subtype'))) === '/Form') visitResources(x.dict.get(PDFName.of('Resources')));
      }
    }
  };
  for (const page of doc.getPages()) visitResources(page.node.Resources());
  return out;
}

/**
 * Reading printed PDFs in tests: poppler's command-line tools (pdfinfo, pdftotext; installed
 * here and in CI) for what a reader sees, pdf-lib for the document catalog (bookmarks, XMP).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';

export function pdfinfo(file: string, ...args: string[]): Record<string, string> {
  const out = execFileSync('pdfinfo', [...args, file], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([A-Za-z ]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

export function pageCount(file: string): number {
  return Number(pdfinfo(file).Pages);
}

/**
 * The text of each page (pdftotext puts a form feed between pages). `raw`: in content-stream
 * order, which keeps rotated text (the ENTWURF mark) together.
 */
export function pageTexts(file: string, opts: { raw?: boolean } = {}): string[] {
  const out = execFileSync('pdftotext', [opts.raw ? '-raw' : '-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = out.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** pdftotext breaks lines where the layout does: compare with whitespace collapsed. */
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

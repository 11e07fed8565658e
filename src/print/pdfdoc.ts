/**
 * The PDF file itself, through pdf-lib: the only importer of pdf-lib (test/architecture.test.ts).
 * Writes the metadata, XMP and bookmarks into a PDF after Chromium printed it, and reads back
 * the document catalog for `ratsdeck check`.
 *
 * A PDF as Chromium prints it is updated incrementally (pdfupdate.ts): its bytes stay as they
 * are, the changed and new objects are appended. Any other PDF is re-saved whole by pdf-lib.
 * Both keep what Chromium wrote for accessibility: the structure tree (/StructTreeRoot,
 * /MarkInfo), /Lang, fonts and links — checked with `pdfinfo` ("Tagged: yes"), `pdfinfo
 * -struct` and `pdftotext` before and after (identical).
 */
import type { PDFArray, PDFDict, PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { keywordString, pdfDateString, xmpPacket, type PdfMetadata } from './metadata.js';
import type { Bookmark } from './outline.js';
import { hexText, isUnreadable, literalAscii, pdfText, PdfUpdate, readPrintedPdf, rewriteDict, type PrintedPdf } from './pdfupdate.js';

export interface FinishOptions {
  metadata: PdfMetadata;
  /** The outline to write; replaces whatever Chromium wrote. */
  bookmarks?: readonly Bookmark[];
  /** Fit each bookmark's page in the window (slides) instead of jumping to its position (handout). */
  fitPage?: boolean;
}

export interface FinishedPdf {
  bytes: Uint8Array;
  pages: number;
  /** Bookmarks whose element Chromium had no destination for (their fallback page was used). */
  missingDestinations: string[];
}

/**
 * Writes Info, XMP, language, window title preference and bookmarks into a PDF printed by
 * Chromium, and returns the new file. Everything else (tags, fonts, links) stays as it was.
 */
export async function finishPdf(input: Uint8Array, opts: FinishOptions): Promise<FinishedPdf> {
  const printed = readPrintedPdf(input);
  if (printed) {
    try {
      return updatePrinted(printed, opts);
    } catch (err) {
      if (!isUnreadable(err)) throw err;
    }
  }
  return resavePdf(input, opts);
}

/** A PDF string for text: literal when it is printable ASCII (a language tag), else UTF-16. */
const plainText = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? literalAscii(v) : hexText(v));

/** finishPdf as an incremental update of a PDF Chromium printed. */
function updatePrinted(pdf: PrintedPdf, opts: FinishOptions): FinishedPdf {
  const meta = opts.metadata;
  const up = new PdfUpdate(pdf);
  const catalogRef = pdf.catalogRef();
  const catalog = pdf.catalog();
  const pages = pdf.pages();
  const named = pdf.namedDestinations();

  // Info dictionary: the entries ratsdeck sets, the others (Producer) as Chromium wrote them.
  const infoRef = pdf.trailer.entries.get('Info');
  const info = pdf.dict(infoRef);
  const infoNum = infoRef?.t === 'ref' && infoRef.gen === 0 ? infoRef.num : up.newObject();
  const date = meta.date ? literalAscii(pdfDateString(meta.date)) : undefined;
  if (info && infoRef?.t === 'ref') up.blank(info);
  up.set(
    infoNum,
    rewriteDict(pdf, info, {
      Title: hexText(meta.title),
      ...(meta.author ? { Author: hexText(meta.author) } : {}),
      ...(meta.subject ? { Subject: hexText(meta.subject) } : {}),
      Keywords: hexText(keywordString(meta.keywords)),
      Creator: hexText(meta.creator),
      ...(date ? { CreationDate: date, ModDate: date } : {}),
    }),
  );

  // XMP, uncompressed so that archive tools and search indexers can read it.
  const xmp = up.newObject();
  up.stream(xmp, '/Type /Metadata /Subtype /XML', new TextEncoder().encode(xmpPacket(meta, pdfText(info?.entries.get('Producer')))));

  const set: Record<string, string> = { Metadata: `${xmp} 0 R` };
  // Language (Chromium writes it from <html lang>; set it if a custom layout dropped it).
  if (!catalog.entries.has('Lang') && meta.lang) set.Lang = plainText(meta.lang);
  // Show the title, not the file name, in the window bar (PDF/UA-1, 7.1).
  set.ViewerPreferences = rewriteDict(pdf, pdf.dict(catalog.entries.get('ViewerPreferences')), { DisplayDocTitle: 'true' });

  // Bookmarks.
  const missing: string[] = [];
  if (opts.bookmarks && opts.bookmarks.length && pages.length) {
    const destFor = (b: Bookmark): string => {
      const pageRef = pdf.raw(pages[Math.min(Math.max(b.page, 0), pages.length - 1)]!);
      const found = named.get(b.dest);
      if (!found) missing.push(b.dest);
      if (opts.fitPage) return `[${found?.items[0] ? pdf.raw(found.items[0]) : pageRef} /Fit]`;
      return found ? pdf.raw(found) : `[${pageRef} /Fit]`;
    };
    const root = up.newObject();
    const writeLevel = (list: readonly Bookmark[], parent: number): { first: number; last: number; count: number } => {
      const nums = list.map(() => up.newObject());
      let count = 0;
      list.forEach((b, i) => {
        const entries = [`/Title ${hexText(b.title)}`, `/Parent ${parent} 0 R`, `/Dest ${destFor(b)}`];
        if (i > 0) entries.push(`/Prev ${nums[i - 1]} 0 R`);
        if (i < list.length - 1) entries.push(`/Next ${nums[i + 1]} 0 R`);
        if (b.children.length) {
          const sub = writeLevel(b.children, nums[i]!);
          // Positive: the section is open, its slides are listed.
          entries.push(`/First ${sub.first} 0 R`, `/Last ${sub.last} 0 R`, `/Count ${sub.count}`);
          count += sub.count;
        }
        count += 1;
        up.set(nums[i]!, `<<${entries.join('\n')}>>`);
      });
      return { first: nums[0]!, last: nums[nums.length - 1]!, count };
    };
    const top = writeLevel(opts.bookmarks, root);
    up.set(root, `<</Type /Outlines /First ${top.first} 0 R /Last ${top.last} 0 R /Count ${top.count}>>`);
    set.Outlines = `${root} 0 R`;
    set.PageMode = '/UseOutlines';
  }

  up.set(catalogRef.num, rewriteDict(pdf, catalog, set));
  const bytes = up.bytes({ Root: `${catalogRef.num} 0 R`, Info: `${infoNum} 0 R` });
  return { bytes, pages: pages.length, missingDestinations: missing };
}

/** finishPdf by re-saving the whole file with pdf-lib: for PDFs that are not as Chromium writes them. */
async function resavePdf(input: Uint8Array, opts: FinishOptions): Promise<FinishedPdf> {
  const lib = await import('pdf-lib');
  const { PDFDocument, PDFName, PDFHexString, PDFString, PDFDict, PDFArray, PDFNumber, PDFBool } = lib;
  // Without pauses: by default pdf-lib waits for a timer tick (at least 1 ms) after every 100
  // objects it parses and every 50 it writes, a tenth of a second or more per tagged PDF.
  const doc: PDFDocument = await PDFDocument.load(input, { updateMetadata: false, parseSpeed: Infinity });
  const ctx = doc.context;
  const meta = opts.metadata;
  const catalog = doc.catalog;

  // Info dictionary.
  const infoRef = ctx.trailerInfo.Info;
  let info = infoRef ? ctx.lookupMaybe(infoRef, PDFDict) : undefined;
  if (!info) {
    info = ctx.obj({});
    ctx.trailerInfo.Info = ctx.register(info);
  }
  const producerObj = info.lookup(PDFName.of('Producer'));
  const producer =
    producerObj instanceof PDFString || producerObj instanceof PDFHexString ? producerObj.decodeText() : undefined;
  const text = (v: string) => PDFHexString.fromText(v);
  info.set(PDFName.of('Title'), text(meta.title));
  if (meta.author) info.set(PDFName.of('Author'), text(meta.author));
  if (meta.subject) info.set(PDFName.of('Subject'), text(meta.subject));
  info.set(PDFName.of('Keywords'), text(keywordString(meta.keywords)));
  info.set(PDFName.of('Creator'), text(meta.creator));
  if (meta.date) {
    const d = PDFString.of(pdfDateString(meta.date));
    info.set(PDFName.of('CreationDate'), d);
    info.set(PDFName.of('ModDate'), d);
  }

  // XMP, uncompressed so that archive tools and search indexers can read it.
  const packet = new TextEncoder().encode(xmpPacket(meta, producer));
  const xmpStream = ctx.stream(packet, { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), ctx.register(xmpStream));

  // Language (Chromium writes it from <html lang>; set it if a custom layout dropped it).
  if (!catalog.has(PDFName.of('Lang')) && meta.lang) catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));

  // Show the title, not the file name, in the window bar (PDF/UA-1, 7.1).
  let prefs = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (!prefs) {
    prefs = ctx.obj({});
    catalog.set(PDFName.of('ViewerPreferences'), prefs);
  }
  prefs.set(PDFName.of('DisplayDocTitle'), PDFBool.True);

  // Bookmarks.
  const pages = doc.getPages().map((p) => p.ref);
  const missing: string[] = [];
  if (opts.bookmarks && opts.bookmarks.length && pages.length) {
    const named = namedDestinations(doc, lib);
    const destFor = (b: Bookmark): PDFArray => {
      const pageRef = pages[Math.min(Math.max(b.page, 0), pages.length - 1)]!;
      if (opts.fitPage) {
        const found = named.get(b.dest);
        const ref = found ? (found.get(0) as PDFRef) : pageRef;
        if (!found) missing.push(b.dest);
        return ctx.obj([ref, PDFName.of('Fit')]) as PDFArray;
      }
      const found = named.get(b.dest);
      if (found) return found;
      missing.push(b.dest);
      return ctx.obj([pageRef, PDFName.of('Fit')]) as PDFArray;
    };
    const rootRef = ctx.nextRef();
    const writeLevel = (list: readonly Bookmark[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
      const refs = list.map(() => ctx.nextRef());
      let count = 0;
      list.forEach((b, i) => {
        const dict: Record<string, PDFObject> = {
          Title: text(b.title),
          Parent: parent,
          Dest: destFor(b),
        };
        if (i > 0) dict.Prev = refs[i - 1]!;
        if (i < list.length - 1) dict.Next = refs[i + 1]!;
        if (b.children.length) {
          const sub = writeLevel(b.children, refs[i]!);
          dict.First = sub.first;
          dict.Last = sub.last;
          // Positive: the section is open, its slides are listed.
          dict.Count = PDFNumber.of(sub.count);
          count += sub.count;
        }
        count += 1;
        ctx.assign(refs[i]!, ctx.obj(dict));
      });
      return { first: refs[0]!, last: refs[refs.length - 1]!, count };
    };
    const top = writeLevel(opts.bookmarks, rootRef);
    ctx.assign(rootRef, ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: PDFNumber.of(top.count) }));
    catalog.set(PDFName.of('Outlines'), rootRef);
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  const bytes = await doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { bytes, pages: pages.length, missingDestinations: missing };
}

/** The catalog's /Dests dictionary (PDF 1.1 named destinations, which Chromium writes). */
function namedDestinations(doc: PDFDocument, lib: typeof import('pdf-lib')): Map<string, PDFArray> {
  const { PDFName, PDFDict, PDFArray } = lib;
  const out = new Map<string, PDFArray>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return out;
  for (const [key, value] of dests.entries()) {
    const v = doc.context.lookup(value);
    const arr = v instanceof PDFArray ? v : v instanceof PDFDict ? v.lookupMaybe(PDFName.of('D'), PDFArray) : undefined;
    if (arr) out.set(key.decodeText(), arr);
  }
  return out;
}


/** What the document catalog says about accessibility, as `ratsdeck check` reads it back. */
export interface PdfCatalog {
  pages: number;
  /** /MarkInfo /Marked true. */
  tagged: boolean;
  structTree: boolean;
  lang?: string;
  title?: string;
  displayDocTitle: boolean;
  /** Fonts without a /ToUnicode map (their text cannot be copied or read aloud reliably). */
  fontsWithoutUnicode: string[];
}

/** Reads the catalog facts of a PDF (any PDF, not only one ratsdeck wrote). */
export async function readPdfCatalog(bytes: Uint8Array): Promise<PdfCatalog> {
  const { PDFDocument, PDFName, PDFDict, PDFBool, PDFString, PDFHexString } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const cat = doc.catalog;
  const dict = (d: PDFDict | undefined, key: string) => d?.lookupMaybe(PDFName.of(key), PDFDict);
  const markInfo = dict(cat, 'MarkInfo');
  const marked = markInfo?.lookup(PDFName.of('Marked'));
  const langObj = cat.lookup(PDFName.of('Lang'));
  const lang = langObj instanceof PDFString || langObj instanceof PDFHexString ? langObj.decodeText() : undefined;
  const prefs = dict(cat, 'ViewerPreferences');
  const ddt = prefs?.lookup(PDFName.of('DisplayDocTitle'));

  const noUnicode = new Set<string>();
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    if (!fonts) continue;
    for (const [name, ref] of fonts.entries()) {
      const font = fonts.context.lookupMaybe(ref, PDFDict);
      if (!font) continue;
      // Composite fonts (Type0, Identity-H: what Chromium embeds) map glyph ids to nothing
      // readable without /ToUnicode. Simple fonts with a standard encoding do not need one.
      if (String(font.lookup(PDFName.of('Subtype'))) !== '/Type0') continue;
      if (!font.has(PDFName.of('ToUnicode'))) {
        const base = font.lookup(PDFName.of('BaseFont'));
        noUnicode.add(base ? String(base).replace(/^\/(\w{6}\+)?/, '') : name.toString());
      }
    }
  }
  const title = doc.getTitle();
  return {
    pages: doc.getPageCount(),
    tagged: marked instanceof PDFBool && marked.asBoolean(),
    structTree: cat.has(PDFName.of('StructTreeRoot')),
    ...(lang ? { lang } : {}),
    ...(title ? { title } : {}),
    displayDocTitle: ddt instanceof PDFBool && ddt.asBoolean(),
    fontsWithoutUnicode: [...noUnicode],
  };
}

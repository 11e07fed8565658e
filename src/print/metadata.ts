/**
 * Document metadata, XMP and bookmarks, written into the PDF after Chromium printed it.
 *
 * pdf-lib re-saves the whole file. That keeps what Chromium wrote for accessibility: the
 * structure tree (/StructTreeRoot, /MarkInfo), /Lang, fonts and links — checked with
 * `pdfinfo` ("Tagged: yes"), `pdfinfo -struct` and `pdftotext` before and after (identical).
 * Chromium writes no XMP (DOMAIN.md); PDF/UA and archive readers look for it.
 */
import type { PDFArray, PDFDict, PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { flattenBookmarks, type Bookmark } from './outline.js';

/** What the metadata is made from: the audience-selected deck and its view. */
export interface DocumentInfo {
  title: string;
  /** Document language, e.g. `de`. */
  lang: string;
  city?: string | undefined;
  committee?: string | undefined;
  committeeShort?: string | undefined;
  /** The session date as shown, e.g. 20.05.2021. */
  sessionDate?: string | undefined;
  agendaItem?: string | undefined;
  paperReference?: string | undefined;
  /** The responsible Amt (paper.author). */
  author?: string | undefined;
  /** The Betreff (paper.subject). */
  subject?: string | undefined;
  /** YYYY-MM-DD: the deck's date, else the session date (the creation date of the PDF). */
  date?: string | undefined;
  nonpublic: boolean;
  /** Labels in the deck's language: "TOP", "NICHTÖFFENTLICH". */
  labels: { agendaItem: string; nonpublic: string };
}

export interface PdfMetadata {
  title: string;
  author?: string | undefined;
  subject?: string | undefined;
  keywords: string[];
  /** "ratsdeck 0.1.0". */
  creator: string;
  lang: string;
  /** Creation and modification date; undefined keeps the date Chromium wrote. */
  date?: PdfDate | undefined;
  nonpublic: boolean;
  /** For non-public documents: the confidentiality note written into the XMP. */
  note?: string | undefined;
}

/** A moment with the UTC offset it is shown in. */
export interface PdfDate {
  /** Milliseconds since the epoch. */
  ms: number;
  /** Minutes east of UTC (120 for CEST). */
  offsetMinutes: number;
}

export const NONPUBLIC_KEYWORD = 'nichtöffentlich';

const NOTES = {
  de: 'Nichtöffentlich: vertraulicher Inhalt aus dem nichtöffentlichen Teil der Sitzung (§§ 20, 35 GemO). Nicht veröffentlichen oder weitergeben.',
  en: 'Non-public: confidential content from the non-public part of the session. Do not publish or pass on.',
} as const;

/**
 * The metadata of a printed deck. The creation date is SOURCE_DATE_EPOCH when set (reproducible
 * builds), else the deck's date at midnight in Berlin, so that printing the same deck twice
 * gives the same metadata.
 */
export function pdfMetadata(info: DocumentInfo, opts: { version: string; sourceDateEpoch?: string | undefined }): PdfMetadata {
  const keywords = [
    info.committee,
    info.committeeShort && info.committeeShort !== info.committee ? info.committeeShort : undefined,
    info.sessionDate,
    info.agendaItem ? `${info.labels.agendaItem} ${info.agendaItem}` : undefined,
    info.paperReference,
    'ratsdeck',
    info.nonpublic ? NONPUBLIC_KEYWORD : undefined,
  ].filter((k): k is string => k !== undefined && k.trim() !== '');
  const author = info.author ?? info.city;
  return {
    // The mark goes into the title too: viewers show it in the window bar.
    title: info.nonpublic ? `${info.title} – ${info.labels.nonpublic}` : info.title,
    ...(author ? { author } : {}),
    ...(info.subject ? { subject: info.subject } : {}),
    keywords,
    creator: `ratsdeck ${opts.version}`,
    lang: info.lang,
    date: documentDate(info.date, opts.sourceDateEpoch),
    nonpublic: info.nonpublic,
    ...(info.nonpublic ? { note: info.lang === 'en' ? NOTES.en : NOTES.de } : {}),
  };
}

/** SOURCE_DATE_EPOCH (seconds, UTC) wins; else YYYY-MM-DD at 00:00 Europe/Berlin. */
export function documentDate(isoDate: string | undefined, sourceDateEpoch: string | undefined): PdfDate | undefined {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch.trim())) {
    return { ms: Number(sourceDateEpoch.trim()) * 1000, offsetMinutes: 0 };
  }
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return undefined;
  const utcMidnight = Date.parse(`${isoDate}T00:00:00Z`);
  // Local midnight is UTC midnight minus the offset in force then; the clocks change at night
  // (2 or 3 am), so look the offset up again at the moment found.
  let offset = berlinOffsetMinutes(utcMidnight);
  offset = berlinOffsetMinutes(utcMidnight - offset * 60_000);
  return { ms: utcMidnight - offset * 60_000, offsetMinutes: offset };
}

function berlinOffsetMinutes(ms: number): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function localParts(d: PdfDate): string[] {
  const t = new Date(d.ms + d.offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return [p(t.getUTCFullYear(), 4), p(t.getUTCMonth() + 1), p(t.getUTCDate()), p(t.getUTCHours()), p(t.getUTCMinutes()), p(t.getUTCSeconds())];
}

/** D:20210520000000+02'00' (PDF 32000-1, 7.9.4). */
export function pdfDateString(d: PdfDate): string {
  const [y, mo, da, h, mi, s] = localParts(d);
  if (d.offsetMinutes === 0) return `D:${y}${mo}${da}${h}${mi}${s}Z`;
  const sign = d.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(d.offsetMinutes);
  return `D:${y}${mo}${da}${h}${mi}${s}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}'${String(abs % 60).padStart(2, '0')}'`;
}

/** 2021-05-20T00:00:00+02:00 (XMP, ISO 8601). */
export function xmpDateString(d: PdfDate): string {
  const [y, mo, da, h, mi, s] = localParts(d);
  if (d.offsetMinutes === 0) return `${y}-${mo}-${da}T${h}:${mi}:${s}Z`;
  const sign = d.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(d.offsetMinutes);
  return `${y}-${mo}-${da}T${h}:${mi}:${s}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The keywords as one string (Info /Keywords and pdf:Keywords). */
export function keywordString(keywords: readonly string[]): string {
  return keywords.join('; ');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Namespace of ratsdeck's own XMP properties. */
export const RATSDECK_XMP_NS = 'urn:ratsdeck:xmp:1.0/';

/** The XMP packet (ISO 16684-1) with Dublin Core, XMP basic, PDF and, if non-public, rights. */
export function xmpPacket(meta: PdfMetadata, producer: string | undefined): string {
  const alt = (v: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${xml(v)}</rdf:li>${meta.lang ? `<rdf:li xml:lang="${xml(meta.lang)}">${xml(v)}</rdf:li>` : ''}</rdf:Alt>`;
  const lines: string[] = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(meta.title)}</dc:title>`,
  ];
  if (meta.author) lines.push(`<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (meta.subject) lines.push(`<dc:description>${alt(meta.subject)}</dc:description>`);
  if (meta.keywords.length) {
    lines.push(`<dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${xml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
  }
  if (meta.lang) lines.push(`<dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>`);
  lines.push(`<pdf:Keywords>${xml(keywordString(meta.keywords))}</pdf:Keywords>`);
  if (producer) lines.push(`<pdf:Producer>${xml(producer)}</pdf:Producer>`);
  lines.push(`<xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>`);
  if (meta.date) {
    const d = xmpDateString(meta.date);
    lines.push(`<xmp:CreateDate>${d}</xmp:CreateDate>`, `<xmp:ModifyDate>${d}</xmp:ModifyDate>`, `<xmp:MetadataDate>${d}</xmp:MetadataDate>`);
  }
  if (meta.nonpublic) {
    lines.push('<xmpRights:Marked>True</xmpRights:Marked>');
    if (meta.note) lines.push(`<xmpRights:UsageTerms>${alt(meta.note)}</xmpRights:UsageTerms>`);
    lines.push(`<rd:Audience>${NONPUBLIC_KEYWORD}</rd:Audience>`);
    if (meta.note) lines.push(`<rd:Note>${xml(meta.note)}</rd:Note>`);
  }
  return [
    // The BOM in begin="" is part of the format: it tells readers the packet's encoding.
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ...(meta.nonpublic ? ['  xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"', `  xmlns:rd="${RATSDECK_XMP_NS}"`] : []),
    '>',
    ...lines.map((l) => `  ${l}`),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    // Room to edit the packet in place, as the XMP specification recommends.
    ...Array.from({ length: 8 }, () => ' '.repeat(99)),
    '<?xpacket end="w"?>',
  ].join('\n');
}

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
  const lib = await import('pdf-lib');
  const { PDFDocument, PDFName, PDFHexString, PDFString, PDFDict, PDFArray, PDFNumber, PDFBool } = lib;
  const doc: PDFDocument = await PDFDocument.load(input, { updateMetadata: false });
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

  const bytes = await doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false });
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

/** The bookmark titles, depth first: for tests and --debug. */
export function bookmarkTitles(list: readonly Bookmark[]): string[] {
  return flattenBookmarks(list).map((b) => b.title);
}

/**
 * Document metadata and XMP for the PDFs, as plain data and strings: what pdfdoc.ts writes
 * into the file after Chromium printed it. Chromium writes no XMP (DOMAIN.md); PDF/UA and
 * archive readers look for it.
 */
import { berlinOffsetMinutes } from '../model/berlin.js';
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
  /** A draft (`--draft`). */
  draft?: boolean | undefined;
  /** Labels in the deck's language: "TOP", "NICHTÖFFENTLICH", "Entwurf". */
  labels: { agendaItem: string; nonpublic: string; draft?: string | undefined };
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
    info.draft ? draftWord(info) : undefined,
  ].filter((k): k is string => k !== undefined && k.trim() !== '');
  const author = info.author ?? info.city;
  // The marks go into the title too: viewers show it in the window bar.
  const marks = [info.nonpublic ? info.labels.nonpublic : undefined, info.draft ? draftWord(info) : undefined].filter(Boolean);
  return {
    title: [info.title, ...marks].join(' – '),
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

function draftWord(info: DocumentInfo): string {
  return info.labels.draft ?? (info.lang === 'en' ? 'Draft' : 'Entwurf');
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

/** The bookmark titles, depth first: for tests and --debug. */
export function bookmarkTitles(list: readonly Bookmark[]): string[] {
  return flattenBookmarks(list).map((b) => b.title);
}

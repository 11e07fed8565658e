/**
 * Whatever a server sends, as small typed objects (shared/oparl/README.md, "Quirks the importer
 * must survive"). The kind comes from the last path segment of `type` (1.0 and 1.1 alike);
 * a field may hold an embedded object or its URL (a `Link`), a single value where the spec
 * wants a list, or a placeholder ("", "N/A") where it has nothing; dates carry broken offsets
 * (`+01::00`) or times where dates belong. Texts lose line breaks, control characters and
 * stray spaces. Unknown keys (vendor fields such as `STERNBERG:…`) are ignored. Pure.
 */
import { berlinClock } from '../model/berlin.js';

export type Kind = 'System' | 'Body' | 'Organization' | 'Meeting' | 'AgendaItem' | 'Paper' | 'Consultation' | 'File' | 'Location' | 'Person';

/** An object given by its URL, or embedded. */
export type Link<T> = string | T;

/** A date and time as written in Europe/Berlin. */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, when the value had a time. */
  time?: string;
}

interface Base {
  /** The object's identity as the server writes it (may differ from where it answered). */
  id?: string;
  web?: string;
}

export interface OSystem extends Base {
  kind: 'System';
  bodyList?: string;
}
export interface OBody extends Base {
  kind: 'Body';
  name?: string;
  shortName?: string;
  organizationList?: string;
  meetingList?: string;
}
export interface OOrganization extends Base {
  kind: 'Organization';
  name?: string;
  shortName?: string;
  organizationType?: string;
  classification?: string;
  /** The URL of its list of meetings. */
  meetingList?: string;
  startDate?: string;
  endDate?: string;
}
export interface OLocation extends Base {
  kind: 'Location';
  description?: string;
  room?: string;
  streetAddress?: string;
  postalCode?: string;
  locality?: string;
}
export interface OFile extends Base {
  kind: 'File';
  name?: string;
  fileName?: string;
  mimeType?: string;
  accessUrl?: string;
  downloadUrl?: string;
}
export interface OPerson extends Base {
  kind: 'Person';
  name?: string;
}
export interface OAgendaItem extends Base {
  kind: 'AgendaItem';
  /** The number as the RIS shows it ("Ö 4", "10.1", "A"): a label, not a position. */
  number?: string;
  name?: string;
  order?: number;
  public?: boolean;
  meeting?: string;
  consultation?: Link<OConsultation>;
  result?: string;
  resolutionText?: string;
}
export interface OMeeting extends Base {
  kind: 'Meeting';
  name?: string;
  start?: LocalDateTime;
  end?: LocalDateTime;
  cancelled?: boolean;
  meetingState?: string;
  location?: Link<OLocation>;
  /** The first is the lead committee. */
  organizations: Link<OOrganization>[];
  /** In the order the agenda has them (sorted by `order` where every item has one). */
  agendaItems: Link<OAgendaItem>[];
  /** Some servers give the agenda as the URL of a list instead. */
  agendaItemList?: string;
}
export interface OConsultation extends Base {
  kind: 'Consultation';
  paper?: Link<OPaper>;
  agendaItem?: Link<OAgendaItem>;
  meeting?: Link<OMeeting>;
  organizations: Link<OOrganization>[];
  authoritative?: boolean;
  role?: string;
}
export interface OPaper extends Base {
  kind: 'Paper';
  reference?: string;
  name?: string;
  date?: string;
  paperType?: string;
  relatedPapers: Link<OPaper>[];
  underDirectionOf: Link<OOrganization>[];
  consultations: Link<OConsultation>[];
  files: Link<OFile>[];
}

export type OObject = OSystem | OBody | OOrganization | OMeeting | OAgendaItem | OConsultation | OPaper | OFile | OLocation | OPerson;
export type ObjectOf<K extends Kind> = Extract<OObject, { kind: K }>;

/** What normalising noticed and repaired (a broken offset, an unreadable date). */
export type Notice = (message: string) => void;

const KINDS = new Set<string>(['System', 'Body', 'Organization', 'Meeting', 'AgendaItem', 'Paper', 'Consultation', 'File', 'Location', 'Person']);

// ---------------------------------------------------------------------------------------------
// Values

const PLACEHOLDERS = new Set(['', 'n/a', 'n.a.', 'n. a.', '-', '--']);

/** A one-line text: control characters, line breaks and runs of spaces become one space; placeholders nothing. */
export function cleanText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return PLACEHOLDERS.has(s.toLowerCase()) ? undefined : s;
}

/** A longer text (a resolution): paragraphs kept, everything else as in cleanText. */
export function cleanParagraphs(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const paras = v
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => cleanText(p.replace(/\n/g, ' ')))
    .filter((p): p is string => p !== undefined);
  return paras.length ? paras.join('\n\n') : undefined;
}

/** An http(s) URL as written (its identity), or undefined for anything else ("", "N/A", javascript:). */
export function cleanUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(s)) return undefined;
  try {
    new URL(s);
    return s;
  } catch {
    return undefined;
  }
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A list where the spec wants one, whatever came: an array, a single value, nothing. */
function many(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  return [v];
}

function realDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A date or date-time as Europe/Berlin sees it. `+01::00`, `+0100` and `+01` are read as
 * `+01:00`; a time without an offset is taken as written (local time); one with an offset is
 * shown in Berlin time, which for a Berlin server is the time written in `start`, not UTC.
 */
export function parseDateTime(v: unknown, notice?: Notice): LocalDateTime | undefined {
  const s = cleanText(v);
  if (s === undefined) return undefined;
  const fixed = s.replace(/([+-]\d{2}):{2,}(\d{2})$/, '$1:$2').replace(/(T[\d:.,]+)([+-]\d{2})(\d{2})$/, '$1$2:$3').replace(/(T[\d:.,]+)([+-]\d{2})$/, '$1$2:00');
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:\d{2})?)?$/.exec(fixed);
  if (!m) {
    notice?.(`unreadable date "${s}" left out`);
    return undefined;
  }
  if (fixed !== s) notice?.(`malformed time-zone offset in "${s}" read as "${fixed}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!realDate(y, mo, d)) {
    notice?.(`impossible date "${s}" left out`);
    return undefined;
  }
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return { date };
  const [h, mi] = [Number(m[4]), Number(m[5])];
  if (h > 23 || mi > 59) {
    notice?.(`impossible time in "${s}": only the date is used`);
    return { date };
  }
  if (m[7] === undefined) return { date, time: `${m[4]}:${m[5]}` };
  const offset = m[7] === 'Z' ? 0 : (m[7].startsWith('-') ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4, 6)));
  const instant = Date.UTC(y, mo - 1, d, h, mi, Number(m[6] ?? 0)) - offset * 60_000;
  return berlinClock(instant);
}

/** Only the date of a date or date-time (Bonn's file dates and legislative terms are date-times). */
export function parseDate(v: unknown, notice?: Notice): string | undefined {
  return parseDateTime(v, notice)?.date;
}

// ---------------------------------------------------------------------------------------------
// Objects

/** The kind from the last path segment of `type`: `…/1.0/Meeting` and `…/1.1/Meeting` alike. */
export function kindOf(v: unknown): Kind | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const t = (v as { type?: unknown }).type;
  if (typeof t !== 'string') return undefined;
  const last = t.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? '';
  return KINDS.has(last) ? (last as Kind) : undefined;
}

/** A deleted object, or the stub of one (`{id, deleted: true}` without `type`) that some servers put into lists. */
export function isDeleted(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as { deleted?: unknown }).deleted === true;
}

type Raw = Record<string, unknown>;

function base(r: Raw): Base {
  const b: Base = {};
  const id = cleanUrl(r.id);
  if (id) b.id = id;
  const web = cleanUrl(r.web);
  if (web) b.web = web;
  return b;
}

/** Drops the keys whose value is undefined, so objects compare and print cleanly. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * A field that may hold an object or its URL. An embedded object is normalised as the kind
 * the field holds (it need not say its type); deleted ones and placeholders are dropped.
 */
function link<K extends Kind>(v: unknown, kind: K, notice?: Notice, parent?: { key: string; id?: string }): Link<ObjectOf<K>> | undefined {
  if (typeof v === 'string') return cleanUrl(v);
  if (!v || typeof v !== 'object' || Array.isArray(v) || isDeleted(v)) return undefined;
  const k = kindOf(v) ?? kind;
  if (k !== kind) return undefined;
  return normaliseAs(v as Raw, kind, notice, parent);
}

function links<K extends Kind>(v: unknown, kind: K, notice?: Notice, parent?: { key: string; id?: string }): Link<ObjectOf<K>>[] {
  return many(v)
    .map((x) => link(x, kind, notice, parent))
    .filter((x): x is Link<ObjectOf<K>> => x !== undefined);
}

/**
 * An object as the given kind (the caller checked `type`, or the field says what it holds).
 * `parent` fills a missing back-reference: a Consultation embedded in a Paper has no `paper`.
 */
export function normaliseAs<K extends Kind>(r: Raw, kind: K, notice?: Notice, parent?: { key: string; id?: string }): ObjectOf<K> {
  const back = (key: string, v: unknown) => (v !== undefined ? v : parent?.key === key ? parent.id : undefined);
  const o = normaliseKind(r, kind, notice, back);
  return compact(o) as ObjectOf<K>;
}

function normaliseKind(r: Raw, kind: Kind, notice: Notice | undefined, back: (key: string, v: unknown) => unknown): OObject {
  const b = base(r);
  const child = (key: string) => ({ key, ...(b.id ? { id: b.id } : {}) });
  switch (kind) {
    case 'System':
      return { kind, ...b, bodyList: cleanUrl(r.body) };
    case 'Body':
      return { kind, ...b, name: cleanText(r.name), shortName: cleanText(r.shortName), organizationList: cleanUrl(r.organization), meetingList: cleanUrl(r.meeting) };
    case 'Organization':
      return {
        kind,
        ...b,
        name: cleanText(r.name),
        shortName: cleanText(r.shortName),
        organizationType: cleanText(r.organizationType),
        classification: cleanText(r.classification),
        meetingList: cleanUrl(r.meeting),
        startDate: parseDate(r.startDate, notice),
        endDate: parseDate(r.endDate, notice),
      };
    case 'Location':
      return {
        kind,
        ...b,
        description: cleanText(r.description),
        room: cleanText(r.room),
        streetAddress: cleanText(r.streetAddress),
        postalCode: cleanText(r.postalCode),
        locality: cleanText(r.locality),
      };
    case 'File':
      return { kind, ...b, name: cleanText(r.name), fileName: cleanText(r.fileName), mimeType: cleanText(r.mimeType), accessUrl: cleanUrl(r.accessUrl), downloadUrl: cleanUrl(r.downloadUrl) };
    case 'Person':
      return { kind, ...b, name: cleanText(r.name) };
    case 'AgendaItem': {
      const meeting = back('meeting', r.meeting);
      return {
        kind,
        ...b,
        number: cleanText(typeof r.number === 'number' ? String(r.number) : r.number),
        name: cleanText(r.name),
        order: num(r.order),
        public: bool(r.public),
        meeting: typeof meeting === 'string' ? cleanUrl(meeting) : cleanUrl((meeting as Raw | undefined)?.id),
        consultation: link(r.consultation, 'Consultation', notice, child('agendaItem')),
        result: cleanText(r.result),
        // 1.0 calls it `resolution`, 1.1 `resolutionText`.
        resolutionText: cleanParagraphs(r.resolutionText ?? r.resolution),
      };
    }
    case 'Meeting': {
      const list = typeof r.agendaItem === 'string' ? cleanUrl(r.agendaItem) : undefined;
      const items = (list ? [] : many(r.agendaItem))
        .map((x) => link(x, 'AgendaItem', notice, child('meeting')))
        .filter((x): x is Link<OAgendaItem> => x !== undefined);
      const ordered = items.every((x) => typeof x === 'object' && x.order !== undefined)
        ? [...items].sort((x, y) => (x as OAgendaItem).order! - (y as OAgendaItem).order!)
        : items;
      return {
        kind,
        ...b,
        name: cleanText(r.name),
        start: parseDateTime(r.start, notice),
        end: parseDateTime(r.end, notice),
        cancelled: bool(r.cancelled),
        meetingState: cleanText(r.meetingState),
        location: link(r.location, 'Location', notice),
        organizations: links(r.organization, 'Organization', notice),
        agendaItems: ordered,
        agendaItemList: list,
      };
    }
    case 'Consultation':
      return {
        kind,
        ...b,
        paper: link(back('paper', r.paper), 'Paper', notice),
        agendaItem: link(back('agendaItem', r.agendaItem), 'AgendaItem', notice),
        meeting: link(back('meeting', r.meeting), 'Meeting', notice),
        organizations: links(r.organization, 'Organization', notice),
        authoritative: bool(r.authoritative),
        role: cleanText(r.role),
      };
    case 'Paper':
      return {
        kind,
        ...b,
        reference: cleanText(r.reference),
        name: cleanText(r.name),
        date: parseDate(r.date, notice),
        paperType: cleanText(r.paperType),
        relatedPapers: links(r.relatedPaper, 'Paper', notice),
        underDirectionOf: links(r.underDirectionOf, 'Organization', notice),
        consultations: links(r.consultation, 'Consultation', notice, child('paper')),
        files: [...links(r.mainFile, 'File', notice), ...links(r.auxiliaryFile, 'File', notice)],
      };
  }
}

/** Any object: its kind from `type`, or undefined when it has none ratsdeck reads. */
export function normalise(v: unknown, notice?: Notice): OObject | undefined {
  const kind = kindOf(v);
  if (!kind) return undefined;
  return normaliseAs(v as Raw, kind, notice);
}

/** The id of a link: the URL itself, or the embedded object's id. */
export function linkId(l: Link<{ id?: string }> | undefined): string | undefined {
  return typeof l === 'string' ? l : l?.id;
}

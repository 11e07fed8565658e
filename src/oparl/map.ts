/**
 * From normalised OParl objects to the deck's words: which committee of ratsdeck.yaml an
 * Organization is, which agenda item `--top 4` means, whether a TOP is public, what a session
 * and a Gremienweg row say. Pure; the fetching is in facts.ts.
 */
import { isNonpublicAgendaNumber } from '../model/agenda.js';
import { PaperReference, RESULTS, type Session } from '../model/entities.js';
import type { LocalDateTime, OAgendaItem, OLocation, OMeeting, OOrganization } from './normalise.js';

/** A committee of ratsdeck.yaml, as far as matching needs it. */
export interface CommitteeRef {
  id: string;
  name?: string;
  shortName?: string;
  oparl?: string;
}

/** Two OParl ids for the same object: scheme, case of the host and a trailing slash aside. */
export function sameOparlId(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const norm = (s: string) => {
    try {
      const u = new URL(s);
      return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    } catch {
      return s;
    }
  };
  return norm(a) === norm(b);
}

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('de-DE').replace(/\s+/g, ' ').trim();

export function committeeByOparl(committees: CommitteeRef[], id: string | undefined): CommitteeRef | undefined {
  return id ? committees.find((c) => sameOparlId(c.oparl, id)) : undefined;
}

/** The committee whose name or short name is the Organization's (when exactly one is). */
export function committeeByName(committees: CommitteeRef[], org: Pick<OOrganization, 'name' | 'shortName'>): CommitteeRef | undefined {
  const names = [org.name, org.shortName].filter((x): x is string => !!x).map(fold);
  if (!names.length) return undefined;
  const hits = committees.filter((c) => [c.name, c.shortName].some((n) => n !== undefined && names.includes(fold(n))));
  return hits.length === 1 ? hits[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// The agenda

export interface AgendaEntry {
  item: OAgendaItem;
  /** A section header sent as an item ("A", "Öffentliche Sitzung"): never a TOP of its own. */
  header: boolean;
  public: boolean;
}

const SECTION = /^(?:[A-Z]\s*[.:)-]?\s*)?(?:öffentliche[rs]?|nicht\s*-?\s*öffentliche[rs]?)\s+(?:sitzung|teil|sitzungsteil)\b/iu;
const NONPUBLIC_SECTION = /nicht\s*-?\s*öffentlich/iu;

function isHeader(item: OAgendaItem): boolean {
  if (item.consultation !== undefined) return false;
  if (item.name && SECTION.test(item.name)) return true;
  return !item.name && !!item.number && /^[A-Z]$/.test(item.number);
}

/**
 * The agenda with its headers marked and each item's public flag: `public` where the RIS sends
 * it; else non-public under a "Nichtöffentliche Sitzung" header or with an N number; else public.
 */
export function agendaOf(items: OAgendaItem[]): AgendaEntry[] {
  let sectionPublic: boolean | undefined;
  return items.map((item) => {
    if (isHeader(item)) {
      sectionPublic = !NONPUBLIC_SECTION.test(item.name ?? '');
      return { item, header: true, public: sectionPublic };
    }
    const nonpublicNumber = item.number !== undefined && isNonpublicAgendaNumber(item.number);
    const pub = item.public ?? (nonpublicNumber ? false : sectionPublic ?? true);
    return { item, header: false, public: pub };
  });
}

const normTop = (s: string) =>
  s
    .normalize('NFC')
    .replace(/^\s*TOP\s*/iu, '')
    .replace(/\s+/g, ' ')
    .replace(/[.:]\s*$/, '')
    .trim()
    .toLocaleLowerCase('de-DE')
    // "N4" and "N 4" are the same number.
    .replace(/^(nö|noe|ö|n)\s*(?=\d)/u, '$1 ');
const bareTop = (s: string) => normTop(s).replace(/^(?:ö|n|nö|noe)\s*/u, '');

/** The agenda item `top` names: its number as the RIS shows it, or the same without Ö/N. */
export function findTop(entries: AgendaEntry[], top: string): { match?: AgendaEntry; ambiguous: AgendaEntry[] } {
  const items = entries.filter((e) => !e.header && e.item.number !== undefined);
  const exact = items.filter((e) => normTop(e.item.number!) === normTop(top));
  if (exact.length === 1) return { match: exact[0], ambiguous: [] };
  if (exact.length > 1) return { ambiguous: exact };
  const bare = items.filter((e) => bareTop(e.item.number!) === bareTop(top));
  if (bare.length === 1) return { match: bare[0], ambiguous: [] };
  return { ambiguous: bare };
}

// ---------------------------------------------------------------------------------------------
// Values

/** A result in ratsdeck's spelling when it is one of the known ones ("Geändert beschlossen"), else as sent. */
export function resultText(s: string | undefined): string | undefined {
  if (!s) return undefined;
  return RESULTS.find((r) => fold(r) === fold(s)) ?? s;
}

/** Where the session is: room and street, else the Location's description. */
export function locationText(l: OLocation | undefined): string | undefined {
  if (!l) return undefined;
  const parts = [l.room, l.streetAddress, l.streetAddress ? [l.postalCode, l.locality].filter(Boolean).join(' ') : undefined].filter((x): x is string => !!x);
  return parts.length ? parts.join(', ') : l.description;
}

/** The meeting's name when it is one ("4. Sitzung des Finanzausschusses"), not a file number ("SI/0507/20"). */
export function meetingName(m: OMeeting): string | undefined {
  return m.name && /\p{L}{3,}\s/u.test(m.name) ? m.name : undefined;
}

/** Whether a text can stand as a Vorlage number in the deck. */
export function validReference(s: string | undefined): s is string {
  return s !== undefined && PaperReference.safeParse(s).success;
}

export function sessionOf(opts: {
  committee: string;
  meeting?: OMeeting;
  start: LocalDateTime;
  location?: string;
  entry?: AgendaEntry;
}): Session {
  const s: Session = { committee: opts.committee, date: opts.start.date };
  const name = opts.meeting && meetingName(opts.meeting);
  if (name) s.name = name;
  if (opts.start.time) s.time = opts.start.time;
  if (opts.location) s.location = opts.location;
  if (opts.entry?.item.number) s.agendaItem = opts.entry.item.number;
  s.public = opts.entry ? opts.entry.public : true;
  if (opts.entry?.item.id) s.oparl = opts.entry.item.id;
  return s;
}

/**
 * A deck's session and paper from an OParl object: a Meeting (with `--top`), an AgendaItem, a
 * Consultation or a Paper. Follows the links that are needed (AgendaItem → Consultation → Paper,
 * the Gremienweg's meetings and agenda items, the lead Amt) and nothing else. What cannot be
 * had (a 404, a committee that is not in ratsdeck.yaml) is left out with a warning, except
 * what the deck cannot do without: the session's committee and date (exit 2 with what to do).
 */
import { ExitCode, RatsdeckError } from '../errors.js';
import type { Consultation, Paper, Session } from '../model/entities.js';
import {
  agendaOf,
  committeeByName,
  committeeByOparl,
  findTop,
  locationText,
  resultText,
  sessionOf,
  validReference,
  type AgendaEntry,
  type CommitteeRef,
} from './map.js';
import { linkId, type Link, type LocalDateTime, type OAgendaItem, type OConsultation, type OMeeting, type OObject, type OOrganization, type OPaper } from './normalise.js';
import type { OparlReader } from './reader.js';

export interface FactsOptions {
  committees: CommitteeRef[];
  /** `--top`: the agenda item of a Meeting, by its number as the RIS shows it. */
  top?: string;
  /** `--committee`: the session's committee instead of the meeting's (and picks a Paper's consultation). */
  committee?: string;
  /** `--date`: the session date instead of the meeting's (and picks a Paper's consultation). */
  date?: string;
  /** `--time`: the session time instead of the meeting's. */
  time?: string;
  warn(line: string): void;
}

export interface DeckFacts {
  session?: Session;
  paper?: Paper;
  /** A title for a deck written from nothing: the Betreff, else the TOP's or the meeting's name. */
  title?: string;
  /** The OParl objects the facts came from. */
  from: { meeting?: string; agendaItem?: string; paper?: string };
}

const usage = (message: string, hint?: string) => new RatsdeckError(message, { exitCode: ExitCode.USAGE, ...(hint ? { hint } : {}) });

const IMPORT_HINT = 'run ratsdeck import committees to add the Gremien of the council information system to ratsdeck.yaml (with their oparl: URLs), or give --committee <id>';

class Assembler {
  private readonly committeeMemo = new Map<string, Promise<{ id?: string; label: string }>>();
  constructor(
    private readonly reader: OparlReader,
    private readonly o: FactsOptions,
  ) {}

  /** The ratsdeck committee an Organization is: by its `oparl:` URL, else by name or short name. */
  committeeOf(l: Link<OOrganization> | undefined): Promise<{ id?: string; label: string }> {
    if (l === undefined) return Promise.resolve({ label: 'no committee' });
    const key = linkId(l) ?? JSON.stringify(l);
    let p = this.committeeMemo.get(key);
    if (!p) {
      p = (async () => {
        const byUrl = committeeByOparl(this.o.committees, linkId(l));
        if (byUrl) return { id: byUrl.id, label: byUrl.name ?? byUrl.id };
        const org = await this.reader.tryGet(l, 'Organization', `the committee ${linkId(l) ?? ''}`.trim());
        const label = org?.name ? `"${org.name}"${org.id ? ` (${org.id})` : ''}` : linkId(l) ?? 'an unnamed committee';
        const byName = org && committeeByName(this.o.committees, org);
        return byName ? { id: byName.id, label } : { label };
      })();
      this.committeeMemo.set(key, p);
    }
    return p;
  }

  /** The agenda item `--top` names, among a meeting's items (fetched where they are URLs). */
  async pickEntry(meeting: OMeeting): Promise<AgendaEntry | undefined> {
    const items: OAgendaItem[] = [];
    for (const l of meeting.agendaItems) {
      const it = await this.reader.tryGet(l, 'AgendaItem', 'an agenda item of the meeting');
      if (it) items.push(it);
    }
    if (!items.length && meeting.agendaItemList) {
      const listed = await this.reader.list(meeting.agendaItemList, 'AgendaItem');
      const ordered = listed.every((x) => x.order !== undefined) ? [...listed].sort((x, y) => x.order! - y.order!) : listed;
      // Their back-reference is this meeting, said or not.
      items.push(...ordered.map((x) => (x.meeting ? x : { ...x, ...(meeting.id ? { meeting: meeting.id } : {}) })));
    }
    const entries = agendaOf(items);
    const numbers = entries.filter((e) => !e.header && e.item.number).map((e) => e.item.number!);
    const where = meeting.id ?? 'the meeting';
    if (this.o.top === undefined) {
      if (numbers.length) this.o.warn(`no --top given: the deck is for the whole meeting; its agenda items are ${numbers.join(', ')}`);
      return undefined;
    }
    if (!entries.length) {
      this.o.warn(`${where} lists no agenda items in the council information system: TOP ${this.o.top} is taken as given, without a Vorlage`);
      return undefined;
    }
    const { match, ambiguous } = findTop(entries, this.o.top);
    if (match) return match;
    if (ambiguous.length) {
      throw usage(`--top ${this.o.top}: ${ambiguous.length} agenda items of ${where} have that number (${ambiguous.map((e) => e.item.number).join(', ')})`, 'give the number exactly as the RIS shows it, e.g. "Ö 4"');
    }
    throw usage(`--top ${this.o.top}: no agenda item of ${where} has that number`, numbers.length ? `its agenda items are ${numbers.join(', ')}` : 'the meeting has no numbered agenda items');
  }

  /** The entry of an agenda item given by itself, with the header-aware public flag when its meeting lists it. */
  entryOf(item: OAgendaItem, meeting: OMeeting | undefined): AgendaEntry {
    const embedded = meeting?.agendaItems.filter((x): x is OAgendaItem => typeof x === 'object');
    if (embedded?.length && item.id) {
      const found = agendaOf(embedded).find((e) => e.item.id === item.id);
      if (found) return { ...found, item };
    }
    return agendaOf([item])[0]!;
  }

  /** The consultation of a Paper that is this deck's session: the only one, or the one --committee/--date pick. */
  async pickConsultation(paper: OPaper): Promise<OConsultation | undefined> {
    const all: { c: OConsultation; committee?: string; label: string; date?: string }[] = [];
    for (const l of paper.consultations) {
      const c = await this.reader.tryGet(l, 'Consultation', 'a consultation of the Vorlage');
      if (!c) continue;
      const com = await this.committeeOf(c.organizations[0]);
      const meeting = c.meeting !== undefined ? await this.reader.tryGet(c.meeting, 'Meeting', 'the meeting of a consultation') : undefined;
      all.push({ c, label: com.id ?? com.label, ...(com.id ? { committee: com.id } : {}), ...(meeting?.start ? { date: meeting.start.date } : {}) });
    }
    const ofCommittee = all.filter((x) => this.o.committee === undefined || x.committee === this.o.committee);
    let picked = ofCommittee.filter((x) => this.o.date === undefined || x.date === this.o.date);
    const list = all.map((x) => `${x.label}${x.date ? ` on ${x.date}` : ''}`).join('; ');
    // A consultation whose meeting could not be read has no date to contradict --date (the
    // hint "give --date" is what brought the user here): the only such one is the session.
    const undated = ofCommittee.filter((x) => x.date === undefined);
    if (!picked.length && this.o.date !== undefined && undated.length === 1) {
      picked = undated;
      this.o.warn(`the date of the consultation of ${undated[0]!.label} is not known in the council information system: the session is on --date ${this.o.date}`);
    }
    if (picked.length === 1) return picked[0]!.c;
    if (!all.length) {
      this.o.warn(`${paper.id ?? 'the Vorlage'} has no Gremienweg in the council information system: the session comes from --committee and --date`);
      return undefined;
    }
    if (this.o.committee === undefined && this.o.date === undefined) {
      throw usage(`the Vorlage ${paper.reference ?? paper.id ?? ''} is on the agenda of ${all.length} committees: ${list}`.replace(/ {2,}/g, ' '), 'pick the session with --committee <id> and/or --date YYYY-MM-DD');
    }
    if (!picked.length) {
      this.o.warn(`no consultation of the Vorlage matches ${[this.o.committee, this.o.date].filter(Boolean).join(' on ')}${list ? ` (it has: ${list})` : ''}: the session comes from the flags`);
      return undefined;
    }
    throw usage(`${picked.length} consultations of the Vorlage match: ${list}`, 'give both --committee and --date');
  }

  async consultation(c: OConsultation, current: AgendaEntry | undefined): Promise<Consultation | undefined> {
    const meeting = c.meeting !== undefined ? await this.reader.tryGet(c.meeting, 'Meeting', 'the meeting of a consultation') : undefined;
    const orgLink = c.organizations[0] ?? meeting?.organizations[0];
    const com = await this.committeeOf(orgLink);
    if (!com.id) {
      this.o.warn(`Gremienweg: the consultation of ${com.label} is left out: that committee is not in ratsdeck.yaml (ratsdeck import committees adds it)`);
      return undefined;
    }
    const itemId = linkId(c.agendaItem);
    const item =
      current && itemId && current.item.id === itemId
        ? current.item
        : c.agendaItem !== undefined
          ? await this.reader.tryGet(c.agendaItem, 'AgendaItem', 'the agenda item of a consultation')
          : undefined;
    const entry = item && (current?.item === item ? current : this.entryOf(item, meeting));
    const out: Consultation = { committee: com.id };
    if (meeting?.start) out.date = meeting.start.date;
    if (entry?.item.number) out.agendaItem = entry.item.number;
    out.public = entry ? entry.public : true;
    if (c.role) out.role = c.role;
    if (c.authoritative !== undefined) out.authoritative = c.authoritative;
    const result = resultText(item?.result);
    if (result) out.result = result;
    if (c.id) out.oparl = c.id;
    return out;
  }

  async paper(p: OPaper, fallbackSubject: string | undefined, current: AgendaEntry | undefined, via: OConsultation | undefined): Promise<Paper | undefined> {
    const where = p.id ?? 'the Vorlage';
    if (!validReference(p.reference)) {
      this.o.warn(p.reference === undefined ? `${where} has no number (reference): the deck gets no paper` : `${where}: "${p.reference}" cannot stand as a Vorlage number: the deck gets no paper`);
      return undefined;
    }
    const subject = p.name ?? fallbackSubject;
    if (!p.name) this.o.warn(`${where} has no Betreff (name)${fallbackSubject ? ': the agenda item\'s name is used' : ': its number is used'}`);
    const paper: Paper = { reference: p.reference, subject: subject ?? p.reference };
    if (p.paperType) paper.paperType = p.paperType;
    const related: NonNullable<Paper['relatedPaper']> = [];
    for (const l of p.relatedPapers) {
      const r = await this.reader.tryGet(l, 'Paper', 'a related Vorlage');
      if (!r) continue;
      if (!validReference(r.reference)) {
        this.o.warn(`${r.id ?? 'a related Vorlage'} has no usable number: left out of relatedPaper`);
        continue;
      }
      related.push({ reference: r.reference, ...(r.paperType ? { paperType: r.paperType } : {}), ...(r.name ? { subject: r.name } : {}), ...(r.date ? { date: r.date } : {}), ...(r.id ? { oparl: r.id } : {}) });
    }
    if (related.length) paper.relatedPaper = related;
    if (p.date) paper.date = p.date;
    const lead = await this.reader.tryGet(p.underDirectionOf[0], 'Organization', 'the lead Amt (underDirectionOf)');
    if (lead?.name) paper.author = lead.name;
    const consultations: Consultation[] = [];
    const links: Link<OConsultation>[] = [...p.consultations];
    // The consultation this session came through belongs to the Gremienweg, listed or not.
    if (via && !p.consultations.some((l) => via.id !== undefined && linkId(l) === via.id) && (via.paper === undefined || linkId(via.paper) === p.id)) links.push(via);
    for (const l of links) {
      // The one this session came through knows its meeting and agenda item (quirk 3).
      const known = via && via.id !== undefined && linkId(l) === via.id ? via : l;
      const c = await this.reader.tryGet(known, 'Consultation', 'a consultation of the Gremienweg');
      const row = c && (await this.consultation(c, current));
      if (row) consultations.push(row);
    }
    // In the order of their dates, as a Beratungsfolge reads (when every station has one).
    if (consultations.every((c) => c.date)) consultations.sort((x, y) => x.date!.localeCompare(y.date!));
    if (consultations.length) paper.consultations = consultations;
    const files: { title: string; url: string }[] = [];
    for (const l of p.files) {
      const f = await this.reader.tryGet(l, 'File', 'a file of the Vorlage');
      const url = f?.accessUrl ?? f?.downloadUrl;
      // accessUrl/downloadUrl that are no http(s) address ("", "javascript:…") were dropped by the normaliser.
      if (f && !url) this.o.warn(`the file "${f.name ?? f.fileName ?? f.id ?? '?'}" of the Vorlage is left out of paper.files: it has no http(s) address`);
      if (!f || !url || files.some((x) => x.url === url)) continue;
      files.push({ title: f.name ?? f.fileName ?? url, url });
    }
    if (files.length) paper.files = files;
    if (p.id) paper.oparl = p.id;
    return paper;
  }
}

/** The session and paper a deck gets from `source` (see the module comment). */
export async function deckFacts(reader: OparlReader, source: OObject, o: FactsOptions): Promise<DeckFacts> {
  const a = new Assembler(reader, o);
  let meeting: OMeeting | undefined;
  let entry: AgendaEntry | undefined;
  let paper: OPaper | undefined;
  let consultation: OConsultation | undefined;
  const meetingOf = async (l: Link<OMeeting> | undefined, what: string) => (l === undefined ? undefined : reader.tryGet(l, 'Meeting', what));
  switch (source.kind) {
    case 'Meeting':
      meeting = source;
      entry = await a.pickEntry(meeting);
      break;
    case 'AgendaItem':
      meeting = await meetingOf(source.meeting, 'the meeting of the agenda item');
      if (!source.meeting) o.warn(`${source.id ?? 'the agenda item'} does not name its meeting: the session date comes from --date`);
      entry = a.entryOf(source, meeting);
      // --top picks an item of a Meeting; given with an agenda item it must name that one.
      if (o.top !== undefined && !findTop([entry], o.top).match) {
        o.warn(`--top ${o.top}: ${source.id ?? 'the OParl object'} is the agenda item ${entry.item.number ?? '(without a number)'} itself, and the deck is for it (--top picks an agenda item of a Meeting)`);
      }
      break;
    case 'Consultation':
      consultation = source;
      break;
    case 'Paper':
      paper = source;
      consultation = await a.pickConsultation(source);
      break;
    default:
      throw usage(`${source.id ?? 'the OParl object'} is an OParl ${source.kind}: ratsdeck new reads a Meeting (with --top), an AgendaItem or a Paper`);
  }
  if (consultation && !meeting) meeting = await meetingOf(consultation.meeting, 'the meeting of the consultation');
  if (consultation && !entry && consultation.agendaItem !== undefined) {
    const item = await reader.tryGet(consultation.agendaItem, 'AgendaItem', 'the agenda item of the consultation');
    if (item) entry = a.entryOf(item, meeting);
  }
  if (entry && !paper) {
    const top = entry.item.number ?? entry.item.id ?? '';
    let c = consultation ?? (await reader.tryGet(entry.item.consultation, 'Consultation', `the consultation of TOP ${top}`));
    // Reached from the agenda item: that item and its meeting are its back-references, said or not.
    if (c) c = consultation = { ...c, agendaItem: c.agendaItem ?? entry.item, ...(c.meeting ?? meeting ? { meeting: c.meeting ?? meeting! } : {}) };
    if (c?.paper !== undefined) paper = await reader.tryGet(c.paper, 'Paper', `the Vorlage of TOP ${top}`);
    else if (!c && entry.item.consultation === undefined) o.warn(`TOP ${top} has no Vorlage in the council information system: the deck gets no paper`);
  }
  if (consultation && !paper && consultation.paper !== undefined) paper = await reader.tryGet(consultation.paper, 'Paper', 'the Vorlage of the consultation');

  const facts: DeckFacts = { from: {} };
  if (meeting?.id) facts.from.meeting = meeting.id;
  if (entry?.item.id) facts.from.agendaItem = entry.item.id;
  if (paper?.id) facts.from.paper = paper.id;

  // The session: its committee and date are what a deck cannot do without.
  if (meeting || consultation || o.committee || o.date) {
    let committee = o.committee;
    if (!committee) {
      const org = meeting?.organizations[0] ?? consultation?.organizations[0];
      if (org === undefined) throw usage(`the council information system names no committee for this session`, 'give --committee <id>');
      const found = await a.committeeOf(org);
      if (!found.id) throw usage(`the session's committee ${found.label} is not in ratsdeck.yaml`, IMPORT_HINT);
      committee = found.id;
    }
    let start: LocalDateTime | undefined = meeting?.start;
    if (o.date) {
      const time = o.time ?? (start?.date === o.date ? start.time : undefined);
      start = time ? { date: o.date, time } : { date: o.date };
    } else if (o.time && start) start = { date: start.date, time: o.time };
    if (!start) throw usage(`the council information system gives no date for this session`, 'give --date YYYY-MM-DD');
    if (meeting?.start && o.date && meeting.start.date !== o.date) o.warn(`--date ${o.date}: the council information system has the meeting on ${meeting.start.date}; the deck uses ${o.date}`);
    if (meeting?.cancelled) o.warn(`${meeting.id ?? 'the meeting'} is cancelled in the council information system (cancelled: true)`);
    const location = meeting?.location !== undefined ? locationText(await reader.tryGet(meeting.location, 'Location', "the meeting's location")) : undefined;
    const session = sessionOf({ committee, ...(meeting ? { meeting } : {}), start, ...(location ? { location } : {}), ...(entry ? { entry } : {}) });
    if (!entry && o.top) session.agendaItem = o.top;
    facts.session = session;
  }
  if (paper) {
    const p = await a.paper(paper, entry?.item.name, entry, consultation);
    if (p) facts.paper = p;
  }
  facts.title = facts.paper?.subject ?? entry?.item.name ?? meeting?.name;
  return facts;
}

/** The meetings of a committee on a date, from its Organization's meeting list (the configured city). */
export async function meetingsOn(reader: OparlReader, committee: { id: string; oparl: string }, date: string): Promise<OMeeting[]> {
  const org = await reader.get(committee.oparl, 'Organization');
  if (!org.meetingList) {
    throw new RatsdeckError(`${committee.oparl}: the council information system lists no meetings for ${committee.id} (its Organization has no meeting list)`, {
      exitCode: ExitCode.OPARL,
      hint: 'give the meeting itself with --oparl <URL>',
    });
  }
  const meetings = await reader.list(org.meetingList, 'Meeting');
  const onDate = meetings.filter((m) => m.start?.date === date);
  const held = onDate.filter((m) => !m.cancelled);
  return held.length ? held : onDate;
}

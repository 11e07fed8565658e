/**
 * `newDeckFromOparl` (`ratsdeck new … --oparl <URL|file>`, issue 12): a deck whose session and
 * paper come from the council information system. The source is a Meeting (with `top`), an
 * AgendaItem, a Consultation or a Paper, by URL or as a saved JSON file. With `from`, the deck
 * is the earlier one's next session (newDeck) with the session and paper replaced; without it,
 * a new deck with a default slide list for a status report.
 *
 * Without `oparl`, the configured city is asked: when the committee of the new session (`--committee`,
 * else the earlier deck's) has an `oparl:` URL and `date` is given, its meeting list is read
 * for the meeting on that date. No meeting there (yet) leaves the deck as newDeck writes it.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTopLevel, yamlDocument, type Plain } from '../data/blocks.js';
import { loadYamlFile, parseYamlText } from '../data/yaml.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import type { Paper, Session } from '../model/entities.js';
import { deckIdProblem } from '../model/outputs.js';
import { IsoDate } from '../model/schema.js';
import { deckFacts, meetingsOn, OparlError, type DeckFacts } from '../oparl/index.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import { loadAndValidate } from '../pipeline.js';
import { deckId, findProject, type Project } from '../project/project.js';
import { deckFileArg } from './deck-file.js';
import { newDeck, type NewDeckResult } from './new.js';
import type { NewPaper } from './paper.js';
import { readOparlConfig, withOparlReader, type OparlSettings } from './oparl.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface NewDeckFromOparlOptions extends OparlSettings {
  /** The file to write (`.yaml` is added when missing), relative to `cwd`. Never overwritten. */
  target: string;
  /** The earlier deck (optional here): its slides, selections and predecessor chain. */
  from?: string;
  /** The OParl Meeting, AgendaItem, Consultation or Paper: a URL or a saved .json file. */
  oparl?: string;
  /** The agenda item of a Meeting by its number as the RIS shows it ("4", "Ö 4", "10.1"). */
  top?: string;
  /** The session date (YYYY-MM-DD); with the configured city, the meeting is looked up by it. */
  date?: string;
  time?: string;
  /** Committee id from ratsdeck.yaml, instead of the meeting's. */
  committee?: string;
  /** The new Vorlage when the council information system gives none (`new --paper`); null: none. */
  paper?: NewPaper | null;
  cwd?: string;
  reporter?: Reporter;
}

export interface NewDeckFromOparlResult extends Partial<NewDeckResult> {
  file: string;
  /** The OParl objects the session and paper came from (empty when none was read). */
  oparl: DeckFacts['from'];
}

/** What a new status report shows when there is no earlier deck to copy. */
export const DEFAULT_SLIDES = ['title', 'activities', 'timeline', 'budget', 'closing'] as const;

const SESSION_KEYS = ['committee', 'name', 'date', 'time', 'location', 'agendaItem', 'public', 'result', 'resolutionText', 'votes', 'oparl'];
const PAPER_KEYS = ['reference', 'paperType', 'relatedPaper', 'date', 'department', 'author', 'fileReference', 'subject', 'decisionProposal', 'financialImpact', 'consultations', 'files', 'oparl'];

/** The keys in the schema's order, so the YAML reads like the README's example. */
function inOrder(o: object, keys: string[]): Record<string, Plain> {
  const src = o as Record<string, Plain | undefined>;
  const out: Record<string, Plain> = {};
  for (const k of [...keys, ...Object.keys(src).filter((k) => !keys.includes(k))]) if (src[k] !== undefined) out[k] = src[k]!;
  return out;
}

const usage = (message: string, hint?: string) => new RatsdeckError(message, { exitCode: ExitCode.USAGE, ...(hint ? { hint } : {}) });

/** The earlier deck's session and paper, as its file writes them. */
function earlierParts(text: string, file: string): { session?: Record<string, unknown>; paper?: Record<string, unknown> } {
  const v = parseYamlText(text, file).value as { session?: Record<string, unknown>; paper?: Record<string, unknown> } | undefined;
  return { ...(v?.session && typeof v.session === 'object' ? { session: v.session } : {}), ...(v?.paper && typeof v.paper === 'object' ? { paper: v.paper } : {}) };
}

/** The earlier deck's text with the session and paper from OParl. */
function withFacts(text: string, file: string, facts: DeckFacts, predecessor: string, report: Reporter): string {
  const earlier = earlierParts(text, file);
  let out = text;
  if (facts.session) {
    const session: Session = { ...facts.session };
    // Like `ratsdeck new` without --top: the earlier agenda item stays (and newDeck says so).
    if (!session.agendaItem && typeof earlier.session?.agendaItem === 'string') session.agendaItem = earlier.session.agendaItem;
    out = setTopLevel(out, 'session', inOrder(session, SESSION_KEYS), ['paper', 'slides']);
  }
  if (facts.paper) {
    if (earlier.paper?.decisionProposal !== undefined) {
      report.warn(`the Beschlussvorschlag of ${facts.paper.reference} is not in OParl: write it into paper.decisionProposal (the one of ${predecessor} was about its own Vorlage)`);
    }
    out = setTopLevel(out, 'paper', paperPlain(facts.paper), ['slides']);
  } else if (earlier.paper) {
    report.warn(`the council information system has no Vorlage for this session: the paper of ${predecessor} is kept; check paper: in the new deck`);
  }
  return out;
}

function paperPlain(p: Paper): Record<string, Plain> {
  return inOrder(p, PAPER_KEYS);
}

function targetFile(target: string, cwd: string): string {
  const out = resolve(cwd, /\.ya?ml$/.test(target) ? target : `${target}.yaml`);
  if (existsSync(out)) {
    throw usage(`${displayPath(out, cwd)} already exists; ratsdeck new never overwrites a file`, 'choose another file name, or delete the file first');
  }
  const bad = deckIdProblem(deckId(out));
  if (bad) {
    throw usage(`${displayPath(out, cwd)}: the file name cannot be a deck id: ${bad}`, 'choose another file name: its name (without .yaml) is the deck id and names its output, e.g. 2026-06-hfa.yaml');
  }
  return out;
}

/** The meeting of the configured committee on `date`, or undefined when there is nothing to look up. */
async function lookUp(opts: NewDeckFromOparlOptions, project: Project, cwd: string, report: Reporter): Promise<DeckFacts | undefined> {
  if (!opts.date || !opts.from) return undefined;
  const config = readOparlConfig(project);
  if (!config.body && !config.committees.some((c) => c.oparl)) return undefined;
  const earlier = loadYamlFile(deckFileArg(opts.from, cwd)).value as { session?: { committee?: unknown } } | undefined;
  const id = opts.committee ?? (typeof earlier?.session?.committee === 'string' ? earlier.session.committee : undefined);
  const committee = config.committees.find((c) => c.id === id);
  if (!committee) return undefined;
  if (!committee.oparl) {
    report.info(`${committee.id} has no oparl: URL in ratsdeck.yaml: its meeting on ${opts.date} is not looked up (ratsdeck import committees adds the URLs)`);
    return undefined;
  }
  const oparl = committee.oparl;
  try {
    return await withOparlReader(project, opts, { reporter: report }, async (reader, cfg) => {
      const meetings = await meetingsOn(reader, { id: committee.id, oparl }, opts.date!);
      if (!meetings.length) {
        report.warn(`the council information system has no meeting of ${committee.id} on ${opts.date} (yet): the session data comes from the command line`);
        return undefined;
      }
      if (meetings.length > 1) {
        throw usage(`${meetings.length} meetings of ${committee.id} on ${opts.date}: ${meetings.map((m) => m.id).join(', ')}`, 'give the one you mean with --oparl <URL>');
      }
      report.info(`meeting of ${committee.id} on ${opts.date}: ${meetings[0]!.id ?? '(no id)'}`);
      return deckFacts(reader, meetings[0]!, {
        committees: cfg.committees,
        committee: committee.id,
        ...(opts.top !== undefined ? { top: opts.top } : {}),
        ...(opts.time !== undefined ? { time: opts.time } : {}),
        warn: (l) => report.warn(l),
      });
    });
  } catch (err) {
    if (err instanceof OparlError && err.reason === 'offline') {
      report.warn(`--offline: the meetings of ${committee.id} are not in _oparl/: the session data comes from the command line`);
      return undefined;
    }
    if (err instanceof OparlError) {
      throw new OparlError(err.url, err.reason, err.message, {
        hint: `${err.hint ? `${err.hint}; ` : ''}--offline writes the deck without looking the meeting up`,
        cause: err,
        ...(err.status !== undefined ? { status: err.status } : {}),
      });
    }
    throw err;
  }
}

export async function newDeckFromOparl(opts: NewDeckFromOparlOptions): Promise<NewDeckFromOparlResult> {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const show = (p: string) => displayPath(p, cwd);
  if (!opts.oparl && !opts.from) {
    throw usage('ratsdeck new needs --from <deck> (the earlier deck) or --oparl <URL|file> (the session in the council information system)');
  }
  // Everything that can be checked without the network first.
  const out = targetFile(opts.target, cwd);
  const project = findProject(opts.from ? deckFileArg(opts.from, cwd) : dirname(out));
  if (opts.date !== undefined && !IsoDate.safeParse(opts.date).success) throw usage(`--date ${opts.date}: expected a real date written as YYYY-MM-DD`);
  const config = readOparlConfig(project);
  if (opts.committee !== undefined && config.committees.length && !config.committees.some((c) => c.id === opts.committee)) {
    throw usage(`--committee ${opts.committee}: no such committee in ratsdeck.yaml`, `known committee ids: ${config.committees.map((c) => c.id).join(', ')}`);
  }

  let facts: DeckFacts | undefined;
  if (opts.oparl) {
    const source = opts.oparl;
    facts = await withOparlReader(project, opts, { urls: /^https?:\/\//i.test(source) ? [source] : [], reporter: report }, async (reader, cfg) =>
      deckFacts(reader, await reader.entry(source, cwd), {
        committees: cfg.committees,
        ...(opts.top !== undefined ? { top: opts.top } : {}),
        ...(opts.committee !== undefined ? { committee: opts.committee } : {}),
        ...(opts.date !== undefined ? { date: opts.date } : {}),
        ...(opts.time !== undefined ? { time: opts.time } : {}),
        warn: (l) => report.warn(l),
      }),
    );
  } else facts = await lookUp(opts, project, cwd, report);

  if (opts.from) {
    const { date, time, committee, top } = opts;
    const plain = { date, time, committee, top };
    if (!facts) return { ...newDeck({ target: opts.target, from: opts.from, ...defined(plain), ...(opts.paper !== undefined ? { paper: opts.paper } : {}), cwd, reporter: report }), oparl: {} };
    const f = facts;
    const s = f.session;
    const predecessor = deckId(deckFileArg(opts.from, cwd));
    const r = newDeck({
      target: opts.target,
      from: opts.from,
      ...defined({ date: s?.date ?? date, time: s?.time ?? time, committee: s?.committee ?? committee, top: s?.agendaItem ?? top }),
      // The Vorlage from the council information system replaces the earlier one (withFacts writes it whole).
      ...(f.paper ? { paperFromTransform: true } : opts.paper !== undefined ? { paper: opts.paper } : {}),
      cwd,
      reporter: report,
      transform: (text) => withFacts(text, deckFileArg(opts.from!, cwd), f, predecessor, report),
    });
    return { ...r, oparl: f.from };
  }

  // A new deck from nothing but the council information system.
  const f = facts!;
  const deck: Record<string, Plain> = { title: f.title ?? 'Bericht der Verwaltung' };
  if (f.session) deck.session = inOrder(f.session, SESSION_KEYS);
  if (f.paper) deck.paper = paperPlain(f.paper);
  deck.slides = DEFAULT_SLIDES.map((type) => ({ type }));
  const text = yamlDocument(deck, [
    `Session and paper from the council information system (OParl): ${opts.oparl}`,
    'Written by ratsdeck new: adjust the title, add presenters, choose the slides.',
  ]);
  const checked = loadAndValidate(out, findProject(out), { text });
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new InvalidDataError(errors, `${show(out)}: the new deck would be invalid; nothing written`);
  for (const p of checked.problems) if (p.severity === 'warning') report.problem(p);
  writeFileAtomic(out, text, { mkdir: false });
  const parts = [f.session ? 'session' : undefined, f.paper ? 'paper' : undefined].filter(Boolean).join(' and ');
  report.info(`wrote ${show(out)} (${parts || 'nothing'} from ${opts.oparl})`);
  if (!f.session) report.warn(`${show(out)} has no session: give --committee and --date, or write session: in it`);
  return { file: out, oparl: f.from };
}

function defined<T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: string };
}

/**
 * `newDeck`: the next session's deck from the last one. Same slides and selections, new
 * session data, the last deck as its predecessor and a changes slide; everything else byte for
 * byte as the author wrote it (src/data/edit.ts). Checked in memory before it is written, and
 * written atomically; an existing file is never replaced.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { editYamlText, ensureSlide, yamlValueAt, type YamlEdit } from '../data/yaml.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import { deckIdProblem } from '../model/outputs.js';
import { IsoDate } from '../model/schema.js';
import { Paper } from '../model/entities.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import { loadAndValidate } from '../pipeline.js';
import { readProjectConfig } from '../project/config.js';
import { deckId, findProject } from '../project/project.js';
import { snapshotPath } from '../project/sessions.js';
import { deckFileArg } from './deck-file.js';
import { replacePaper, type NewPaper } from './paper.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface NewDeckOptions {
  /** The file to write (`.yaml` is added when missing), relative to `cwd`. Never overwritten. */
  target: string;
  /** The earlier deck: a path, a file name or a deck id of the project. */
  from: string;
  /** Session date, YYYY-MM-DD. */
  date?: string;
  /** Session time, HH:MM. */
  time?: string;
  /** Committee id from ratsdeck.yaml. */
  committee?: string;
  /** Agenda item, e.g. "Ö 3". */
  top?: string;
  /**
   * The new session's Vorlage: replaces the earlier one (its date, Beschlussvorschlag, financial
   * impact and Gremienweg go unless given); `null` removes `paper:`; absent keeps the earlier
   * paper, and the reporter names what was kept.
   */
  paper?: NewPaper | null;
  /** Folder the paths are relative to (default: process.cwd()). */
  cwd?: string;
  reporter?: Reporter;
  /** A last change to the new deck's text before it is checked (the OParl import's session and paper). */
  transform?: (text: string) => string;
  /** `transform` writes the paper (from the council information system): say nothing about the earlier one's. */
  paperFromTransform?: boolean;
}

export interface NewDeckResult {
  /** The deck file written. */
  file: string;
  /** The deck it was made from. */
  from: string;
  /** The earlier deck's id: the new deck's predecessor. */
  predecessor: string;
  /** Whether the earlier session has a snapshot yet (otherwise: freeze it after the session). */
  predecessorFrozen: boolean;
}

export function newDeck(opts: NewDeckOptions): NewDeckResult {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const show = (p: string) => displayPath(p, cwd);
  const out = resolve(cwd, /\.ya?ml$/.test(opts.target) ? opts.target : `${opts.target}.yaml`);
  if (existsSync(out)) {
    throw new RatsdeckError(`${show(out)} already exists; ratsdeck new never overwrites a file`, {
      exitCode: ExitCode.USAGE,
      hint: 'choose another file name, or delete the file first',
    });
  }
  const badId = deckIdProblem(deckId(out));
  if (badId) {
    throw new RatsdeckError(`${show(out)}: the file name cannot be a deck id: ${badId}`, {
      exitCode: ExitCode.USAGE,
      hint: 'choose another file name: its name (without .yaml) is the deck id and names its output, e.g. 2021-09-hfa.yaml',
    });
  }
  const from = deckFileArg(opts.from, cwd);
  const project = findProject(from);
  if (opts.committee !== undefined) {
    const { committees } = readProjectConfig(project);
    if (committees.length && !committees.includes(opts.committee)) {
      throw new RatsdeckError(`--committee ${opts.committee}: no such committee in ratsdeck.yaml`, {
        exitCode: ExitCode.USAGE,
        hint: `known committee ids: ${committees.join(', ')}`,
      });
    }
  }
  if (opts.date !== undefined && !IsoDate.safeParse(opts.date).success) {
    throw new RatsdeckError(`--date ${opts.date}: expected a real date written as YYYY-MM-DD`, { exitCode: ExitCode.USAGE });
  }
  if (opts.paper) checkPaper(opts.paper);
  const predecessor = deckId(from);
  const edits: YamlEdit[] = [
    // The new session has no result yet, and compares with the one it came from.
    { path: ['session', 'result'], delete: true },
    { path: ['session', 'votes'], delete: true },
    { path: ['predecessor'], value: predecessor },
  ];
  if (opts.date) edits.push({ path: ['session', 'date'], value: opts.date }, { path: ['date'], value: opts.date, ifPresent: true });
  if (opts.time) edits.push({ path: ['session', 'time'], value: opts.time });
  if (opts.committee) edits.push({ path: ['session', 'committee'], value: opts.committee });
  if (opts.top) edits.push({ path: ['session', 'agendaItem'], value: opts.top });
  let text: string;
  let paper: ReturnType<typeof replacePaper>;
  let hasDecision = false;
  let oldReference: unknown;
  try {
    const source = readFileSync(from, 'utf8');
    const oldPaper = yamlValueAt(source, ['paper']);
    oldReference = yamlValueAt(source, ['paper', 'reference']);
    if (opts.paper && !opts.paper.subject && (oldPaper === undefined || oldPaper === null)) {
      throw new RatsdeckError(`--paper ${opts.paper.reference}: ${show(from)} has no paper to take the subject from`, {
        exitCode: ExitCode.USAGE,
        hint: 'give the Betreff too: --paper-subject "…"',
      });
    }
    paper = replacePaper(oldPaper, opts.paper);
    const slides = yamlValueAt(source, ['slides']);
    hasDecision = Array.isArray(slides) && slides.some((s) => (s as { type?: unknown } | null)?.type === 'decision');
    // The next session wants to know what changed since this one.
    text = ensureSlide(editYamlText(source, [...edits, ...paper.edits]), 'changes', ['agenda', 'title']);
    if (opts.transform) text = opts.transform(text);
  } catch (err) {
    if (err instanceof RatsdeckError) throw err;
    throw new RatsdeckError(`${show(from)}: cannot read the earlier deck (${(err as Error).message})`, {
      exitCode: ExitCode.INVALID_DATA,
      hint: `run ratsdeck validate ${show(from)}`,
      cause: err,
    });
  }
  // Checked under its own name in its own folder (same project, same relative paths) before
  // anything is written. The earlier session may not be frozen yet: that is no reason to refuse.
  const checked = loadAndValidate(out, findProject(out), { text });
  const errors = checked.problems.filter((p) => p.severity === 'error' && p.code !== 'no-snapshot');
  if (errors.length) throw new InvalidDataError(errors, `${show(out)}: the new deck would be invalid; nothing written`);
  writeFileAtomic(out, text, { mkdir: false });

  const predecessorFrozen = existsSync(snapshotPath(project, predecessor, 'public')) || existsSync(snapshotPath(project, predecessor, 'nonpublic'));
  report.info(`wrote ${show(out)} (from ${show(from)}; predecessor: ${predecessor})`);
  if (!opts.date) report.warn(`no --date given: ${show(out)} keeps the session date of ${predecessor}; set session.date in it`);
  if (!opts.top) report.warn(`no --top given: ${show(out)} keeps the agenda item of ${predecessor}; set session.agendaItem in it`);
  if (!opts.paperFromTransform) reportPaper(report, paper, opts.paper, { out: show(out), predecessor, hasDecision });
  if (opts.paper !== undefined && typeof oldReference === 'string') {
    // The earlier reference typed into a text (a subtitle "Bericht zur Stellungnahme ST/…").
    for (const at of occurrences(text, oldReference)) {
      report.problem({ file: out, ...at, path: '', severity: 'warning', code: 'old-paper-reference', message: `still names ${oldReference}, the Vorlage of ${predecessor}`, hint: 'change or remove it for the new session' });
    }
  }
  if (!predecessorFrozen) {
    report.info(`freeze ${predecessor} after its session and before you change _data/ for the next one: ratsdeck freeze ${show(from)} (the changes slide compares with what it records)`);
  }
  return { file: out, from, predecessor, predecessorFrozen };
}

/** The flags of a new paper, checked as flags (exit 2) before anything is read. */
function checkPaper(p: NewPaper): void {
  if (!Paper.shape.reference.safeParse(p.reference).success) {
    throw new RatsdeckError(`--paper ${p.reference}: expected a paper reference like ST/0027/2021`, { exitCode: ExitCode.USAGE });
  }
  if (p.date !== undefined && !IsoDate.safeParse(p.date).success) {
    throw new RatsdeckError(`--paper-date ${p.date}: expected a real date written as YYYY-MM-DD`, { exitCode: ExitCode.USAGE });
  }
  if (p.subject !== undefined && !p.subject.trim()) {
    throw new RatsdeckError('--paper-subject: expected the Betreff of the paper', { exitCode: ExitCode.USAGE });
  }
}

/** Which paper the new deck shows, and what it kept of the earlier one: every footer shows it. */
function reportPaper(
  report: Reporter,
  change: ReturnType<typeof replacePaper>,
  paper: NewPaper | null | undefined,
  at: { out: string; predecessor: string; hasDecision: boolean },
): void {
  if (paper === undefined) {
    if (!change.kept.length) return;
    report.warn(
      `no --paper given: ${at.out} keeps the Vorlage of ${at.predecessor} (${change.kept.join(', ')}), shown in every slide footer; ` +
        'right for the same Vorlage in another committee; for a new one give --paper REF (or --no-paper), or edit paper: in it',
    );
    return;
  }
  if (paper === null) {
    if (change.removed.length) report.info(`${at.out} has no paper (--no-paper): removed the Vorlage of ${at.predecessor}`);
  } else {
    report.info(`${at.out}: Vorlage ${paper.reference}${change.removed.length ? `; removed what belonged to the Vorlage of ${at.predecessor}: ${change.removed.join(', ')}` : ''}`);
    if (change.kept.length) report.warn(`${at.out} keeps from the Vorlage of ${at.predecessor}: ${change.kept.join(', ')}; check them for ${paper.reference}`);
  }
  // A new paper never carries the earlier paper's resolution text (paper.ts OWN_FIELDS).
  if (at.hasDecision) {
    report.warn(`${at.out} has a decision slide but no Beschlussvorschlag${paper ? ` for ${paper.reference}` : ''}: write paper.decisionProposal.text in it, or remove the slide`);
  }
}

/** Where `needle` occurs in `text` (1-based line and column). */
function occurrences(text: string, needle: string): { line: number; col: number }[] {
  const out: { line: number; col: number }[] = [];
  text.split('\n').forEach((l, i) => {
    for (let c = l.indexOf(needle); c >= 0; c = l.indexOf(needle, c + 1)) out.push({ line: i + 1, col: c + 1 });
  });
  return out;
}

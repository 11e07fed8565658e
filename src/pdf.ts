/**
 * The PDF end of the pipeline, composed without argv: a built deck (BuildResult) → its slides
 * PDF and handout PDF, next to the HTML in out/<id>/. The CLI runs these tasks with one shared
 * browser and a small pool; the programmatic API can call printDeck.
 */
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { outputNamesFor, PNG_FILE, pngName } from './model/outputs.js';
import { recordDerived, recordPdf } from './output/deck.js';
import { OutputRoot } from './output/root.js';
import { findProject } from './project/project.js';
import type { BrowserManager } from './browser/index.js';
import { ExitCode, RatsdeckError, formatPath, type Problem } from './errors.js';
import type { BuildResult } from './pipeline.js';
import {
  pdfMetadata,
  printHandout,
  printSlides,
  screenshotSlides,
  slideBookmarks,
  type CutNotes,
  type DocumentInfo,
  type PrintResult,
} from './print/index.js';
import { HANDOUT_PER_PAGE, HANDOUT_WITH_NOTES, type HandoutLayout } from './render/render.js';
import { version } from './version.js';

/** What a print task makes: the slides PDF, the handout PDF, or one PNG per slide. */
export type PdfKind = 'slides' | 'handout' | 'png';

export interface PdfTask {
  result: BuildResult;
  kind: PdfKind;
  /** The handout layout handout.html was rendered in (kind 'handout'). */
  layout?: HandoutLayout;
  /** The deck folder (out/<outputId>/). */
  deckDir: string;
  /** The PDF to write: out/<outputId>/<outputId>.pdf or …-handout.pdf; for PNGs their folder. */
  file: string;
}

export interface PdfTaskOptions {
  /** Deadline of each browser step. */
  timeoutMs?: number;
  onBlocked?: (url: string) => void;
  /** For SOURCE_DATE_EPOCH (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * `<outputId>.pdf` or `<outputId>-handout.pdf` (a draft: `…-entwurf.pdf`); outputId already
 * carries -nichtoeffentlich.
 */
export function pdfFileName(outputId: string, kind: Exclude<PdfKind, 'png'>, opts: { draft?: boolean } = {}): string {
  const names = outputNamesFor(outputId, opts);
  return kind === 'slides' ? names.slidesPdf : names.handoutPdf;
}

/**
 * The PDFs of a built deck. `handout` must be the layout the deck was built with (buildDeck's
 * `handout` option), or false for none.
 */
export function pdfTasks(result: BuildResult, opts: { slides?: boolean; handout?: HandoutLayout | false; png?: boolean }): PdfTask[] {
  if (result.skipped || !result.manifest || !result.rendered) return [];
  const deckDir = result.manifest.path;
  if (/\.html?$/i.test(deckDir)) {
    throw new RatsdeckError(`${result.id}: PDFs are printed from the deck folder, not from a single HTML file`, {
      exitCode: ExitCode.USAGE,
      hint: 'build without --single-file for PDFs',
    });
  }
  const tasks: PdfTask[] = [];
  const draft = { draft: result.rendered.draft };
  if (opts.slides !== false) {
    tasks.push({ result, kind: 'slides', deckDir, file: join(deckDir, pdfFileName(result.outputId, 'slides', draft)) });
  }
  if (opts.handout) {
    if (!result.rendered.handoutHtml) {
      throw new RatsdeckError(`${result.id}: no handout was rendered`, { exitCode: ExitCode.INTERNAL, hint: 'pass `handout` to buildDeck' });
    }
    tasks.push({ result, kind: 'handout', layout: opts.handout, deckDir, file: join(deckDir, pdfFileName(result.outputId, 'handout', draft)) });
  }
  if (opts.png) tasks.push({ result, kind: 'png', deckDir, file: join(deckDir, outputNamesFor(result.outputId).pngFolder) });
  return tasks;
}

/** The facts the PDF metadata is made of, from the audience-selected deck and its view. */
export function documentInfo(result: BuildResult): DocumentInfo {
  const view = result.rendered?.view;
  const deck = result.deck;
  if (!view || !deck) throw new RatsdeckError(`${result.id}: the deck was not built`, { exitCode: ExitCode.INTERNAL });
  return {
    title: view.title,
    lang: view.lang,
    city: view.city,
    committee: view.committee,
    committeeShort: view.committeeShort,
    sessionDate: view.sessionDate,
    agendaItem: view.agendaItem,
    paperReference: view.paperReference,
    author: deck.paper?.author,
    subject: deck.paper?.subject,
    date: deck.date ?? deck.session?.date ?? deck.paper?.date,
    nonpublic: result.audience === 'nonpublic',
    draft: result.rendered!.draft,
    labels: { agendaItem: view.L.agendaItem, nonpublic: view.L.NONPUBLIC, draft: view.L.draft },
  };
}

/** A printed PDF, with what a person should fix in the deck (at its YAML line). */
export interface PdfTaskResult extends PrintResult {
  /** Warnings with the slide's position: speaker notes the handout could not print in full. */
  problems: Problem[];
}

/** Prints one PDF of a task (the slides or the handout), or takes the slides' PNGs. */
export async function runPdfTask(mgr: BrowserManager, task: PdfTask, opts: PdfTaskOptions = {}): Promise<PdfTaskResult> {
  const { result } = task;
  if (task.kind === 'png') return runPngTask(mgr, task, opts);
  const slides = result.rendered!.slides;
  const env = opts.env ?? process.env;
  const metadata = pdfMetadata(documentInfo(result), { version: version(), sourceDateEpoch: env.SOURCE_DATE_EPOCH });
  const common = {
    metadata,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.onBlocked ? { onBlocked: opts.onBlocked } : {}),
  };
  let printed: PrintResult;
  const problems: Problem[] = [];
  if (task.kind === 'slides') {
    printed = await printSlides(mgr, task.deckDir, task.file, {
      ...common,
      bookmarks: slideBookmarks(slides, (n) => n - 1),
      expectedPages: slides.length,
    });
  } else {
    const layout = task.layout ?? '3';
    const per = HANDOUT_PER_PAGE[layout];
    printed = await printHandout(mgr, task.deckDir, task.file, {
      ...common,
      bookmarks: slideBookmarks(slides, (n) => Math.floor((n - 1) / per)),
      // The notes layout grows past one page where the notes are long.
      ...(layout === 'notes' ? {} : { expectedPages: Math.ceil(slides.length / per) }),
    });
    problems.push(...printed.cutNotes.map((c) => cutNotesProblem(result, task, layout, c)));
    const left = HANDOUT_WITH_NOTES.includes(layout) ? [] : slides.filter((s) => s.hasNotes).map((s) => s.number);
    if (left.length) {
      printed.warnings.push(
        `${basename(task.file)}: layout ${layout} has no room for speaker notes; the notes of slide${left.length === 1 ? '' : 's'} ${left.join(', ')} are not in it (print with --handout 3 or --handout notes to include them)`,
      );
    }
  }
  // The record says which document the PDF shows: a later build that changes the document
  // removes the PDF instead of leaving it beside HTML it was not printed from.
  const m = result.manifest!;
  const digest = task.kind === 'slides' ? m.digest : m.handoutDigest;
  if (result.outDir && digest) {
    recordPdf(OutputRoot.open(result.outDir, findProject(result.file).root), m.name, basename(task.file), { from: task.kind, digest });
  }
  return { ...printed, problems };
}

/** A slide's notes cut off in the handout, at the notes in the deck file (else the slide entry). */
function cutNotesProblem(result: BuildResult, task: PdfTask, layout: HandoutLayout, c: CutNotes): Problem {
  const raw = result.source?.raw;
  const entry = c.source !== null ? ['slides', c.source] : undefined;
  const slides = raw?.value && typeof raw.value === 'object' ? (raw.value as { slides?: unknown }).slides : undefined;
  const own = entry && Array.isArray(slides) && typeof (slides[c.source!] as { notes?: unknown } | undefined)?.notes === 'string';
  const path = entry ? (own ? [...entry, 'notes'] : entry) : [];
  const at = raw && entry ? raw.locate(path) : { file: result.file, line: 1, col: 1 };
  return {
    ...at,
    path: formatPath(path),
    severity: 'warning',
    code: 'handout-notes-cut',
    message: `${basename(task.file)}, page ${c.page}: the speaker notes of slide ${c.number ?? '?'} do not fit in handout layout ${layout} and are cut off`,
    hint: 'print the handout with --handout notes, which gives each slide its full notes below it; or shorten the notes',
  };
}

/** The slides as PNGs in out/<outputId>/png/, recorded as made from the deck page. */
async function runPngTask(mgr: BrowserManager, task: PdfTask, opts: PdfTaskOptions): Promise<PdfTaskResult> {
  const { result } = task;
  const shot = await screenshotSlides(mgr, task.deckDir, (n, total) => join(task.deckDir, ...pngName(n, total).split('/')), {
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.onBlocked ? { onBlocked: opts.onBlocked } : {}),
  });
  const warnings: string[] = [];
  const expected = result.rendered!.slides.length;
  if (shot.files.length !== expected) warnings.push(`${basename(task.deckDir)}/png: ${shot.files.length} pictures, expected ${expected} (one per slide)`);
  const m = result.manifest!;
  let bytes = 0;
  for (const f of shot.files) bytes += statSync(f).size;
  if (result.outDir) {
    const rel = shot.files.map((_, i) => pngName(i + 1, shot.files.length));
    recordDerived(OutputRoot.open(result.outDir, findProject(result.file).root), m.name, rel, { from: 'slides', digest: m.digest }, { replacing: PNG_FILE });
  }
  return { file: task.file, pages: shot.files.length, bytes, ms: shot.ms, blocked: shot.blocked, warnings, cutNotes: [], problems: [] };
}

/** Both PDFs of a built deck, one after the other. */
export async function printDeck(
  mgr: BrowserManager,
  result: BuildResult,
  opts: PdfTaskOptions & { slides?: boolean; handout?: HandoutLayout | false } = {},
): Promise<PdfTaskResult[]> {
  const out: PdfTaskResult[] = [];
  for (const task of pdfTasks(result, opts)) out.push(await runPdfTask(mgr, task, opts));
  return out;
}

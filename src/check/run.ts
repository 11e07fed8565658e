/**
 * All checks of one built deck: the browser measures (measure.ts), the pure judges turn the
 * measurements into problems with YAML positions (fit, a11y, requests, leaks, pdf).
 */
import { draftVariants, outputNamesFor } from '../model/outputs.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BrowserManager } from '../browser/index.js';
import type { SourcePos } from '../errors.js';
import type { PathSeg, RawDeck } from '../model/raw.js';
import { HANDOUT_LAYOUTS, HANDOUT_PER_PAGE, type HandoutLayout } from '../render/render.js';
import { axeProblems, ownA11yProblems } from './a11y.js';
import { chartProblems } from './charts.js';
import { handoutFitProblems, slideFitProblems, TEXT_WARNING_PX, type FitOptions } from './fit.js';
import { collectMarkers, findLeaks, folderCorpora, textCorpus, type Corpus } from './leaks.js';
import { SourceMap, type CheckProblem } from './locate.js';
import { measureDeck, measureHandoutFile } from './measure.js';
import { pdfCorpora, pdfProblems, readPdf } from './pdf.js';
import { pptxCorpora } from './pptx.js';
import { requestProblems } from './requests.js';

export interface CheckTarget {
  /** The deck's raw data with source positions (project stage: loadDeck). */
  raw: RawDeck;
  /** Custom _data for custom templates, and where its values were written. */
  extraData?: Record<string, unknown>;
  locateExtra?: ((path: readonly PathSeg[]) => SourcePos | undefined) | undefined;
  /** The output: the deck folder out/<outputId>/ (or the single HTML file). */
  output: string;
  outputId: string;
  audience: 'public' | 'nonpublic';
  /** Slide titles as rendered, in order (for the PDF text check). */
  slideTitles: string[];
  /** Other files of the same build to search for leaks (the archive out/index.html). */
  alsoSearch?: string[];
  /** URLs the print stage blocked while printing this deck's PDFs. */
  printBlocked?: { url: string; output: string }[];
}

export interface CheckOptions extends FitOptions {
  /** Skip axe-core. */
  noAxe?: boolean;
  /** Check the PDFs in the output folder (when there are any). Default true. */
  pdf?: boolean;
  onProgress?: (what: string) => void;
}

export interface CheckResult {
  problems: CheckProblem[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  slides: number;
  pdfs: string[];
}

function handoutLayoutOf(file: string): HandoutLayout | undefined {
  const m = /<body[^>]*class="[^"]*\brd-handout--(\w+)/.exec(readFileSync(file, 'utf8'));
  const l = m?.[1];
  return l && (HANDOUT_LAYOUTS as readonly string[]).includes(l) ? (l as HandoutLayout) : undefined;
}

/** Runs every check on one built deck. */
export async function checkOutput(mgr: BrowserManager, t: CheckTarget, opts: CheckOptions = {}): Promise<CheckResult> {
  const src = new SourceMap(t.raw);
  const problems: CheckProblem[] = [];
  const timings: Record<string, number> = {};
  const isFolder = statSync(t.output).isDirectory();
  const dir = isFolder ? t.output : dirname(t.output);
  const names = outputNamesFor(t.outputId);
  const html = isFolder ? join(t.output, names.deck) : t.output;
  const tag = (list: CheckProblem[]) => list.map((p) => ({ ...p, audience: t.audience }));

  opts.onProgress?.(`checking ${t.outputId}: slides`);
  const deck = await measureDeck(mgr, html, { allowedDir: dir, minPx: opts.warningPx ?? TEXT_WARNING_PX, ...(opts.noAxe ? { noAxe: true } : {}) });
  timings.deck = deck.ms;
  deck.slides.forEach((m, i) => {
    problems.push(...tag(slideFitProblems(m, src, opts)));
    problems.push(...tag(chartProblems(m, src)));
    problems.push(...tag(ownA11yProblems(m, src)));
    problems.push(...tag(axeProblems(deck.axe[i]!.violations, m, src)));
  });
  problems.push(...tag(axeProblems(deck.documentAxe.violations, undefined, src)));
  mergeThemeContrast(problems);
  for (const e of deck.pageErrors) {
    problems.push({ ...src.deck(), severity: 'warning', check: 'fit', rule: 'rd-page-error', audience: t.audience, message: `the deck's page reports a script error: ${e.split('\n')[0]}`, hint: 'check the scripts of your templates' });
  }

  const blocked = [...deck.blocked];
  const handoutHtml = isFolder ? join(t.output, names.handout) : undefined;
  let layout: HandoutLayout | undefined;
  /** The handout's pages as laid out (long notes add rows and pages). */
  let handoutPages: number | undefined;
  if (handoutHtml && existsSync(handoutHtml)) {
    opts.onProgress?.(`checking ${t.outputId}: handout`);
    const h = await measureHandoutFile(mgr, handoutHtml, dir);
    timings.handout = h.ms;
    layout = handoutLayoutOf(handoutHtml);
    handoutPages = h.pages;
    blocked.push(...h.blocked);
    problems.push(...tag(handoutFitProblems(h.cuts, src)));
  }
  problems.push(
    ...tag(requestProblems({ blocked, cspBlocked: deck.cspBlocked, slides: deck.slides, ...(t.printBlocked ? { printBlocked: t.printBlocked } : {}) }, dir, src)),
  );

  const pdfs: string[] = [];
  const pdfText: Corpus[] = [];
  if (opts.pdf !== false && isFolder) {
    const started = performance.now();
    const n = t.slideTitles.length;
    // The final PDFs or the drafts (--draft): whichever the folder holds.
    const variants = draftVariants(t.outputId);
    for (const [name, kind] of [
      [variants.final.slidesPdf, 'slides'],
      [variants.final.handoutPdf, 'handout'],
      [variants.draft.slidesPdf, 'slides'],
      [variants.draft.handoutPdf, 'handout'],
    ] as const) {
      const file = join(t.output, name);
      if (!existsSync(file)) continue;
      opts.onProgress?.(`checking ${t.outputId}: ${name}`);
      pdfs.push(file);
      const facts = await readPdf(file);
      const per = layout ? HANDOUT_PER_PAGE[layout] : undefined;
      const expect =
        kind === 'slides'
          ? { pages: n }
          : layout === 'notes'
            ? { minPages: n }
            : per
              ? { pages: handoutPages ?? Math.ceil(n / per) }
              : {};
      problems.push(...tag(pdfProblems(facts, { name, kind, titles: t.slideTitles, ...expect, ...(layout ? { layout } : {}) }, src)));
      pdfText.push(...pdfCorpora(`${basename(t.output)}/${name}`, facts));
    }
    timings.pdf = Math.round(performance.now() - started);
  }

  if (t.audience === 'public') {
    const started = performance.now();
    const markers = collectMarkers(src, t.extraData ? { value: t.extraData, locate: t.locateExtra } : undefined);
    if (markers.length) {
      const corpora = isFolder ? folderCorpora(t.output, `${basename(t.output)}/`) : textCorpus(basename(t.output), readFileSync(t.output, 'utf8'));
      if (!isFolder) corpora.push({ file: basename(t.output), part: 'file name', text: basename(t.output).toLowerCase() });
      for (const f of t.alsoSearch ?? []) if (existsSync(f)) corpora.push(...textCorpus(basename(f), readFileSync(f, 'utf8')));
      const pptx = isFolder ? join(t.output, `${t.outputId}.pptx`) : undefined;
      if (pptx && existsSync(pptx)) corpora.push(...(await pptxCorpora(`${basename(t.output)}/${basename(pptx)}`, pptx)));
      problems.push(...tag(findLeaks(markers, [...corpora, ...pdfText])));
    }
    timings.leaks = Math.round(performance.now() - started);
  }
  return { problems, timings, slides: deck.slides.length, pdfs };
}

/** Contrast problems that all point at `theme:` are one problem: the theme's colours. */
function mergeThemeContrast(problems: CheckProblem[]): void {
  const theme = problems.filter((p) => p.rule === 'color-contrast' && p.path === 'theme');
  if (theme.length < 2) return;
  const others = theme.slice(1).map((p) => /^slide (\d+)/.exec(p.message)?.[1]).filter(Boolean);
  theme[0]!.message += ` (the same on slide${others.length === 1 ? '' : 's'} ${others.join(', ')})`;
  for (const p of theme.slice(1)) problems.splice(problems.indexOf(p), 1);
}

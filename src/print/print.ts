/**
 * The print stage: a built deck folder → the slides PDF and the A4 handout PDF. Each PDF is one
 * browser print of one document (no per-slide printing and merging), so the tag structure,
 * links and fonts stay intact. The browser comes from src/browser (this module never imports
 * puppeteer): pages there load only the deck folder's own files.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withPage, type BrowserManager, type Page } from '../browser/index.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { outputNames, outputNamesFor } from '../model/outputs.js';
import type { PdfMetadata } from './metadata.js';
import { finishPdf } from './pdfdoc.js';
import { writeFileAtomic } from '../output/write.js';
import type { Bookmark } from './outline.js';

export interface PrintOptions {
  metadata: PdfMetadata;
  /** One per slide (see slideBookmarks); written as the PDF's outline. */
  bookmarks?: readonly Bookmark[];
  /** The page count the document must come out with; a different count is reported as a warning. */
  expectedPages?: number;
  /** Deadline of each browser step (loading, waiting, printing); default: the manager's. */
  timeoutMs?: number;
  /** Called once per URL the page tried to load from outside the deck folder (it was blocked). */
  onBlocked?: (url: string) => void;
}

export interface PrintResult {
  file: string;
  pages: number;
  bytes: number;
  /** Wall time of this PDF, from opening the page to the renamed file. */
  ms: number;
  /** URLs that were blocked (also reported through onBlocked). */
  blocked: string[];
  /** Things a person should look at: an unexpected page count, a bookmark without a target. */
  warnings: string[];
  /**
   * Handout: the slides whose speaker notes are cut off in it all the same, as the page
   * measured them while printing (only what cannot be split, e.g. a table taller than a page).
   */
  cutNotes: CutNotes[];
}

/** A slide whose notes the handout could not print in full. */
export interface CutNotes {
  /** The slide's number in the deck. */
  number: number | null;
  /** Its entry in the deck's `slides:` list. */
  source: number | null;
  /** The activity it shows, if any. */
  item: string | null;
  /** The handout page it is on (1-based). */
  page: number;
}

/** Page size of the slides PDF: reveal.js's canvas (templates/static/init.js), 16:9. */
export const SLIDE_WIDTH_PX = 1280;
export const SLIDE_HEIGHT_PX = 720;

/** Where the slides and handout documents are in a public deck folder (src/bundle writes them). */
export const SLIDES_HTML = outputNames(false).deck;
export const HANDOUT_HTML = outputNames(false).handout;

/**
 * Prints the deck (`index.html?print-pdf`) to one PDF page per slide at 1280×720 px, fragments
 * in their final state. The slides' headings become the tag structure; `bookmarks` the outline.
 */
export async function printSlides(mgr: BrowserManager, deckDir: string, outFile: string, opts: PrintOptions): Promise<PrintResult> {
  return printDocument(mgr, {
    deckDir,
    html: outputNamesFor(basename(deckDir)).deck,
    query: '?print-pdf',
    outFile,
    opts,
    fitPage: true,
    prepare: async (page, step) => {
      // Scripts have run once 'load' fired: without reveal.js there will be no print view.
      if (!(await step(page.evaluate('typeof Reveal !== "undefined"'), 'looking for reveal.js'))) {
        throw new RatsdeckError(`cannot print ${outputNamesFor(basename(deckDir)).deck}: reveal.js did not load`, {
          exitCode: ExitCode.PRINT,
          hint: 'a custom layouts/deck.hbs must load ratsdeck/reveal.js and ratsdeck/init.js like the built-in one',
        });
      }
      await step(
        page.waitForFunction('window.__ratsdeckPdfReady === true', { polling: 50, timeout: 0 }),
        'waiting for reveal.js to lay out the slides for print',
      );
      await step(page.evaluate(prepareSlidesInPage), 'preparing the slides for print');
    },
    pdf: {
      width: `${SLIDE_WIDTH_PX}px`,
      height: `${SLIDE_HEIGHT_PX}px`,
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      preferCSSPageSize: false,
    },
  });
}

export interface PngOptions {
  /** PNG width in pixels (16:9; default 1920, so 1920 × 1080). */
  width?: number;
  timeoutMs?: number;
  onBlocked?: (url: string) => void;
}

export interface PngResult {
  /** The PNGs written, one per slide, in order. */
  files: string[];
  ms: number;
  blocked: string[];
}

/**
 * One PNG per slide (1920 × 1080 by default) from the same print view the slides PDF is
 * printed from, so a PNG shows exactly what the PDF page shows: `fileFor(n, total)` names them.
 */
export async function screenshotSlides(
  mgr: BrowserManager,
  deckDir: string,
  fileFor: (n: number, total: number) => string,
  opts: PngOptions = {},
): Promise<PngResult> {
  const started = performance.now();
  const dir = resolve(deckDir);
  const html = outputNamesFor(basename(dir)).deck;
  const source = join(dir, html);
  if (!existsSync(source)) {
    throw new RatsdeckError(`cannot take pictures of ${html}: ${source} does not exist`, { exitCode: ExitCode.PRINT, hint: 'build the deck first (ratsdeck build)' });
  }
  const name = `${basename(dir)}/png`;
  const timeoutMs = opts.timeoutMs ?? mgr.timeoutMs;
  const step: Step = (p, what) => mgr.step(p, `${name}: ${what}`, timeoutMs);
  const blocked: string[] = [];
  const report = (url: string) => {
    if (blocked.includes(url)) return;
    blocked.push(url);
    opts.onBlocked?.(url);
  };
  const scale = (opts.width ?? 1920) / SLIDE_WIDTH_PX;
  const files = await named(name, withPage(mgr, { allowedDir: dir, onBlocked: report, timeoutMs, emulateFocus: false }, async (page) => {
    // A picture is taken of what the browser composites: the page must be the front tab.
    await step(page.bringToFront(), 'showing the page');
    await step(page.setViewport({ width: SLIDE_WIDTH_PX, height: SLIDE_HEIGHT_PX, deviceScaleFactor: scale }), 'setting the picture size');
    await step(page.evaluateOnNewDocument(observeInPage), 'setting up the page');
    await step(page.goto(pathToFileURL(source).href + '?print-pdf', { waitUntil: 'load', timeout: 0 }), `loading ${html}`);
    await step(page.waitForFunction('window.__ratsdeckPdfReady === true', { polling: 50, timeout: 0 }), 'waiting for reveal.js to lay out the slides');
    await step(page.evaluate(prepareSlidesInPage), 'preparing the slides');
    const refused = await step(page.evaluate(settleInPage), 'waiting for fonts and images');
    for (const url of refused) report(url);
    const total = await step(page.evaluate(countPagesInPage), 'finding the slides');
    const out: string[] = [];
    for (let i = 0; i < total; i++) {
      // Only this slide's print page is shown, so it is the first thing in the document and
      // the viewport is exactly the slide: a plain viewport picture, no re-render of the tall
      // print view per picture (that timed out under load).
      const at = await step(page.evaluate(showOnlyPageInPage, i), `showing slide ${i + 1}`);
      const bytes = await step(
        page.screenshot({ type: 'png', clip: { x: at.x, y: at.y, width: SLIDE_WIDTH_PX, height: SLIDE_HEIGHT_PX }, captureBeyondViewport: false, omitBackground: false }),
        `taking the picture of slide ${i + 1}`,
      );
      const file = fileFor(i + 1, total);
      writeFileAtomic(file, Buffer.from(bytes));
      out.push(file);
    }
    return out;
  }));
  return { files, ms: Math.round(performance.now() - started), blocked };
}

/** Prints handout.html (A4 portrait, size and margin boxes from its @page rule). */
export async function printHandout(mgr: BrowserManager, deckDir: string, outFile: string, opts: PrintOptions): Promise<PrintResult> {
  return printDocument(mgr, {
    deckDir,
    html: outputNamesFor(basename(deckDir)).handout,
    query: '',
    outFile,
    opts,
    fitPage: false,
    // The handout's script measures the notes and lays out the rows: at the printed width and
    // for print media, so that what it measures is what prints.
    setup: async (page, step) => {
      await step(page.setViewport({ width: HANDOUT_CONTENT_PX, height: 1000, deviceScaleFactor: 1 }), 'setting up the page');
      await step(page.emulateMediaType('print'), 'setting up the page');
    },
    prepare: async (page, step) => {
      // The handout's own scripts (fitting long slides, laying out long notes) mark
      // <html data-rd-ready> when done, with the page count and the notes still cut.
      await step(
        page.waitForFunction('document.scripts.length === 0 || document.documentElement.hasAttribute("data-rd-ready")', {
          polling: 50,
          timeout: 0,
        }),
        'waiting for the handout to lay out',
      );
      return step(page.evaluate(handoutReport), 'reading the handout layout');
    },
    pdf: { preferCSSPageSize: true },
  });
}

/** The A4 content width (210 mm − 2 × 15 mm, templates/layouts/handout.hbs) in whole CSS px. */
const HANDOUT_CONTENT_PX = Math.floor((180 * 96) / 25.4);

/** What a document's own scripts said about its layout. */
interface LayoutReport {
  /** The page count it laid out. */
  pages?: number;
  cutNotes?: CutNotes[];
}

interface PdfPageOptions {
  width?: string;
  height?: string;
  margin?: { top: number; right: number; bottom: number; left: number };
  preferCSSPageSize: boolean;
}

type Step = <T>(p: Promise<T>, what: string) => Promise<T>;

interface DocumentJob {
  deckDir: string;
  html: string;
  query: string;
  outFile: string;
  opts: PrintOptions;
  fitPage: boolean;
  /** Before the document loads (viewport, media). */
  setup?: (page: Page, step: Step) => Promise<void>;
  /** Gets the loaded document ready for print (slides: wait for reveal.js's print view). */
  prepare: (page: Page, step: Step) => Promise<LayoutReport | void>;
  pdf: PdfPageOptions;
}

async function printDocument(mgr: BrowserManager, job: DocumentJob): Promise<PrintResult> {
  const started = performance.now();
  const deckDir = resolve(job.deckDir);
  const source = join(deckDir, job.html);
  if (!existsSync(source)) {
    throw new RatsdeckError(`cannot print ${job.html}: ${source} does not exist`, {
      exitCode: ExitCode.PRINT,
      hint: job.html.startsWith('handout') ? 'build the deck with a handout layout first (ratsdeck pdf, or build --pdf)' : 'build the deck first (ratsdeck build)',
    });
  }
  const outFile = resolve(job.outFile);
  const name = basename(outFile);
  const timeoutMs = job.opts.timeoutMs ?? mgr.timeoutMs;
  // A step's failure names the PDF already (`${name}: ${what}`); named() leaves those as they are.
  const step: Step = (p, what) =>
    mgr.step(p, `${name}: ${what}`, timeoutMs).catch((err: unknown) => {
      if (err instanceof RatsdeckError) namedErrors.add(err);
      throw err;
    });
  const blocked: string[] = [];
  const report = (url: string) => {
    if (blocked.includes(url)) return;
    blocked.push(url);
    job.opts.onBlocked?.(url);
  };

  const raw = await named(name, withPage(mgr, { allowedDir: deckDir, onBlocked: report, timeoutMs }, async (page) => {
    // Before any script of the page runs: note when reveal.js has laid out the print view,
    // and which URLs the page's Content-Security-Policy refused (those never reach the
    // network, so request interception does not see them).
    await step(page.evaluateOnNewDocument(observeInPage), 'setting up the page');
    await job.setup?.(page, step);
    await step(page.goto(pathToFileURL(source).href + job.query, { waitUntil: 'load', timeout: 0 }), `loading ${job.html}`);
    const layout = (await job.prepare(page, step)) ?? {};
    const targets = linkTargets(job.opts.bookmarks);
    if (targets.length) await step(page.evaluate(addDestinationLinks, targets), 'adding bookmark targets');
    // Web fonts and images: print only once every glyph and picture is there.
    const refused = await step(page.evaluate(settleInPage), 'waiting for fonts and images');
    for (const url of refused) report(url);
    const bytes = await step(
      page.pdf({
        ...job.pdf,
        printBackground: true,
        tagged: true,
        // The outline is written afterwards from the slide list (see outline.ts).
        outline: false,
        displayHeaderFooter: false,
        timeout: 0,
      }),
      'printing',
    );
    return { bytes, layout };
  }));

  const finished = await finishPdf(raw.bytes, {
    metadata: job.opts.metadata,
    ...(job.opts.bookmarks ? { bookmarks: job.opts.bookmarks } : {}),
    fitPage: job.fitPage,
  });
  const warnings: string[] = [];
  // The page count the document laid out itself (long notes add rows and pages) wins.
  const expected = raw.layout.pages ?? job.opts.expectedPages;
  if (expected !== undefined && finished.pages !== expected) {
    warnings.push(`${name} has ${finished.pages} pages, expected ${expected}: a slide may be split or a page left blank`);
  }
  if (finished.missingDestinations.length) {
    warnings.push(`${name}: no element for bookmark target${finished.missingDestinations.length === 1 ? '' : 's'} ${finished.missingDestinations.join(', ')} (a custom slide layout without the section id?); used the computed page`);
  }
  writeFileAtomic(outFile, finished.bytes, { mkdir: false });
  return {
    file: outFile,
    pages: finished.pages,
    bytes: finished.bytes.length,
    ms: Math.round(performance.now() - started),
    blocked,
    warnings,
    cutNotes: raw.layout.cutNotes ?? [],
  };
}

/** The errors of print steps, which carry the PDF's name in their message already. */
const namedErrors = new WeakSet<RatsdeckError>();

/** Failures of the browser stage while printing (opening a page) name the PDF they were for. */
async function named<T>(name: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    // A missing or broken browser (exit 5) is about the machine, not this PDF.
    if (!(err instanceof RatsdeckError) || err.exitCode !== ExitCode.PRINT || namedErrors.has(err)) throw err;
    throw new RatsdeckError(`${name}: ${err.message}`, {
      exitCode: err.exitCode,
      cause: err,
      ...(err.hint !== undefined ? { hint: err.hint } : {}),
      problems: err.problems,
    });
  }
}

function linkTargets(bookmarks: readonly Bookmark[] | undefined): string[] {
  const out: string[] = [];
  const walk = (list: readonly Bookmark[]) => {
    for (const b of list) {
      out.push(b.dest);
      walk(b.children);
    }
  };
  walk(bookmarks ?? []);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Functions that run inside the page. They are serialised by puppeteer, so they use nothing
// from this module.

interface PageWindow {
  __ratsdeckPdfReady?: boolean;
  __ratsdeckRefused?: string[];
}

function observeInPage(): void {
  const w = window as unknown as PageWindow;
  w.__ratsdeckRefused = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    if (e.blockedURI && /^[a-z][a-z0-9+.-]*:/i.test(e.blockedURI)) w.__ratsdeckRefused!.push(e.blockedURI);
  });
  // reveal.js dispatches 'pdf-ready' (it bubbles) when its print view is laid out.
  document.addEventListener('pdf-ready', () => {
    w.__ratsdeckPdfReady = true;
  });
}

/**
 * Adds hidden links to the bookmark targets: Chromium writes a named destination (with the page
 * the element landed on) for every element a link in the document points to.
 */
function addDestinationLinks(ids: string[]): number {
  const nav = document.createElement('nav');
  nav.hidden = true;
  nav.setAttribute('data-ratsdeck', 'destinations');
  let found = 0;
  for (const id of ids) {
    if (!document.getElementById(id)) continue;
    const a = document.createElement('a');
    a.href = `#${id}`;
    nav.appendChild(a);
    found++;
  }
  document.body.appendChild(nav);
  return found;
}

function prepareSlidesInPage(): void {
  // reveal.js moves each slide into a .pdf-page for print, where a theme's
  // `.slides > section` rules (the 1280×720 canvas) no longer match, and sets no height of its
  // own: a slide whose frame is absolutely positioned would collapse to nothing.
  const cfg = (window as unknown as { Reveal: { getConfig(): { width: number | string; height: number | string } } }).Reveal.getConfig();
  const height = typeof cfg.height === 'number' ? cfg.height : parseFloat(cfg.height) || 720;
  document.querySelectorAll<HTMLElement>('.reveal .slides .pdf-page > section').forEach((s) => {
    if (s.getBoundingClientRect().height < height - 1) s.style.height = `${height}px`;
  });
  // reveal.js marks every slide but the current one hidden and aria-hidden. The print shows them
  // all, so the tag structure (and the text for screen readers) must have them all too.
  document.querySelectorAll('.reveal .slides section').forEach((s) => {
    s.removeAttribute('hidden');
    s.removeAttribute('aria-hidden');
    s.removeAttribute('inert');
  });
  // role=application would make the whole deck one opaque element for assistive technology.
  document.querySelector('.reveal')?.removeAttribute('role');
  // Fragments in their final state: one page per slide, as it looks after the last step.
  document.querySelectorAll('.reveal .slides .fragment').forEach((f) => f.classList.add('visible'));
}

function countPagesInPage(): number {
  return document.querySelectorAll('.reveal .slides .pdf-page').length;
}

/** Hides every print page but the n-th and returns where that one is in the viewport. */
function showOnlyPageInPage(n: number): { x: number; y: number } {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides .pdf-page'));
  pages.forEach((p, i) => {
    p.style.display = i === n ? '' : 'none';
  });
  window.scrollTo(0, 0);
  const r = pages[n]!.getBoundingClientRect();
  return { x: Math.max(0, r.left), y: Math.max(0, r.top) };
}

/** What templates/static/handout.js wrote on <html>: data-rd-pages and data-rd-cut. */
function handoutReport(): LayoutReport {
  const html = document.documentElement;
  const out: LayoutReport = {};
  const pages = Number(html.getAttribute('data-rd-pages'));
  if (html.hasAttribute('data-rd-pages') && Number.isInteger(pages) && pages > 0) out.pages = pages;
  try {
    const cut: unknown = JSON.parse(html.getAttribute('data-rd-cut') ?? '[]');
    if (Array.isArray(cut)) out.cutNotes = cut as CutNotes[];
  } catch {
    // A custom handout script wrote something else: nothing to report.
  }
  return out;
}

async function settleInPage(): Promise<string[]> {
  await document.fonts.ready;
  await Promise.all(
    Array.from(document.images).map((img) =>
      img.complete
        ? img.decode().catch(() => undefined)
        : new Promise<void>((res) => {
            img.addEventListener('load', () => res(), { once: true });
            img.addEventListener('error', () => res(), { once: true });
          }),
    ),
  );
  // Let violation events queued by the last loads fire, then lay out once more.
  await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
  return (window as unknown as { __ratsdeckRefused?: string[] }).__ratsdeckRefused ?? [];
}

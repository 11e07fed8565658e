/**
 * Drives the browser for the checks: opens a built deck, shows every slide in turn, measures
 * it and runs axe-core on it; opens the handout document and looks for cut-off content. Only
 * through src/browser (pages that load nothing from the network, with deadlines).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { withPage, type BrowserManager, type Page } from '../browser/index.js';
import { installMeasuring, type AxeHit, type HandoutCut, type PageMeasuring, type SlideMeasure } from './page.js';
import { measureChartLabels } from './page-charts.js';

/** The WCAG 2.1 A and AA rules of axe-core (BITV 2.0 / EN 301 549 refer to WCAG 2.1 AA). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The slide canvas every ratsdeck theme lays out (templates/static/init.js). */
export const CANVAS = { width: 1280, height: 720 } as const;

export interface DeckMeasure {
  slides: SlideMeasure[];
  /** axe-core per slide (same order as slides) and for the document around the slides. */
  axe: { violations: AxeHit[]; incomplete: AxeHit[] }[];
  documentAxe: { violations: AxeHit[]; incomplete: AxeHit[] };
  /** Requests the page tried to make outside the deck folder (blocked), in order. */
  blocked: string[];
  /** Loads the Content-Security-Policy stopped before they became requests. */
  cspBlocked: string[];
  /** Errors the page's scripts threw (a broken custom template or theme script). */
  pageErrors: string[];
  ms: number;
}

export interface HandoutMeasure {
  pages: number;
  items: number;
  layout: string | null;
  cuts: HandoutCut[];
  blocked: string[];
  ms: number;
}

let axeSource: string | undefined;
function axeScript(): string {
  if (!axeSource) {
    const require = createRequire(import.meta.url);
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

/** The page's window once installMeasuring ran (inline in each evaluate: it runs in the page). */
type Measured = { __rdMeasure: PageMeasuring };

/** Waits two frames, so that layout after a navigation has settled. */
function settle(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
}

async function recordCsp(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __rdCsp: string[] };
    w.__rdCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.blockedURI && !/^(inline|eval|data|blob)$/.test(e.blockedURI)) w.__rdCsp.push(e.blockedURI);
    });
  });
}

export interface MeasureOptions {
  /** Folders whose files the page may load (the deck's output folder). */
  allowedDir: string | string[];
  /** Text below this size (canvas px) is listed in smallTexts. */
  minPx: number;
  /** Skip axe-core (fit and requests only). */
  noAxe?: boolean;
  /** Called after each slide (for progress output). */
  onSlide?: (done: number, total: number) => void;
}

/** Opens index.html of a built deck, visits every slide, measures it and runs axe on it. */
export async function measureDeck(mgr: BrowserManager, htmlFile: string, opts: MeasureOptions): Promise<DeckMeasure> {
  const started = performance.now();
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  return withPage(mgr, { allowedDir: opts.allowedDir, onBlocked: (u) => blocked.push(u) }, async (page) => {
    page.on('pageerror', (e) => pageErrors.push(e instanceof Error ? e.message : String(e)));
    await mgr.step(page.setViewport({ width: CANVAS.width, height: CANVAS.height, deviceScaleFactor: 1 }), 'setting up the page');
    await mgr.step(recordCsp(page), 'setting up the page');
    await mgr.step(page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' }), `loading ${htmlFile}`);
    await mgr.step(
      page.waitForFunction(() => {
        const R = (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal;
        return !R || R.isReady();
      }),
      'waiting for reveal.js',
    );
    await mgr.step(page.evaluate(() => document.fonts.ready.then(() => true)), 'waiting for the fonts');
    if (!opts.noAxe) await mgr.step(page.evaluate(`${axeScript()};true`), 'loading axe-core');
    await mgr.step(page.evaluate(installMeasuring), 'setting up the measurements');

    const total = await page.evaluate(() => {
      const R = (window as unknown as { Reveal?: { getSlides(): HTMLElement[] } }).Reveal;
      return R ? R.getSlides().length : document.querySelectorAll('.reveal .slides section').length;
    });
    const slides: SlideMeasure[] = [];
    const axe: DeckMeasure['axe'] = [];
    for (let i = 0; i < total; i++) {
      await mgr.step(
        page.evaluate((i: number) => {
          type R = { getSlides(): HTMLElement[]; getIndices(s: HTMLElement): { h: number; v?: number }; slide(h: number, v?: number): void; nextFragment(): boolean };
          const R = (window as unknown as { Reveal?: R }).Reveal;
          if (!R) return;
          const s = R.getSlides()[i]!;
          const at = R.getIndices(s);
          R.slide(at.h, at.v);
          // Fragments in their final state, as printed.
          for (let n = 0; n < 500 && R.nextFragment(); n++);
        }, i),
        `showing slide ${i + 1}`,
      );
      await mgr.step(settle(page), `showing slide ${i + 1}`);
      const m = await mgr.step(page.evaluate((i: number, min: number) => (window as unknown as Measured).__rdMeasure.measureSlide(i, min), i, opts.minPx), `measuring slide ${i + 1}`);
      m.charts = await mgr.step(page.evaluate(measureChartLabels, i), `measuring the charts of slide ${i + 1}`);
      slides.push(m);
      axe.push(opts.noAxe ? { violations: [], incomplete: [] } : await mgr.step(page.evaluate((i: number, tags: string[]) => (window as unknown as Measured).__rdMeasure.runAxe(i, tags), i, AXE_TAGS), `checking slide ${i + 1} with axe-core`));
      opts.onSlide?.(i + 1, total);
    }
    const documentAxe = opts.noAxe ? { violations: [], incomplete: [] } : await mgr.step(page.evaluate((tags: string[]) => (window as unknown as Measured).__rdMeasure.runAxe(-1, tags), AXE_TAGS), 'checking the page with axe-core');
    const cspBlocked = await page.evaluate(() => (window as unknown as { __rdCsp?: string[] }).__rdCsp ?? []);
    return { slides, axe, documentAxe, blocked, cspBlocked: [...new Set(cspBlocked)], pageErrors, ms: Math.round(performance.now() - started) };
  });
}

/** A4 content width (210 mm − 2 × 15 mm margin, templates/layouts/handout.hbs) in CSS px. */
const HANDOUT_CONTENT_PX = Math.round((180 * 96) / 25.4);

/** Opens handout.html laid out as printed (print media, A4 content width) and finds cut content. */
export async function measureHandoutFile(mgr: BrowserManager, htmlFile: string, allowedDir: string | string[]): Promise<HandoutMeasure> {
  const started = performance.now();
  const blocked: string[] = [];
  return withPage(mgr, { allowedDir, onBlocked: (u) => blocked.push(u) }, async (page) => {
    await mgr.step(page.setViewport({ width: HANDOUT_CONTENT_PX, height: 1000, deviceScaleFactor: 1 }), 'setting up the page');
    await mgr.step(page.emulateMediaType('print'), 'setting up the page');
    await mgr.step(page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' }), `loading ${htmlFile}`);
    await mgr.step(page.evaluate(() => document.fonts.ready.then(() => true)), 'waiting for the fonts');
    // The handout's script fits the notes and lays out long ones over more rows and pages.
    await mgr.step(
      page.waitForFunction('document.scripts.length === 0 || document.documentElement.hasAttribute("data-rd-ready")', { polling: 50 }),
      'waiting for the handout to lay out',
    );
    await mgr.step(settle(page), 'laying out the handout');
    await mgr.step(page.evaluate(installMeasuring), 'setting up the measurements');
    const m = await mgr.step(page.evaluate(() => (window as unknown as Measured).__rdMeasure.measureHandout()), 'measuring the handout');
    return { ...m, blocked, ms: Math.round(performance.now() - started) };
  });
}

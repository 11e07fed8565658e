// needs: browser
/**
 * Built decks in the real Chromium (one browser for this file, through src/browser): reveal.js
 * starts, the slide count is right, nothing logs an error, no request leaves file:// (the
 * single file makes no request at all besides itself), speaker notes are there and the speaker
 * view opens offline. The hostile deck (test/fixtures/hostile/) runs nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager, withPage, type Page } from '../../src/browser/index.js';
import { buildDeck, type BuildResult } from '../../src/pipeline.js';
import { notesOf, slideSections } from '../render/helpers.js';
import { browserPath } from '../browser/chromium.js';

const REPO = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(REPO, 'decks', '2021-05-hfa.yaml');
const HOSTILE = join(REPO, 'test', 'fixtures', 'hostile', 'deck.yaml');
const LONG = join(REPO, 'test', 'fixtures', 'render', 'long');
// The browser the project's CI and this machine have; no silent skip when it is missing.
const CHROMIUM = browserPath();

interface Observed {
  /** Every URL the page (and its frames) requested, in order. */
  requests: string[];
  /** URLs the page stage blocked (anything but file:// inside the deck and inline data). */
  blocked: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

let tmp: string;
let mgr: BrowserManager;
let folder: BuildResult;
let single: BuildResult;
let hostileFolder: BuildResult;
let hostileSingle: BuildResult;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-browser-'));
  folder = await buildDeck(EXAMPLE, { outDir: join(tmp, 'folder') });
  single = await buildDeck(EXAMPLE, { outDir: join(tmp, 'single'), singleFile: true });
  hostileFolder = await buildDeck(HOSTILE, { outDir: join(tmp, 'hostile') });
  hostileSingle = await buildDeck(HOSTILE, { outDir: join(tmp, 'hostile-single'), singleFile: true });
  mgr = new BrowserManager({ browser: CHROMIUM });
  await mgr.getBrowser();
});

afterAll(async () => {
  await mgr?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Records what a page does from its first request on. */
function observe(page: Page, obs: Observed): void {
  page.on('request', (r) => obs.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') obs.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => obs.pageErrors.push(String(e)));
  page.on('dialog', (d) => obs.dialogs.push(`${d.type()}: ${d.message()}`));
}

/** Opens a built deck from file://, waits for reveal.js, runs `fn`; returns what was observed. */
async function openDeck<T>(file: string, allowedDir: string, fn: (page: Page, obs: Observed) => Promise<T>): Promise<{ obs: Observed; result: T }> {
  const obs: Observed = { requests: [], blocked: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  const result = await withPage(mgr, { allowedDir, onBlocked: (u) => obs.blocked.push(u) }, async (page) => {
    observe(page, obs);
    await mgr.step(page.goto(pathToFileURL(file).href, { waitUntil: 'load' }), `loading ${file}`);
    await mgr.step(
      page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, { timeout: 20_000 }),
      'waiting for reveal.js',
    );
    // Every slide once, so that anything a slide loads or runs when shown has happened.
    await page.evaluate(async () => {
      const R = (window as unknown as { Reveal: { getTotalSlides(): number; slide(h: number): void } }).Reveal;
      for (let i = 0; i < R.getTotalSlides(); i++) {
        R.slide(i);
        await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      }
      R.slide(0);
      await document.fonts.ready;
    });
    return fn(page, obs);
  });
  return { obs, result };
}

const deckState = (page: Page) =>
  page.evaluate(() => {
    const R = (window as unknown as { Reveal: Record<string, (...a: unknown[]) => unknown> }).Reveal;
    return {
      ready: R.isReady!() as boolean,
      total: R.getTotalSlides!() as number,
      sections: document.querySelectorAll('.reveal .slides > section').length,
      notesPlugin: R.hasPlugin!('notes') as boolean,
      notes: (R.getSlides!() as Element[]).map((s) => (R.getSlideNotes!(s) as string | undefined) ?? ''),
      fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')),
    };
  });

describe('the example deck built as a folder (decks/2021-05-hfa.yaml)', () => {
  it('reveal.js initialises with one slide per rendered slide, without console errors, loading only files of the deck folder', async () => {
    const dir = folder.manifest!.path;
    const { obs, result } = await openDeck(join(dir, 'index.html'), dir, deckState);
    expect(result.ready).toBe(true);
    expect(result.total).toBe(folder.rendered!.slides.length);
    expect(result.sections).toBe(folder.rendered!.slides.length);
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.pageErrors).toEqual([]);
    expect(obs.dialogs).toEqual([]);
    expect(obs.blocked).toEqual([]);
    const base = pathToFileURL(dir).href + '/';
    expect(obs.requests.length).toBeGreaterThan(5);
    for (const u of obs.requests) expect(u.startsWith(base), u).toBe(true);
    // The theme's own fonts (shipped in ratsdeck/fonts/, not from Google Fonts) are in use.
    expect(result.fonts).toContain('Source Sans 3');
    expect(obs.requests.some((u) => /\/ratsdeck\/fonts\/.+\.woff2$/.test(u))).toBe(true);
  });

  it('has the speaker notes of every slide that has notes', async () => {
    const dir = folder.manifest!.path;
    const { result } = await openDeck(join(dir, 'index.html'), dir, deckState);
    const expected = slideSections(folder.rendered!.html).map((s) => notesOf(s.html) ?? '');
    expect(expected.filter(Boolean).length).toBe(folder.rendered!.slides.filter((s) => s.hasNotes).length);
    expect(expected.filter(Boolean).length).toBeGreaterThan(3);
    expect(result.notes.map((n) => n.trim())).toEqual(expected.map((n) => n.trim()));
    expect(result.notesPlugin).toBe(true);
  });

  it('opens the speaker view (key S) offline: it connects, shows the notes, and its frames load only the deck\'s files', async () => {
    const dir = folder.manifest!.path;
    const base = pathToFileURL(dir).href + '/';
    const firstNotes = folder.rendered!.slides.findIndex((s) => s.hasNotes);
    const popupObs: Observed = { requests: [], blocked: [], consoleErrors: [], pageErrors: [], dialogs: [] };
    const { obs, result } = await openDeck(join(dir, 'index.html'), dir, async (page) => {
      const popupOpened = new Promise<Page>((resolve) => page.once('popup', (p) => resolve(p!)));
      await page.evaluate((i) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(i), firstNotes);
      await page.keyboard.press('s');
      const popup = await mgr.step(popupOpened, 'waiting for the speaker view window', 20_000);
      observe(popup, popupObs);
      try {
        // Connected: the speaker view hides its "Loading speaker view..." overlay and shows notes.
        await mgr.step(
          popup.waitForFunction(
            () =>
              (document.querySelector('#connection-status') as HTMLElement | null)?.style.display === 'none' &&
              (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').trim() !== '',
            { timeout: 20_000 },
          ),
          'waiting for the speaker view to connect',
        );
        // Both preview frames are the deck itself in receiver mode, with reveal.js running (file://
        // documents are opaque origins to each other, so ask each frame through the browser).
        const previews = () => popup.frames().filter((f) => f !== popup.mainFrame());
        const deadline = Date.now() + 20_000;
        for (;;) {
          const ready = await Promise.all(
            previews().map((f) => f.evaluate(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true).catch(() => false)),
          );
          if (ready.length === 2 && ready.every(Boolean)) break;
          if (Date.now() > deadline) throw new Error(`speaker view previews not ready: ${JSON.stringify(ready)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const view = await popup.evaluate(() => ({
          title: document.title,
          notes: document.querySelector('.speaker-controls-notes .value')?.innerHTML ?? '',
          frames: [...document.querySelectorAll('iframe')].map((f) => f.src),
        }));
        const resources: string[] = [];
        for (const f of popup.frames()) {
          resources.push(f.url(), ...(await f.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))));
        }
        return { view, resources };
      } finally {
        await popup.close().catch(() => undefined);
      }
    });
    const expectedNotes = notesOf(slideSections(folder.rendered!.html)[firstNotes]!.html)!;
    expect(result.view.title).toBe('reveal.js - Speaker View');
    expect(result.view.notes.trim()).toBe(expectedNotes.trim());
    expect(result.view.frames).toHaveLength(2);
    for (const f of result.view.frames) expect(f.startsWith(`${base}index.html?receiver`), f).toBe(true);
    for (const u of [...popupObs.requests, ...result.resources.filter((u) => u !== 'about:blank')]) {
      expect(u.startsWith(base), u).toBe(true);
    }
    expect(popupObs.requests.length).toBeGreaterThan(0);
    expect([...obs.consoleErrors, ...popupObs.consoleErrors, ...obs.pageErrors, ...popupObs.pageErrors]).toEqual([]);
    expect(obs.blocked).toEqual([]);
  });
});

describe('the example deck as a single file (--single-file)', () => {
  it('opens from file:// with no request besides the page itself, and reveal.js shows the same slides', async () => {
    const file = single.manifest!.path;
    const { obs, result } = await openDeck(file, join(tmp, 'single'), deckState);
    const self = pathToFileURL(file).href;
    expect(obs.requests.filter((u) => !u.startsWith('data:'))).toEqual([self]);
    expect(obs.blocked).toEqual([]);
    expect(result.ready).toBe(true);
    expect(result.total).toBe(folder.rendered!.slides.length);
    expect(result.total).toBe(single.rendered!.slides.length);
    expect(result.notesPlugin).toBe(true);
    expect(result.notes.filter(Boolean).length).toBe(single.rendered!.slides.filter((s) => s.hasNotes).length);
    expect(result.fonts).toContain('Source Sans 3');
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.pageErrors).toEqual([]);
    expect(obs.dialogs).toEqual([]);
  });
});

describe('the hostile deck (test/fixtures/hostile/) in the browser', () => {
  const inDom = (page: Page) =>
    page.evaluate(() => {
      const handlers: string[] = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.getAttributeNames()) if (/^on/i.test(a)) handlers.push(`${el.tagName} ${a}`);
      }
      return {
        handlers,
        scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? `inline:${s.textContent!.length}`),
        jsLinks: [...document.querySelectorAll('[href],[src]')]
          .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
          .filter((u) => /^\s*(javascript|vbscript):/i.test(u)),
        embedded: document.querySelectorAll('iframe, object, embed, foreignObject, .reveal svg:not(.rd-chart__svg)').length,
        title: document.querySelector('#folie-1-titel')?.textContent,
        docTitle: document.title,
        alts: [...document.querySelectorAll('img')].map((i) => i.getAttribute('alt')),
        total: (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides(),
      };
    });
  const TITLE = `"><svg onload=alert('title')><script>alert('title')</script>`;

  it('as a folder: no dialog, no console error, no handler attribute, only ratsdeck\'s scripts; the texts show as typed', async () => {
    const dir = hostileFolder.manifest!.path;
    const { obs, result } = await openDeck(join(dir, 'index.html'), dir, inDom);
    expect(obs.dialogs).toEqual([]);
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.pageErrors).toEqual([]);
    expect(obs.blocked).toEqual([]);
    expect(result.handlers).toEqual([]);
    expect(result.jsLinks).toEqual([]);
    expect(result.embedded).toBe(0);
    expect(result.scripts.every((s) => /^ratsdeck\/[a-z0-9-]+\.js$/.test(s))).toBe(true);
    expect(result.title).toBe(TITLE);
    expect(result.docTitle.startsWith(TITLE)).toBe(true);
    expect(result.alts).toContain(`"><svg onload=alert('logo-alt')>`);
    expect(result.total).toBe(hostileFolder.rendered!.slides.length);
  });

  it('as a single file: the same, and the script inside the logo SVG (now a data: URL image) does not run', async () => {
    const file = hostileSingle.manifest!.path;
    const { obs, result } = await openDeck(file, join(tmp, 'hostile-single'), inDom);
    expect(obs.dialogs).toEqual([]);
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.pageErrors).toEqual([]);
    expect(obs.requests.filter((u) => !u.startsWith('data:'))).toEqual([pathToFileURL(file).href]);
    expect(result.handlers).toEqual([]);
    expect(result.jsLinks).toEqual([]);
    expect(result.embedded).toBe(0);
    // Inline now, but exactly the scripts ratsdeck ships (one per script asset).
    expect(result.scripts).toHaveLength(hostileSingle.rendered!.assets.filter((a) => a.kind === 'script').length);
    expect(result.scripts.every((s) => s.startsWith('inline:'))).toBe(true);
    expect(result.title).toBe(TITLE);
  });
});

describe('continued tables fit on their slides', () => {
  // test/fixtures/render/long/ with realistic two-line rows: long activity titles, a long Amt,
  // long recommendations with a response. Every table page must fit its slide in every theme
  // (fit.js may set the text a little smaller; nothing may run past the slide's body).
  it.each(['stadt', 'kontrast', 'nacht'])('theme %s: no slide body overflows', async (theme) => {
    const project = join(tmp, `long-${theme}`);
    cpSync(LONG, project, { recursive: true });
    const file = join(project, 'deck.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^ {4}title: (Aktivität \d+)$/gm, '    title: $1 – Einführung der elektronischen Akte in allen Fachämtern der Stadtverwaltung')
        .replace(/^ {4}responsible: Amt \d+$/gm, '    responsible: 10-Hauptamt, Abteilung Organisation und IT')
        .replace(
          /^ {6}title: (Empfehlung \d+)$/gm,
          '      title: $1 zur Informationssicherheit in der Verwaltung und in den Schulen der Stadt\n' +
            '      response: Die Verwaltung prüft die Empfehlung und berichtet im nächsten Ausschuss über das Ergebnis der Prüfung.',
        ),
    );
    const built = await buildDeck(file, { outDir: join(tmp, `long-out-${theme}`), theme });
    expect(built.rendered!.html).toContain('Aktivität 13 – Einführung der elektronischen Akte');
    expect(built.rendered!.html).toContain('Empfehlung 9 zur Informationssicherheit');
    const dir = built.manifest!.path;
    const { obs, result } = await openDeck(join(dir, 'index.html'), dir, (page) =>
      page.evaluate(async () => {
        const R = (window as unknown as { Reveal: { getTotalSlides(): number; slide(h: number): void; getCurrentSlide(): Element } }).Reveal;
        const over: string[] = [];
        for (let i = 0; i < R.getTotalSlides(); i++) {
          R.slide(i);
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          const body = R.getCurrentSlide().querySelector('.rd-body') as HTMLElement;
          if (body.scrollHeight > body.clientHeight + 1) over.push(`slide ${i + 1}: ${body.scrollHeight} > ${body.clientHeight}`);
        }
        return { over, titles: [...document.querySelectorAll('.rd-title')].map((t) => t.textContent) };
      }),
    );
    expect(result.titles).toContain('Übersicht (Fortsetzung)');
    expect(result.over).toEqual([]);
    expect(obs.consoleErrors).toEqual([]);
  });
});

// needs: browser
/**
 * Long speaker notes in the handout (issue 11, item 7): no handout loses text silently. In the
 * layouts with notes every word of every note is in the PDF (read back with pdf.js, as the
 * checks read it); the layouts without notes say so; what cannot be split (a table row taller
 * than a page) is a warning at the notes in the deck file. One browser for the whole file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import { readPdf } from '../../src/check/pdf.js';
import { printDeck } from '../../src/pdf.js';
import { buildDeck } from '../../src/pipeline.js';
import { HANDOUT_LAYOUTS, HANDOUT_PER_PAGE, HANDOUT_WITH_NOTES, type HandoutLayout } from '../../src/render/render.js';
import { checkDecks } from '../../src/usecases/check.js';
import { outline } from './pdf.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'long-notes');
const DECK = join(FIXTURES, 'deck.yaml');
const TALL = join(FIXTURES, 'tall-row.yaml');
const LONG_TITLE = join(FIXTURES, 'long-title.yaml');

let dir: string;
let mgr: BrowserManager;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-long-notes-'));
  mgr = new BrowserManager({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await mgr?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function print(file: string, layout: HandoutLayout, name: string) {
  const r = await buildDeck(file, { outDir: join(dir, name), handout: layout });
  const [res] = await printDeck(mgr, r, { slides: false, handout: layout, env: {} });
  const facts = await readPdf(res!.file);
  return { r, res: res!, facts, text: facts.text.join('\n') };
}

const count = (text: string, word: string) => text.split(word).length - 1;

/**
 * The fixture's notes are numbered sentences ("Satz N6S17: Die Verwaltung berichtet … im
 * laufenden Haushaltsjahr.") and list items ("Punkt N4L03: …"): 160 sentences, 6 items.
 * Every sentence's number once, and each of its words as often as there are sentences: no
 * line of ~45 characters can go missing without one of them.
 */
const SENTENCES = { 2: 18, 4: 12, 6: 60, 7: 20 } as const;
const ITEMS = 6;

function expectAllNotes(text: string): void {
  let total = 0;
  for (const [slide, n] of Object.entries(SENTENCES)) {
    for (let i = 1; i <= n; i++) expect(count(text, `N${slide}S${String(i).padStart(2, '0')}`), `sentence N${slide}S${i}`).toBe(1);
    total += n;
  }
  for (let i = 1; i <= ITEMS; i++) expect(count(text, `N4L${String(i).padStart(2, '0')}`), `list item ${i}`).toBe(1);
  for (const word of ['Verwaltung', 'berichtet', 'Umsetzung', 'Kosten', 'nächsten', 'Schritte', 'laufenden', 'Haushaltsjahr']) {
    expect(count(text, word), word).toBe(total);
  }
  expect(count(text, 'Aufzählung')).toBe(ITEMS);
  expect(text).toContain('Eine kurze Notiz zur dritten Folie.');
  expect(text).toContain('Abschluss.');
}

describe('a deck with very long notes (2,000 to 8,000 characters), in every handout layout', () => {
  for (const layout of HANDOUT_LAYOUTS) {
    it(`layout ${layout}: ${HANDOUT_WITH_NOTES.includes(layout) ? 'every word of every note is in the PDF' : 'says that its notes are not in it'}`, async () => {
      const { r, res, facts, text } = await print(DECK, layout, `layout-${layout}`);
      expect(res.problems).toEqual([]);
      expect(facts.pages).toBe(res.pages);
      // Every slide title, and a bookmark for each.
      expect(facts.bookmarks).toEqual(r.rendered!.slides.map((s) => s.title));
      if (HANDOUT_WITH_NOTES.includes(layout)) {
        // The page count the handout laid out, with no warning about it.
        expect(res.warnings).toEqual([]);
        expectAllNotes(text);
      } else {
        expect(res.pages).toBe(Math.ceil(8 / HANDOUT_PER_PAGE[layout]));
        expect(res.warnings).toEqual([
          `deck-handout.pdf: layout ${layout} has no room for speaker notes; the notes of slides 1, 2, 3, 4, 6, 7, 8 are not in it (print with --handout 3 or --handout notes to include them)`,
        ]);
      }
    });
  }

  it('layout 3: rows grow for long notes, and what the page cannot hold goes on under "Folie N: Titel (Fortsetzung)"', async () => {
    const { res, facts } = await print(DECK, '3', 'rows');
    // 8 slides: 3 pages at three a page; the long notes take five.
    expect(res.pages).toBe(5);
    const pages = facts.text.map((t) => t.replace(/\s+/g, ' '));
    expect(pages.map((p) => /Fortsetzung\)/.test(p))).toEqual([false, false, false, true, true]);
    expect(pages[3]).toContain('Folie 6: Sehr lange Notiz (Fortsetzung)');
    expect(pages[4]).toContain('Folie 7: Noch eine lange (Fortsetzung)');
    // Every page has its header and "Seite X von 5".
    pages.forEach((p, i) => {
      expect(p).toContain('ST/0043/2021');
      expect(p).toContain(`Seite ${i + 1} von 5`);
    });
    // The bookmarks point at the page each slide landed on (slide 8 after slide 7's continuation).
    expect((await outline(res.file)).map((o) => o.page)).toEqual([0, 0, 1, 1, 2, 2, 3, 4]);
  });

  it('ratsdeck check --pdf finds nothing cut and the page count the handout laid out', async () => {
    const c = await checkDecks([DECK], { pdf: true, axe: false, outDir: join(dir, 'check') });
    const handout = c.problems.filter((p) => p.rule?.startsWith('rd-handout') || p.rule === 'rd-pdf-pages');
    expect(handout).toEqual([]);
  });
});

describe('what cannot be split', () => {
  it('a table row taller than a page: pdf warns at the notes in the deck file, and names the layout that fits', async () => {
    const { res, text } = await print(TALL, '3', 'tall');
    expect(res.problems).toHaveLength(1);
    const p = res.problems[0]!;
    expect(p).toMatchObject({ file: TALL, line: 18, path: 'slides[2].notes', severity: 'warning', code: 'handout-notes-cut' });
    expect(p.message).toBe('tall-row-handout.pdf, page 3: the speaker notes of slide 3 do not fit in handout layout 3 and are cut off');
    expect(p.hint).toContain('--handout notes');
    // The long English notes before it did continue, marked in English.
    expect(text.replace(/\s+/g, ' ')).toContain('Slide 3: Tall row (continued)');
    for (let i = 1; i < 40; i++) expect(count(text, `E${String(i).padStart(2, '0')}`), `sentence E${i}`).toBe(1);
  });

  it('ratsdeck check reports the same cut, at the same line', async () => {
    const c = await checkDecks([TALL], { axe: false, outDir: join(dir, 'check-tall') });
    const cut = c.problems.filter((p) => p.rule === 'rd-handout-notes');
    expect(cut.map((p) => [p.line, p.path, p.severity])).toEqual([[18, 'slides[2].notes', 'warning']]);
    expect(cut[0]!.message).toMatch(/^handout page 3: the notes of slide 3 do not fit beside it; \d+ mm are cut off/);
  });

  it('in the notes layout the same row runs on over the pages, whole', async () => {
    const { res, text } = await print(TALL, 'notes', 'tall-notes');
    expect(res.problems).toEqual([]);
    for (let i = 1; i < 240; i++) expect(count(text, `Word${String(i).padStart(3, '0')}`), `word ${i}`).toBe(1);
  });
});

describe('a deck whose title takes four lines at the top of the handout', () => {
  for (const layout of HANDOUT_LAYOUTS.filter((l) => l !== 'notes')) {
    it(`layout ${layout}: the first page holds as many slides as the others, and nothing spills`, async () => {
      const { r, res, facts } = await print(LONG_TITLE, layout, `long-title-${layout}`);
      const slides = r.rendered!.slides.length;
      expect(slides).toBe(8);
      expect(res.problems).toEqual([]);
      expect(res.warnings.filter((w) => /pages, expected|spill|blank/.test(w))).toEqual([]);
      expect(facts.pages).toBe(Math.ceil(slides / HANDOUT_PER_PAGE[layout]));
      expect(facts.bookmarks).toEqual(r.rendered!.slides.map((s) => s.title));
    });
  }
});

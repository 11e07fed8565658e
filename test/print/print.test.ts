// needs: browser
/**
 * The print stage with the real Chromium (found as ratsdeck finds it; scripts/ensure-browser.mjs
 * installs it in CI). One browser for the whole file. Fails, never skips, without a browser.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import { printDeck, pdfTasks, runPdfTask } from '../../src/pdf.js';
import { buildDeck, type BuildResult } from '../../src/pipeline.js';
import { HANDOUT_LAYOUTS, HANDOUT_PER_PAGE, HANDOUT_WITH_NOTES, type HandoutLayout } from '../../src/render/render.js';
import { readPdf as readFacts } from '../../src/check/pdf.js';
import { catalog, fonts, headings, outline, pageCount, pageTexts, pdfInfo, readPdf, squash, xmp } from './pdf.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'print', 'deck.yaml');
const HFA = join(import.meta.dirname, '..', '..', 'decks', '2021-05-hfa.yaml');

let dir: string;
let mgr: BrowserManager;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-print-'));
  mgr = new BrowserManager({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await mgr?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function build(file: string, name: string, opts: { handout?: HandoutLayout; draft?: boolean; nonpublic?: boolean } = {}): Promise<BuildResult> {
  return buildDeck(file, {
    outDir: join(dir, name),
    handout: opts.handout ?? '3',
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.nonpublic ? { audience: 'nonpublic' as const } : {}),
  });
}

const titlesOf = (r: BuildResult) => r.rendered!.slides.map((s) => s.title);

describe('the slides PDF and the default handout of the fixture deck', () => {
  let r: BuildResult;
  let slidesPdf: string;
  let handoutPdf: string;

  beforeAll(async () => {
    r = await build(FIXTURE, 'fixture');
    const printed = await printDeck(mgr, r, { handout: '3', env: {} });
    [slidesPdf, handoutPdf] = printed.map((p) => p.file) as [string, string];
    expect(printed.map((p) => p.warnings)).toEqual([[], []]);
  });

  it('writes <id>.pdf and <id>-handout.pdf next to the HTML, and nothing else', () => {
    expect(slidesPdf).toBe(join(dir, 'fixture', 'deck', 'deck.pdf'));
    expect(handoutPdf).toBe(join(dir, 'fixture', 'deck', 'deck-handout.pdf'));
    // No temporary file is left behind.
    expect(readdirSync(join(dir, 'fixture', 'deck')).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('prints one 16:9 page per slide (fixture has 7)', async () => {
    expect(r.rendered!.slides).toHaveLength(7);
    expect(await pageCount(slidesPdf)).toBe(7);
    // 1280×720 CSS px = 960×540 pt.
    for (const page of (await readPdf(slidesPdf)).pages) expect([page.width, page.height]).toEqual([960, 540]);
    // A4 portrait: 210 × 297 mm = 595.28 × 841.89 pt (Chromium rounds to whole pixels at 96 dpi).
    for (const page of (await readPdf(handoutPdf)).pages) {
      expect(page.width).toBeCloseTo(595.3, 0);
      expect(page.height).toBeCloseTo(841.9, 0);
    }
  });

  it('has each slide title on its own page, with the slide number', async () => {
    const pages = (await pageTexts(slidesPdf)).map(squash);
    expect(pages).toHaveLength(7);
    titlesOf(r).forEach((title, i) => {
      expect(pages[i]).toContain(squash(title));
      expect(pages[i]).toContain(`Folie ${i + 1} von 7`);
    });
  });

  it('is tagged, in German, with the title in the window bar and every slide in the tag tree', async () => {
    for (const f of [slidesPdf, handoutPdf]) {
      expect(await catalog(f)).toEqual({ lang: 'de', displayDocTitle: true, marked: true, structTree: true });
    }
    // reveal.js hides all but the current slide from assistive technology; the print must not:
    // every slide title is a heading in the tag tree.
    expect(await headings(slidesPdf)).toEqual(titlesOf(r));
  });

  it('has one bookmark per slide, by its title, nested under the section slides, pointing at its page', async () => {
    expect(await outline(slidesPdf)).toEqual([
      { title: 'Druckprobe für Handouts', page: 0, depth: 0 },
      { title: 'Gliederung', page: 1, depth: 0 },
      { title: 'Erster Abschnitt', page: 2, depth: 0 },
      { title: 'Ziele der Probe', page: 3, depth: 1 },
      { title: 'Zweite Textfolie', page: 4, depth: 1 },
      { title: 'Zweiter Abschnitt', page: 5, depth: 0 },
      { title: 'Vielen Dank', page: 6, depth: 0 },
    ]);
    // In the handout (3 per page) the same bookmarks point at the page the slide is printed on.
    expect((await outline(handoutPdf)).map((o) => [o.title, o.page, o.depth])).toEqual([
      ['Druckprobe für Handouts', 0, 0],
      ['Gliederung', 0, 0],
      ['Erster Abschnitt', 0, 0],
      ['Ziele der Probe', 1, 1],
      ['Zweite Textfolie', 1, 1],
      ['Zweiter Abschnitt', 1, 0],
      ['Vielen Dank', 2, 0],
    ]);
  });

  it('has title, author (the Amt), subject (the Betreff), keywords and a reproducible date', async () => {
    for (const f of [slidesPdf, handoutPdf]) {
      const info = await pdfInfo(f);
      expect(info.Title).toBe('Druckprobe für Handouts');
      expect(info.Author).toBe('10-Hauptamt');
      expect(info.Subject).toBe('Probe der Tischvorlage mit sieben Folien');
      expect(info.Keywords).toBe('Haupt- und Finanzausschuss; HFA; 20.05.2021; TOP Ö 7; ST/0042/2021; ratsdeck');
      expect(info.Creator).toMatch(/^ratsdeck \d+\.\d+\.\d+/);
      // The session date, midnight in Berlin (CEST).
      expect(info.CreationDate).toBe('2021-05-20T00:00:00+02:00');
      expect(info.ModDate).toBe('2021-05-20T00:00:00+02:00');
    }
  });

  it('has an XMP packet with title, creator, description, keywords, dates and tool', async () => {
    const x = (await xmp(slidesPdf))!;
    expect(x).toBeDefined();
    expect((await readPdf(slidesPdf)).metadataStream).toBe(true);
    expect(x).toContain('<rdf:li xml:lang="x-default">Druckprobe für Handouts</rdf:li>');
    expect(x).toContain('<rdf:li xml:lang="de">Druckprobe für Handouts</rdf:li>');
    expect(x).toContain('<dc:creator><rdf:Seq><rdf:li>10-Hauptamt</rdf:li></rdf:Seq></dc:creator>');
    expect(x).toContain('Probe der Tischvorlage mit sieben Folien');
    expect(x).toContain('<pdf:Keywords>Haupt- und Finanzausschuss; HFA; 20.05.2021; TOP Ö 7; ST/0042/2021; ratsdeck</pdf:Keywords>');
    expect(x).toContain('<xmp:CreateDate>2021-05-20T00:00:00+02:00</xmp:CreateDate>');
    expect(x).toMatch(/<xmp:CreatorTool>ratsdeck \d/);
    expect(x).toMatch(/<pdf:Producer>Skia\/PDF/);
    expect(x).not.toContain('nichtöffentlich');
  });

  it('puts the session header and "Seite X von N" footer on every handout page', async () => {
    const pages = (await pageTexts(handoutPdf)).map(squash);
    expect(pages).toHaveLength(3);
    pages.forEach((p, i) => {
      expect(p).toContain('Stadt Beispielstadt · Haupt- und Finanzausschuss');
      expect(p).toContain('20.05.2021 · TOP Ö 7 · ST/0042/2021');
      expect(p).toContain(`Seite ${i + 1} von 3`);
      expect(p).toContain('Druckprobe für Handouts');
    });
    // Speaker notes are printed beside their slide (layout 3).
    expect(pages[1]).toContain('Hier steht eine Notiz zur vierten Folie.');
  });

  it('embeds its fonts, as subsets with a Unicode map (what pdffonts shows as emb, sub, uni)', async () => {
    for (const f of [slidesPdf, handoutPdf]) {
      const used = await fonts(f);
      expect(used.length).toBeGreaterThan(0);
      for (const font of used) expect(font, font.name).toMatchObject({ embedded: true, subset: true, toUnicode: true });
    }
  });

  it('is reproducible: the same deck printed again, elsewhere, gives the same bytes', async () => {
    const again = await build(FIXTURE, 'fixture-again');
    const [task] = pdfTasks(again, { handout: false });
    const second = await runPdfTask(mgr, task!, { env: {} });
    expect(readFileSync(second.file).equals(readFileSync(slidesPdf))).toBe(true);
  });

  it('uses SOURCE_DATE_EPOCH for the dates when it is set', async () => {
    const [task] = pdfTasks(r, { handout: false });
    const file = await runPdfTask(mgr, task!, { env: { SOURCE_DATE_EPOCH: '1600000000' } });
    expect((await pdfInfo(file.file)).CreationDate).toBe('2020-09-13T12:26:40Z');
    expect(await xmp(file.file)).toContain('<xmp:CreateDate>2020-09-13T12:26:40Z</xmp:CreateDate>');
  });
});

describe('every handout layout', () => {
  for (const layout of HANDOUT_LAYOUTS) {
    it(`layout ${layout}: ceil(slides / ${HANDOUT_PER_PAGE[layout]}) pages, each with header and footer, every title in the text`, async () => {
      const r = await build(FIXTURE, `layout-${layout}`, { handout: layout });
      const [res] = await printDeck(mgr, r, { slides: false, handout: layout, env: {} });
      const n = Math.ceil(7 / HANDOUT_PER_PAGE[layout]);
      expect(res!.pages).toBe(n);
      expect(await pageCount(res!.file)).toBe(n);
      // Layouts without notes say whose notes they leave out (slides 1, 4 and 6 have some).
      expect(res!.warnings).toEqual(
        HANDOUT_WITH_NOTES.includes(layout)
          ? []
          : [`deck-handout.pdf: layout ${layout} has no room for speaker notes; the notes of slides 1, 4, 6 are not in it (print with --handout 3 or --handout notes to include them)`],
      );
      expect(res!.problems).toEqual([]);
      const pages = (await pageTexts(res!.file)).map(squash);
      expect(pages).toHaveLength(n);
      pages.forEach((p, i) => {
        expect(p).toContain(`Seite ${i + 1} von ${n}`);
        expect(p).toContain('ST/0042/2021');
      });
      const all = pages.join(' ');
      for (const title of titlesOf(r)) expect(all).toContain(squash(title));
      if (layout === '3' || layout === 'notes') expect(all).toContain('Hier steht eine Notiz zur vierten Folie.');
      expect((await catalog(res!.file)).marked).toBe(true);
      expect((await outline(res!.file)).map((o) => o.title)).toEqual(titlesOf(r));
    });
  }
});

describe('draft and non-public builds', () => {
  it('--draft puts ENTWURF on every slide and every handout page, "Entwurf" in the title and the file names', async () => {
    const r = await build(FIXTURE, 'draft', { draft: true, handout: '2' });
    const printed = await printDeck(mgr, r, { handout: '2', env: {} });
    expect(printed.map((p) => p.file)).toEqual([join(dir, 'draft', 'deck', 'deck-entwurf.pdf'), join(dir, 'draft', 'deck', 'deck-handout-entwurf.pdf')]);
    for (const p of printed) {
      // Read back with pdf.js (what the checks use): the window bar shows the mark too.
      const facts = await readFacts(p.file);
      expect(facts.title).toBe('Druckprobe für Handouts – Entwurf');
      expect(facts.displayDocTitle).toBe(true);
      expect(facts.metadata.join(' ')).toMatch(/ratsdeck; Entwurf/);
      // The mark is rotated: read in drawing order, white space out.
      const pages = (await pageTexts(p.file, { raw: true })).map((t) => t.replace(/\s+/g, ''));
      expect(pages).toHaveLength(p.pages);
      for (const page of pages) expect(page).toContain('ENTWURF');
    }
  });

  it('--nonpublic marks every page NICHTÖFFENTLICH, and the title, keywords and XMP too', async () => {
    const r = await build(FIXTURE, 'nonpublic', { nonpublic: true, handout: '3' });
    const printed = await printDeck(mgr, r, { handout: '3', env: {} });
    expect(printed.map((p) => p.file)).toEqual([
      join(dir, 'nonpublic', 'deck-nichtoeffentlich', 'deck-nichtoeffentlich.pdf'),
      join(dir, 'nonpublic', 'deck-nichtoeffentlich', 'deck-nichtoeffentlich-handout.pdf'),
    ]);
    for (const p of printed) {
      const pages = await pageTexts(p.file);
      expect(pages).toHaveLength(p.pages);
      for (const page of pages) expect(page).toContain('NICHTÖFFENTLICH');
      const info = await pdfInfo(p.file);
      expect(info.Title).toBe('Druckprobe für Handouts – NICHTÖFFENTLICH');
      expect(info.Keywords!.split('; ')).toContain('nichtöffentlich');
      const x = (await xmp(p.file))!;
      expect(x).toContain('<rd:Audience>nichtöffentlich</rd:Audience>');
      expect(x).toContain('<xmpRights:Marked>True</xmpRights:Marked>');
      expect(x).toMatch(/<xmpRights:UsageTerms>.*Nichtöffentlich/);
    }
  });
});

describe('the HFA example deck', () => {
  it('prints one page per slide and ceil(slides / 3) handout pages, with every title and bookmark', async () => {
    const r = await build(HFA, 'hfa');
    const n = r.rendered!.slides.length;
    const [slides, handout] = await printDeck(mgr, r, { handout: '3', env: {} });
    expect(slides!.pages).toBe(n);
    expect(await pageCount(slides!.file)).toBe(n);
    expect(handout!.pages).toBe(Math.ceil(n / 3));
    expect([...slides!.warnings, ...handout!.warnings]).toEqual([]);
    const pages = (await pageTexts(slides!.file)).map(squash);
    titlesOf(r).forEach((t, i) => expect(pages[i]).toContain(squash(t)));
    const marks = await outline(slides!.file);
    expect(marks.map((m) => m.title)).toEqual(titlesOf(r));
    expect(marks.map((m) => m.page)).toEqual(titlesOf(r).map((_, i) => i));
    const h = (await pageTexts(handout!.file)).map(squash);
    h.forEach((p, i) => {
      expect(p).toContain('Stadt Koblenz · Haupt- und Finanzausschuss');
      expect(p).toContain('ST/0027/2021');
      expect(p).toContain(`Seite ${i + 1} von ${h.length}`);
    });
    expect((await pdfInfo(slides!.file)).Author).toBe('80-Amt für Wirtschaftsförderung');
    expect(existsSync(join(dir, 'hfa', '2021-05-hfa', 'handout.html'))).toBe(true);
  });
});

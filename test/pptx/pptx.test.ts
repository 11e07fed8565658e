/**
 * The PowerPoint export without a browser or an office program: the package's structure per
 * slide type (a table where the HTML has one, a chart part for the charts, notes where there are
 * notes), well-formed XML in every part, the metadata, the audience marks, the theme, and that the
 * public file carries nothing non-public in any part (text, notes, chart data, metadata).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { officeXmlText } from '../../src/check/pptx.js';
import { collectMarkers, findLeaks, normalise, textCorpus, type Corpus } from '../../src/check/leaks.js';
import { SourceMap } from '../../src/check/locate.js';
import { buildDeck, type BuildResult } from '../../src/pipeline.js';
import { renderPptx } from '../../src/pptx/deck.js';
import { pptxTheme, windowsFont, hexColour } from '../../src/pptx/theme.js';
import { fittingSize, pptxParts, wrappedLines } from '../../src/pptx/writer.js';
import { loadDeck } from '../../src/project/project.js';

const REPO = join(import.meta.dirname, '..', '..');
const DECKS = join(REPO, 'decks');
let LEAK = '';
beforeAll(async () => {
  // The leak fixture's changes slide needs the previous session frozen (as test/integration/leak.test.ts does).
  LEAK = join(mkdtempSync(join(tmpdir(), 'ratsdeck-pptx-')), 'projekt');
  cpSync(join(REPO, 'test', 'fixtures', 'leak'), LEAK, { recursive: true });
  const frozen = await runCli(['freeze', 'vorher', '--nonpublic', '--from-current-data'], LEAK, process.env);
  expect(frozen.code, frozen.stderr).toBe(0);
});
afterAll(() => {
  if (LEAK) rmSync(join(LEAK, '..'), { recursive: true, force: true });
});
const DATE = new Date('2021-09-23T12:00:00Z');

interface Package {
  result: BuildResult;
  bytes: Buffer;
  parts: Map<string, string>;
  /** The XML of slide n (1-based). */
  slide(n: number): string;
  rels(n: number): string;
  notes(n: number): string | undefined;
}

async function pptxOf(file: string, audience: 'public' | 'nonpublic' = 'public', root = DECKS): Promise<Package> {
  const result = await buildDeck(file, { write: false, audience });
  expect(result.rendered, result.skipped).toBeDefined();
  const bytes = await renderPptx(result.rendered!, result.deck!, { projectRoot: root, date: DATE });
  const parts = new Map((await pptxParts(bytes)).map((p) => [p.name, p.text]));
  const notesOf = (n: number) => {
    const rel = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(parts.get(`ppt/slides/_rels/slide${n}.xml.rels`) ?? '');
    return rel ? parts.get(`ppt/notesSlides/${rel[1]}`) : undefined;
  };
  return {
    result,
    bytes,
    parts,
    slide: (n) => parts.get(`ppt/slides/slide${n}.xml`) ?? '',
    rels: (n) => parts.get(`ppt/slides/_rels/slide${n}.xml.rels`) ?? '',
    notes: notesOf,
  };
}

const text = (xml: string) => normalise(officeXmlText(xml));

const examples = readdirSync(DECKS).filter((f) => f.endsWith('.yaml') && f !== 'ratsdeck.yaml');

describe.each(examples)('the PowerPoint file of the example deck %s', async (name) => {
  const pkg = await pptxOf(join(DECKS, name));
  const views = pkg.result.rendered!.views;

  it('has one slide per HTML slide, in the same order, with the same titles', () => {
    const slides = [...pkg.parts.keys()].filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k));
    expect(slides).toHaveLength(views.length);
    const order = pkg.parts.get('ppt/_rels/presentation.xml.rels')!;
    for (const v of views) {
      expect(text(pkg.slide(v.number)), `slide ${v.number}`).toContain(normalise(v.title));
      expect(order).toContain(`slides/slide${v.number}.xml`);
    }
  });

  it('draws tables as tables, charts as native charts and the timeline as shapes', () => {
    for (const v of views) {
      const xml = pkg.slide(v.number);
      const data = v.data as Record<string, unknown>;
      const where = `slide ${v.number} (${v.type})`;
      const hasTable = xml.includes('<a:tbl>');
      const hasChart = /relationships\/chart"/.test(pkg.rels(v.number));
      if ((v.type === 'activities' && 'rows' in data) || (v.type === 'budget' && data.table) || v.type === 'recommendations') {
        expect(hasTable, where).toBe(true);
      } else {
        expect(hasTable, where).toBe(false);
      }
      const chartData = (data.chart as { data?: unknown } | undefined)?.data;
      if ((v.type === 'budget' && !data.table) || (v.type === 'activities' && 'chart' in data)) {
        expect(hasChart, where).toBe(chartData !== undefined);
      } else {
        expect(hasChart, where).toBe(false);
      }
      if (v.type === 'timeline' && chartData) {
        expect(xml, where).toMatch(/prst="(rect|diamond|ellipse)"/);
        // A row label per activity with dates, as text, not a picture.
        for (const row of (chartData as { rows: string[] }).rows) expect(text(xml), where).toContain(normalise(row));
      }
    }
  });

  it('puts each slide\'s speaker notes in its notes pane', () => {
    for (const v of views) {
      const notes = pkg.notes(v.number);
      if (!v.notes) continue;
      expect(notes, `slide ${v.number}`).toBeDefined();
      const first = v.notes.replace(/[*_`#>[\]()-]/g, ' ').split(/\s+/).filter((w) => w.length > 3).slice(0, 3);
      for (const w of first) expect(text(notes!), `slide ${v.number}`).toContain(normalise(w));
    }
  });

  it('is well-formed Office Open XML: every part parses, every part has a content type', () => {
    const types = pkg.parts.get('[Content_Types].xml')!;
    for (const [part, xml] of pkg.parts) {
      const p = new SaxesParser({ xmlns: true });
      const errors: string[] = [];
      p.on('error', (e) => errors.push(e.message));
      p.write(xml).close();
      expect(errors, part).toEqual([]);
      if (part.includes('.xlsx/') || part.endsWith('.rels') || part === '[Content_Types].xml') continue;
      expect(types, part).toContain(`PartName="/${part}"`);
    }
  });

  it('has the footer with the session line and "Folie N von M" on every slide', () => {
    const dv = pkg.result.rendered!.view;
    for (const v of views) {
      const t = text(pkg.slide(v.number));
      expect(t).toContain(normalise(`${dv.L.page} ${v.number} ${dv.L.of} ${views.length}`));
      expect(t).toContain(normalise(dv.footer));
    }
  });
});

describe('the PowerPoint file', () => {
  it('carries the title, author (the Amt), subject (the Betreff), keywords and language', async () => {
    const pkg = await pptxOf(join(DECKS, '2021-09-hfa.yaml'));
    const core = pkg.parts.get('docProps/core.xml')!;
    const deck = pkg.result.deck!;
    expect(core).toContain(`<dc:title>${deck.title}</dc:title>`);
    expect(core).toContain(`<dc:creator>${deck.paper!.author}</dc:creator>`);
    expect(core).toContain(`<dc:subject>${deck.paper!.subject}</dc:subject>`);
    expect(core).toMatch(/<cp:keywords>[^<]*Haupt- und Finanzausschuss[^<]*ST\/0027\/2021[^<]*<\/cp:keywords>/);
    expect(core).toContain('<dc:language>de-DE</dc:language>');
    expect(core).toContain('2021-09-23T12:00:00Z');
  });

  it('is the same bytes for the same deck (fixed zip and document dates)', async () => {
    const a = await pptxOf(join(DECKS, '2021-05-hfa.yaml'));
    const b = await pptxOf(join(DECKS, '2021-05-hfa.yaml'));
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  it('marks every slide NICHTÖFFENTLICH in a non-public build, and no slide in a public one', async () => {
    const file = join(LEAK, 'sitzung.yaml');
    const pub = await pptxOf(file, 'public', LEAK);
    const non = await pptxOf(file, 'nonpublic', LEAK);
    // The mark is its own text box; the agenda's word "nichtöffentlich" for a non-public item is not the mark.
    const mark = '<a:t>NICHTÖFFENTLICH</a:t>';
    for (const v of non.result.rendered!.views) expect(non.slide(v.number), `slide ${v.number}`).toContain(mark);
    for (const v of pub.result.rendered!.views) expect(pub.slide(v.number), `slide ${v.number}`).not.toContain(mark);
    expect(non.parts.get('docProps/core.xml')).toContain('NICHTÖFFENTLICH');
  });

  it('says "nichtöffentlich" for a non-public agenda item, as the HTML agenda does: its TOP only in public, with its title in the non-public file', async () => {
    const file = join(LEAK, 'sitzung.yaml');
    const agenda = async (audience: 'public' | 'nonpublic') => {
      const pkg = await pptxOf(file, audience, LEAK);
      const v = pkg.result.rendered!.views.find((x) => x.type === 'agenda')!;
      return text(pkg.slide(v.number));
    };
    const pub = await agenda('public');
    expect(pub).toContain(normalise('TOP N 2 nichtöffentlich'));
    expect(pub).not.toContain('leak7f3a');
    // With TOPs, only the items that have one are numbered (the HTML list shows no 1., 2., …).
    expect(pub).not.toMatch(/\b1\. /);
    expect(await agenda('nonpublic')).toContain(normalise('TOP N 2 nichtöffentlich – LEAK7F3A-AGENDA-ITEM-TITLE'));
  });

  it('has no non-public marker in any XML part of the public file; the non-public file has them (positive control)', async () => {
    const file = join(LEAK, 'sitzung.yaml');
    const loaded = loadDeck(file);
    const markers = collectMarkers(new SourceMap(loaded.raw!), { value: loaded.extraData, locate: loaded.locateExtra });
    expect(markers.length).toBeGreaterThan(3);
    const corpora = (pkg: Package): Corpus[] =>
      [...pkg.parts].flatMap(([name, xml]) => [...textCorpus(name, xml), { file: name, part: 'text' as const, text: normalise(officeXmlText(xml)) }]);
    const pub = await pptxOf(file, 'public', LEAK);
    expect(findLeaks(markers, corpora(pub))).toEqual([]);
    const non = await pptxOf(file, 'nonpublic', LEAK);
    const leaks = findLeaks(markers, corpora(non));
    expect(leaks.length).toBeGreaterThan(0);
    // Chart data and notes are searched too: the embedded workbooks are among the parts.
    expect([...non.parts.keys()].some((k) => /\.xlsx\/xl\/.*\.xml$/.test(k))).toBe(true);
  });

  it('draws the budget chart as the HTML does: activities top to bottom, plan above actual, German digit grouping', async () => {
    const pkg = await pptxOf(join(DECKS, '2021-09-hfa.yaml'));
    const v = pkg.result.rendered!.views.find((x) => x.type === 'budget' && !(x.data as { table?: unknown }).table)!;
    const d = (v.data as unknown as { chart: { data: { labels: string[] } } }).chart.data;
    const chart = /Target="[^"]*\/charts\/(chart\d+\.xml)"/.exec(pkg.rels(v.number))![1]!;
    const xml = pkg.parts.get(`ppt/charts/${chart}`)!;
    expect(xml).toContain('<c:barDir val="bar"/>');
    // A horizontal bar chart is drawn from the bottom up, the series within each group too: the
    // last category and the last series are the top ones.
    expect(xml).not.toContain('maxMin');
    const series = [...xml.matchAll(/<c:ser>.*?<\/c:ser>/gs)].map((m) => m[0]);
    expect(series.map((x) => /<c:tx>.*?<c:v>([^<]*)<\/c:v>/s.exec(x)![1])).toEqual(['Ist', 'Plan']);
    const cats = [.../<c:cat>.*?<\/c:cat>/s.exec(series[0]!)![0].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
    expect(cats).toEqual([...d.labels].reverse());
    // 100.000 € in LibreOffice and in an English Office too, not 100,000 €.
    expect(xml).toContain('formatCode="[$-407]#,##0 &quot;€&quot;"');
  });

  it('takes the theme\'s colours from its CSS and a font that Windows has', () => {
    const stadt = pptxTheme('stadt', DECKS);
    expect(stadt.font).toBe('Segoe UI');
    expect(stadt.colours.accent).toBe('00508C');
    expect(pptxTheme('stadt', DECKS, '#c00').colours.accent).toBe('CC0000');
    const kontrast = pptxTheme('kontrast', DECKS);
    expect(kontrast.font).toBe('Verdana');
    expect(kontrast.colours.fg).toBe('000000');
    expect(pptxTheme('nacht', DECKS).colours.bg).toBe('141B24');
    expect(windowsFont("'Source Sans 3', sans-serif")).toBe('Arial');
    expect(hexColour('rgb(0, 128, 255)')).toBe('0080FF');
    expect(hexColour('var(--x)')).toBeUndefined();
  });

  it('shrinks a table\'s font until its rows fit above the footer', () => {
    const long = { text: 'Wort '.repeat(80) };
    const rows = Array.from({ length: 6 }, () => [long, { text: 'kurz' }]);
    const size = fittingSize(rows, [6, 6], 5, 18);
    expect(size).toBeLessThan(18);
    expect(size).toBeGreaterThanOrEqual(9);
    expect(fittingSize([[{ text: 'kurz' }]], [6], 5, 18)).toBe(18);
  });

  it('counts a cell\'s lines as they wrap at spaces and hyphens, not by its length alone', () => {
    // As LibreOffice wraps the Förderung cell of the budget table at 14 pt (19 characters a line):
    // "Förderprogramm des / Bundes für 5G- / Anwendungen / (Beispiel), 75 %, / 60.000 €".
    expect(wrappedLines('Förderprogramm des Bundes für 5G-Anwendungen (Beispiel), 75 %, 60.000 €', 19)).toBe(5);
    expect(wrappedLines('kurz\nzwei Zeilen', 19)).toBe(2);
    expect(wrappedLines('Donaudampfschifffahrtsgesellschaft', 10)).toBe(4);
    expect(wrappedLines('', 10)).toBe(1);
  });
});

/** The leak checker on its own: markers from the unfiltered data, searched in a fake output. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectMarkers, findLeaks, folderCorpora, normalise, plainText } from '../../src/check/leaks.js';
import { SourceMap } from '../../src/check/locate.js';
import { pdfCorpora, type PdfFacts } from '../../src/check/pdf.js';
import { loadDeck } from '../../src/project/project.js';
import { FIXTURES, lineOf } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeOutput(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-leak-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const deckFile = join(FIXTURES, 'leak', 'deck.yaml');
const loaded = loadDeck(deckFile);
const src = new SourceMap(loaded.raw!);
const markers = collectMarkers(src, { value: loaded.extraData, locate: loaded.locateExtra });
const SECRET = 'Vergabe des Rechenzentrumsbetriebs an einen externen Dienstleister';

describe('collectMarkers', () => {
  it('takes the texts of public: false nodes, model and custom data, with their positions', () => {
    const byPath = new Map(markers.map((m) => [m.at.path, m]));
    expect(byPath.get('activities[1].title')).toMatchObject({ at: { file: deckFile, line: lineOf(deckFile, SECRET) }, why: 'nonpublic' });
    const data = join(FIXTURES, 'leak', '_data', 'vergaben.yaml');
    expect(byPath.get('data.vergaben[1].titel')).toMatchObject({ at: { file: data, line: lineOf(data, 'Zuschlag') } });
  });
  it('leaves out ids, enum values, short strings and text that public nodes share', () => {
    const paths = markers.map((m) => m.at.path);
    expect(paths).not.toContain('activities[1].id');
    expect(paths).not.toContain('activities[1].category');
    expect(paths.every((p) => !p.endsWith('.public'))).toBe(true);
    expect(markers.flatMap((m) => m.needles)).not.toContain('administration');
  });
});

describe('findLeaks', () => {
  it('finds a marker in HTML text and attributes, JSON, file names and PDF parts, without printing it', () => {
    const dir = fakeOutput({
      'index.html': `<section id="folie-1" data-rd-number="1" data-rd-source="0"><h1>Titel</h1></section><section id="folie-2" data-rd-number="2" data-rd-source="1"><p>Ein **Hinweis**: ${SECRET.replace('an', '&#97;n')}</p></section>`,
      'handout.html': `<img src="x.png" alt="${SECRET}">`,
      'ratsdeck.json': JSON.stringify({ title: `Zuschlag Rechenzentrum an die Firma Muster-IT` }),
      'assets/0123456789-Zuschlag_Rechenzentrum_an_die_Firma_Muster-IT.png': 'png',
    });
    const pdf: PdfFacts = {
      pages: 1, tagged: true, structTree: true, displayDocTitle: true, fontsWithoutUnicode: [], text: ['nothing here'], metadata: [],
      bookmarks: ['Vergabe des Rechenzentrumsbetriebs an einen\nexternen Dienstleister'],
    };
    const leaks = findLeaks(markers, [...folderCorpora(dir, 'deck/'), ...pdfCorpora('deck/deck.pdf', pdf)]);
    const activity = leaks.find((l) => l.path === 'activities[1].title')!;
    expect(activity.message).toContain('deck/index.html (slide 2)');
    expect(activity.message).toContain('deck/handout.html (attributes)');
    expect(activity.message).toContain('deck/deck.pdf (bookmarks)');
    const award = leaks.find((l) => l.path === 'data.vergaben[1].titel')!;
    expect(award.message).toContain('deck/ratsdeck.json');
    expect(award.message).toContain('deck/assets/ (a file name)');
    for (const l of leaks) {
      expect(l.severity).toBe('error');
      expect(l.message).not.toMatch(/Muster-IT|Rechenzentrum/);
    }
  });
  it('finds a shortened description by its sentences, and nothing in a clean output', () => {
    const long = 'Der Vertrag läuft bis 2025 und wird nicht verlängert. Die Kündigung erfolgt fristgerecht zum Jahresende. Weitere Einzelheiten im nichtöffentlichen Teil.';
    const m = collectMarkers(
      new SourceMap({ file: '/x/deck.yaml', id: 'deck', value: { activities: [{ id: 'a', public: false, description: long }] }, locate: () => ({ file: '/x/deck.yaml', line: 7, col: 3 }) }),
    );
    expect(m).toHaveLength(1);
    const dir = fakeOutput({ 'index.html': '<p>Die Kündigung erfolgt fristgerecht zum Jahresende. …</p>', 'other.html': '<p>Der Vertrag</p>' });
    const leaks = findLeaks(m, folderCorpora(dir));
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ line: 7, message: expect.stringContaining('index.html') });
    expect(leaks[0]!.message).not.toContain('other.html');
    expect(findLeaks(m, folderCorpora(fakeOutput({ 'index.html': '<p>Alles öffentlich.</p>' })))).toEqual([]);
  });
  it('a member without consent: the name is personal data', () => {
    const m = collectMarkers(
      new SourceMap({
        file: '/x/deck.yaml', id: 'deck', locate: () => ({ file: '/x/deck.yaml', line: 3, col: 9 }),
        value: { itBeirat: { members: [{ name: 'Dr. Erika Musterfrau', affiliation: 'Hochschule' }, { name: 'Max Zustimmung', consent: true, affiliation: 'IHK' }] } },
      }),
    );
    expect(m.filter((x) => !x.surname).map((x) => [x.at.path, x.why])).toEqual([['itBeirat.members[0].name', 'consent']]);
    const leaks = findLeaks(m, folderCorpora(fakeOutput({ 'index.html': '<li>Dr. Erika Musterfrau, Hochschule</li>' })));
    expect(leaks[0]).toMatchObject({ rule: 'rd-leak-consent' });
  });
  it('the surname alone of a member without consent is a warning, not inside the full name or a name that may be shown', () => {
    const m = collectMarkers(
      new SourceMap({
        file: '/x/deck.yaml', id: 'deck', locate: () => ({ file: '/x/deck.yaml', line: 3, col: 9 }),
        value: { itBeirat: { members: [{ name: 'Dr. Erika Musterfrau', affiliation: 'Hochschule' }, { name: 'Jana Musterfrau-Schulz', consent: true, affiliation: 'IHK' }] } },
      }),
    );
    const leak = (html: string) => findLeaks(m, folderCorpora(fakeOutput({ 'index.html': html }))).map((p) => [p.rule, p.severity]);
    expect(leak('<p>Herr Musterfrau hat zugestimmt.</p>')).toEqual([['rd-leak-surname', 'warning']]);
    expect(leak('<p>Musterfraus Vorschlag</p>')).toEqual([['rd-leak-surname', 'warning']]);
    expect(leak('<li>Dr. Erika Musterfrau, Hochschule</li>')).toEqual([['rd-leak-consent', 'error']]);
    expect(leak('<li>Jana Musterfrau-Schulz, IHK</li>')).toEqual([]);
    expect(leak('<p>Die Musterfrauenquote</p>')).toEqual([]);
  });
  it('normalises like a reader sees it', () => {
    expect(normalise(' A\u00a0 B\nC\u00ad D ')).toBe('a b c d');
    expect(plainText('**fett** und [Link](https://x.invalid) `code`')).toBe('fett und Link code');
  });
});

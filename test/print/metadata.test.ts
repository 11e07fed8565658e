/** PDF metadata, dates and bookmarks as pure functions (no browser). */
import { describe, expect, it } from 'vitest';
import {
  documentDate,
  pdfDateString,
  pdfMetadata,
  slideBookmarks,
  xmpDateString,
  xmpPacket,
  type DocumentInfo,
} from '../../src/print/index.js';

const INFO: DocumentInfo = {
  title: 'Digitalisierung der Verwaltung',
  lang: 'de',
  city: 'Stadt Koblenz',
  committee: 'Haupt- und Finanzausschuss',
  committeeShort: 'HFA',
  sessionDate: '20.05.2021',
  agendaItem: 'Ö 5',
  paperReference: 'ST/0027/2021',
  author: '80-Amt für Wirtschaftsförderung',
  subject: 'Stellungnahme zum Antrag',
  date: '2021-05-20',
  nonpublic: false,
  labels: { agendaItem: 'TOP', nonpublic: 'NICHTÖFFENTLICH' },
};

describe('pdfMetadata', () => {
  it('takes title, the Amt as author, the Betreff as subject, and session facts as keywords', () => {
    const m = pdfMetadata(INFO, { version: '1.2.3' });
    expect(m).toMatchObject({
      title: 'Digitalisierung der Verwaltung',
      author: '80-Amt für Wirtschaftsförderung',
      subject: 'Stellungnahme zum Antrag',
      keywords: ['Haupt- und Finanzausschuss', 'HFA', '20.05.2021', 'TOP Ö 5', 'ST/0027/2021', 'ratsdeck'],
      creator: 'ratsdeck 1.2.3',
      lang: 'de',
      nonpublic: false,
    });
    expect(m.note).toBeUndefined();
  });

  it('falls back to the city when the paper names no Amt, and leaves out what is missing', () => {
    const m = pdfMetadata({ title: 'T', lang: 'de', city: 'Stadt X', nonpublic: false, labels: INFO.labels }, { version: '1' });
    expect(m.author).toBe('Stadt X');
    expect(m.subject).toBeUndefined();
    expect(m.keywords).toEqual(['ratsdeck']);
    expect(m.date).toBeUndefined();
  });

  it('marks non-public documents in the title, the keywords and a note', () => {
    const m = pdfMetadata({ ...INFO, nonpublic: true }, { version: '1' });
    expect(m.title).toBe('Digitalisierung der Verwaltung – NICHTÖFFENTLICH');
    expect(m.keywords.at(-1)).toBe('nichtöffentlich');
    expect(m.note).toMatch(/^Nichtöffentlich: /);
  });
});

describe('drafts', () => {
  it('carry "Entwurf" (the deck\'s word) in the title and the keywords, after a non-public mark', () => {
    const labels = { ...INFO.labels, draft: 'Entwurf' };
    expect(pdfMetadata({ ...INFO, draft: true, labels }, { version: '1' })).toMatchObject({
      title: 'Digitalisierung der Verwaltung – Entwurf',
      keywords: ['Haupt- und Finanzausschuss', 'HFA', '20.05.2021', 'TOP Ö 5', 'ST/0027/2021', 'ratsdeck', 'Entwurf'],
    });
    expect(pdfMetadata({ ...INFO, nonpublic: true, draft: true, labels }, { version: '1' }).title).toBe('Digitalisierung der Verwaltung – NICHTÖFFENTLICH – Entwurf');
    expect(pdfMetadata({ ...INFO, lang: 'en', draft: true, labels: { agendaItem: 'Item', nonpublic: 'NON-PUBLIC', draft: 'Draft' } }, { version: '1' }).title).toBe('Digitalisierung der Verwaltung – Draft');
    expect(pdfMetadata({ ...INFO, draft: false, labels }, { version: '1' }).title).toBe('Digitalisierung der Verwaltung');
  });
});

describe('dates', () => {
  it('a deck date is midnight in Berlin: +02:00 in summer, +01:00 in winter', () => {
    const summer = documentDate('2021-05-20', undefined)!;
    expect(pdfDateString(summer)).toBe("D:20210520000000+02'00'");
    expect(xmpDateString(summer)).toBe('2021-05-20T00:00:00+02:00');
    expect(new Date(summer.ms).toISOString()).toBe('2021-05-19T22:00:00.000Z');
    const winter = documentDate('2021-12-09', undefined)!;
    expect(pdfDateString(winter)).toBe("D:20211209000000+01'00'");
    // The days the clocks change: midnight is still in the old time.
    expect(xmpDateString(documentDate('2021-03-28', undefined)!)).toBe('2021-03-28T00:00:00+01:00');
    expect(xmpDateString(documentDate('2021-10-31', undefined)!)).toBe('2021-10-31T00:00:00+02:00');
  });

  it('SOURCE_DATE_EPOCH wins, in UTC; nonsense is ignored', () => {
    const d = documentDate('2021-05-20', '1600000000')!;
    expect(pdfDateString(d)).toBe('D:20200913122640Z');
    expect(xmpDateString(d)).toBe('2020-09-13T12:26:40Z');
    expect(xmpDateString(documentDate('2021-05-20', 'yesterday')!)).toBe('2021-05-20T00:00:00+02:00');
    expect(documentDate(undefined, undefined)).toBeUndefined();
  });
});

describe('xmpPacket', () => {
  it('escapes markup in the values and writes the language alternative', () => {
    const m = pdfMetadata({ ...INFO, title: 'Bericht <Entwurf> & "Anlagen"' }, { version: '1' });
    const x = xmpPacket(m, 'Skia/PDF m156');
    expect(x).toContain('<rdf:li xml:lang="x-default">Bericht &lt;Entwurf&gt; &amp; &quot;Anlagen&quot;</rdf:li>');
    expect(x).toContain('<rdf:li xml:lang="de">Bericht &lt;Entwurf&gt; &amp; &quot;Anlagen&quot;</rdf:li>');
    expect(x).toContain('<pdf:Producer>Skia/PDF m156</pdf:Producer>');
    expect(x.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(x.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(x).not.toContain('xmpRights');
  });

  it('adds the rights note and ratsdeck audience for non-public documents', () => {
    const x = xmpPacket(pdfMetadata({ ...INFO, nonpublic: true }, { version: '1' }), undefined);
    expect(x).toContain('<xmpRights:Marked>True</xmpRights:Marked>');
    expect(x).toContain('<rd:Audience>nichtöffentlich</rd:Audience>');
    expect(x).toMatch(/<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Nichtöffentlich: /);
  });
});

describe('slideBookmarks', () => {
  const slides = [
    { number: 1, title: 'Titel', type: 'title' },
    { number: 2, title: 'Gliederung', type: 'agenda' },
    { number: 3, title: 'Teil A', type: 'section' },
    { number: 4, title: 'Erste\n  Folie', type: 'text' },
    { number: 5, title: 'Teil B', type: 'section' },
    { number: 6, title: 'Zweite Folie', type: 'activity' },
    { number: 7, title: 'Danke', type: 'closing' },
  ];

  it('one per slide, nested under the section slides, the closing slide back at the top', () => {
    const b = slideBookmarks(slides, (n) => Math.floor((n - 1) / 3));
    expect(b.map((x) => [x.title, x.page, x.children.map((c) => [c.title, c.dest, c.page])])).toEqual([
      ['Titel', 0, []],
      ['Gliederung', 0, []],
      ['Teil A', 0, [['Erste Folie', 'folie-4', 1]]],
      ['Teil B', 1, [['Zweite Folie', 'folie-6', 1]]],
      ['Danke', 2, []],
    ]);
  });

  it('a deck without section slides gives a flat list', () => {
    const b = slideBookmarks(slides.filter((s) => s.type !== 'section'), (n) => n - 1);
    expect(b.every((x) => x.children.length === 0)).toBe(true);
    expect(b).toHaveLength(5);
  });
});

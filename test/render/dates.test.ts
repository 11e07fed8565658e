/**
 * An English deck shows every date in one format (issue 10, finding 4): slides, chart text
 * alternatives, the footer and the PDF metadata all go through src/render/format.ts. Before,
 * slides said 20/05/2021 (en-GB) and charts "May 20, 2021" (en-US).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeck, type BuildResult } from '../../src/pipeline.js';
import { documentInfo } from '../../src/pdf.js';
import { pdfMetadata } from '../../src/print/metadata.js';
import { formatDate } from '../../src/render/format.js';
import { FIXTURES, slideSections } from './helpers.js';

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const SHORT = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';
/** Any way of writing a full date (day, month and year) that Intl's English locales produce. */
const ANY_DATE = new RegExp(
  [
    String.raw`\b\d{1,2}/\d{1,2}/\d{2,4}\b`, // 20/05/2021 or 5/20/2021
    String.raw`\b(?:${MONTHS}|${SHORT})\.? \d{1,2}, \d{4}\b`, // May 20, 2021
    String.raw`\b\d{1,2} (?:${MONTHS}|${SHORT})\.? \d{4}\b`, // 20 May 2021
  ].join('|'),
  'g',
);
const SHORT_DATE = /^\d{2}\/\d{2}\/\d{4}$/;

let result: BuildResult;
beforeAll(async () => {
  result = await buildDeck(`${FIXTURES}/render/golden/deck-en.yaml`, { write: false });
});

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('an English deck writes every date one way', () => {
  it('the session date reads the same in the footer, on the slides, in the charts and in the PDF metadata', () => {
    const day = formatDate('2021-05-20', 'en');
    expect(day).toBe('20/05/2021');
    const sections = slideSections(result.rendered!.html);
    // Footer of every slide.
    for (const s of sections) expect(/<span class="rd-footer__info">([^<]*)<\/span>/.exec(s.html)?.[1]).toContain(` · ${day} · Item `);
    // The timeline chart marks the session date as today, in its text alternative.
    const timeline = sections.find((s) => s.type === 'timeline')!.html;
    expect(timeline).toContain(`(today: ${day})`);
    // The PDF's keywords carry the date as shown.
    const meta = pdfMetadata(documentInfo(result), { version: '0.0.0' });
    expect(meta.keywords).toContain(day);
  });

  it('no slide, chart or table shows a date in any other short format', () => {
    const found = new Set<string>();
    for (const s of slideSections(result.rendered!.html)) {
      for (const m of textOf(s.html).matchAll(ANY_DATE)) found.add(m[0]);
    }
    const short = [...found].filter((d) => SHORT_DATE.test(d));
    // The positive control: the deck has dates (session, milestones, meetings, recommendations).
    expect(short.length).toBeGreaterThan(3);
    // Besides DD/MM/YYYY only the title slide's long date ("20 May 2021") is allowed.
    expect([...found].filter((d) => !SHORT_DATE.test(d))).toEqual(['20 May 2021']);
  });
});

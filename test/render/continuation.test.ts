/**
 * Tables longer than a slide continue on the next slide with a "(Fortsetzung)" title instead of
 * overflowing; a long activity description is shortened on the slide and given in full in the
 * notes (issue 3, "Rules for all of them"). Fixture: test/fixtures/render/long/.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedDeck } from '../../src/render/render.js';
import { DESCRIPTION_LIMIT } from '../../src/slides/activity.js';
import { ROWS_PER_SLIDE as AGENDA_ROWS } from '../../src/slides/agenda.js';
import { ROWS_PER_SLIDE as MEMBERS_ROWS } from '../../src/slides/itbeirat.js';
import { ROWS_PER_SLIDE as NETWORKS_ROWS } from '../../src/slides/networks.js';
import { ROWS_PER_SLIDE as RECOMMENDATIONS_ROWS } from '../../src/slides/recommendations.js';

/**
 * Rows per slide of each continued table: each slide type's module says its own. The activities
 * and budget tables hold as many rows as their estimated heights allow (src/slides/layout.ts):
 * these are of one line each, 8 fit.
 */
const ROWS_PER_SLIDE = {
  activities: 8,
  budget: 8,
  recommendations: RECOMMENDATIONS_ROWS,
  networks: NETWORKS_ROWS,
  members: MEMBERS_ROWS,
  agenda: AGENDA_ROWS,
} as const;
import { FIXTURES, notesOf, renderFile, slideSections, titleOf, type SlideHtml } from './helpers.js';

const DECK = `${FIXTURES}/render/long/deck.yaml`;
const source = parse(readFileSync(DECK, 'utf8')) as { activities: { title: string; description?: string }[] };
const fullDescription = source.activities[0]!.description!;

let rendered: RenderedDeck;
let slides: SlideHtml[];
beforeAll(async () => {
  rendered = await renderFile(DECK);
  slides = slideSections(rendered.html);
});

const ofType = (type: string) => slides.filter((s) => s.type === type);
const count = (html: string, re: RegExp) => [...html.matchAll(re)].length;
/** Row headers of a table's body (each data row starts with <th scope="row">). */
const rowTitles = (html: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<th scope="row">([^<]*)/g)].map((m) => m[1]!);

it('the fixture really has more rows than fit on one slide', () => {
  expect(source.activities).toHaveLength(13);
  expect(13).toBeGreaterThan(ROWS_PER_SLIDE.activities);
  expect(13).toBeGreaterThan(ROWS_PER_SLIDE.budget);
  expect(9).toBeGreaterThan(ROWS_PER_SLIDE.recommendations);
  expect(9).toBeGreaterThan(ROWS_PER_SLIDE.networks);
  expect(7).toBeGreaterThan(ROWS_PER_SLIDE.members);
  expect(10).toBeGreaterThan(ROWS_PER_SLIDE.agenda);
  expect(fullDescription).toHaveLength(2000);
});

describe('activities overview of 13 activities', () => {
  it('continues over 2 slides, titled "Übersicht (Fortsetzung)" after the first', () => {
    const pages = ofType('activities');
    expect(pages.map((p) => titleOf(p.html))).toEqual(['Übersicht', 'Übersicht (Fortsetzung)']);
    expect(pages.map((p) => p.html.includes('rd-continued'))).toEqual([false, true]);
  });

  it('the rows are balanced (7 + 6, not 8 + 5); together they hold every activity once, in order', () => {
    const pages = ofType('activities').map((p) => rowTitles(p.html));
    expect(pages.map((rows) => rows.length)).toEqual([7, 6]);
    expect(pages.flat()).toEqual(source.activities.map((a) => a.title));
  });

  it('keeps the notes on the first slide only', () => {
    const pages = ofType('activities');
    expect(notesOf(pages[0]!.html)).toBe('<p>Nur auf der ersten Seite.</p>');
    for (const p of pages.slice(1)) expect(notesOf(p.html)).toBeUndefined();
  });
});

describe('budget table of 13 rows', () => {
  it('has two chart slides (13 bars do not fit on one), the totals on the first; the second continues', () => {
    const charts = ofType('budget').filter((p) => p.html.includes('rd-chart__svg--budget'));
    expect(charts.map((p) => titleOf(p.html))).toEqual(['Haushalt: Plan und Ist', 'Haushalt: Plan und Ist (Fortsetzung)']);
    expect(charts.map((p) => p.html.includes('rd-totals'))).toEqual([true, false]);
    // Each chart's text alternative counts its own rows: 7 + 6.
    expect(charts.map((p) => /für (\d+) Positionen/.exec(p.html)?.[1])).toEqual(['7', '6']);
    expect(notesOf(charts[1]!.html)).toBeUndefined();
  });

  it('then table slides titled "(Fortsetzung)", balanced, the sum on the last', () => {
    const pages = ofType('budget');
    const tables = pages.filter((p) => p.html.includes('<table class="rd-table">'));
    expect(pages.indexOf(tables[0]!)).toBe(2);
    expect(tables.map((t) => rowTitles(t.html).length)).toEqual([7, 6]);
    for (const t of tables) expect(titleOf(t.html)).toBe('Haushalt: Plan und Ist (Fortsetzung)');
    expect(tables.flatMap((t) => rowTitles(t.html))).toEqual(source.activities.map((a) => a.title));
    expect(tables.map((t) => t.html.includes('<tfoot>'))).toEqual([...tables.slice(1).map(() => false), true]);
    // 1000 + 2000 + … + 13000 = 91.000 €
    expect(tables.at(-1)!.html).toContain('<tfoot><tr><th scope="row">Summe</th><td class="rd-num">91.000\u00a0€</td>');
  });
});

describe('recommendations, networks, members, agenda', () => {
  it('recommendations: 9 over slides of at most 4 rows', () => {
    const pages = ofType('recommendations');
    expect(pages.length).toBe(Math.ceil(9 / ROWS_PER_SLIDE.recommendations));
    expect(pages.map((p) => titleOf(p.html))).toEqual([
      'Empfehlungen des IT-Beirats',
      ...pages.slice(1).map(() => 'Empfehlungen des IT-Beirats (Fortsetzung)'),
    ]);
    for (const p of pages) expect(rowTitles(p.html).length).toBeLessThanOrEqual(ROWS_PER_SLIDE.recommendations);
    expect(pages.flatMap((p) => rowTitles(p.html))).toEqual(Array.from({ length: 9 }, (_, i) => `Empfehlung ${i + 1}`));
  });

  it('networks: 9 cards over slides of at most 8', () => {
    const pages = ofType('networks');
    expect(pages.map((p) => titleOf(p.html))).toEqual(['Netzwerke', 'Netzwerke (Fortsetzung)']);
    for (const p of pages) expect(count(p.html, /<li class="rd-card">/g)).toBeLessThanOrEqual(ROWS_PER_SLIDE.networks);
    expect(pages.reduce((n, p) => n + count(p.html, /<li class="rd-card">/g), 0)).toBe(9);
  });

  it('IT-Beirat members: 7 over slides of at most 6; mandate only on the first', () => {
    const pages = ofType('itbeirat');
    expect(pages.map((p) => titleOf(p.html))).toEqual(['IT-Beirat', 'IT-Beirat (Fortsetzung)']);
    const members = pages.map((p) => [...p.html.matchAll(/<li>(Institution \d+)<\/li>/g)].map((m) => m[1]));
    for (const m of members) expect(m.length).toBeLessThanOrEqual(ROWS_PER_SLIDE.members);
    expect(members.flat()).toEqual(Array.from({ length: 7 }, (_, i) => `Institution ${i + 1}`));
  });

  it('agenda: 10 items over two slides, the second list numbered on from the first', () => {
    const pages = ofType('agenda');
    expect(pages.map((p) => titleOf(p.html))).toEqual(['Gliederung', 'Gliederung (Fortsetzung)']);
    const items = pages.map((p) => [...p.html.matchAll(/<li>(Punkt \d+)<\/li>/g)].map((m) => m[1]!));
    for (const i of items) expect(i.length).toBeLessThanOrEqual(ROWS_PER_SLIDE.agenda);
    expect(items.flat()).toEqual(Array.from({ length: 10 }, (_, i) => `Punkt ${i + 1}`));
    expect(pages[0]!.html).toContain('<ol class="rd-agenda" start="1">');
    expect(pages[1]!.html).toContain(`<ol class="rd-agenda" start="${items[0]!.length + 1}">`);
    expect(notesOf(pages[0]!.html)).toBe('<p>Agenda-Notiz.</p>');
    expect(notesOf(pages[1]!.html)).toBeUndefined();
  });

  it('continued slides count in the footer: "Folie N von <all slides>"', () => {
    for (const s of slides) expect(s.html).toContain(`Folie ${s.number} von ${slides.length}</span>`);
    expect(rendered.slides).toHaveLength(slides.length);
  });
});

describe('a 2000-character activity description', () => {
  const withoutNotes = (html: string) => html.replace(/<aside class="notes">[\s\S]*?<\/aside>/, '');
  const prose = (html: string) => /<div class="rd-prose"><p>([\s\S]*?)<\/p><\/div>/.exec(html)?.[1] ?? '';

  it('is shortened on the slide (at a sentence end, within the limit) and says so', () => {
    const slide = withoutNotes(ofType('activity')[0]!.html);
    const shown = prose(slide);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    expect(fullDescription.startsWith(shown)).toBe(true);
    expect(shown).toMatch(/\.$/);
    expect(slide).not.toContain('ENDE-DER-BESCHREIBUNG');
    expect(slide).toContain('<p class="rd-note">(gekürzt, vollständig in den Notizen)</p>');
  });

  it('appears in full in the speaker notes, after the slide\'s own notes', () => {
    const notes = notesOf(ofType('activity')[0]!.html)!;
    expect(notes).toContain('<p>Eigene Notiz zur Aktivität.</p>');
    expect(notes).toContain(`<p><strong>Vollständige Beschreibung:</strong> ${fullDescription}</p>`);
    expect(notes.indexOf('Eigene Notiz')).toBeLessThan(notes.indexOf('Vollständige Beschreibung'));
    expect(rendered.slides.find((s) => s.type === 'activity')!.hasNotes).toBe(true);
  });

  it('a description that fits is neither shortened nor repeated in the notes', async () => {
    const golden = await renderFile(`${FIXTURES}/render/golden/deck.yaml`);
    const act = slideSections(golden.html).find((s) => s.type === 'activity')!.html;
    expect(act).toContain('<strong>schrittweise</strong>');
    expect(act).not.toContain('rd-note');
    expect(notesOf(act)).toBeUndefined();
  });
});

/**
 * Every slide type against a reviewed golden file (test/render/__golden__/<type>.html), rendered
 * from test/fixtures/render/golden/. After an intended change to a template or the view model:
 *
 *   npx vitest run test/render -u
 *
 * then read the diff of __golden__/ before committing (labels, escaping, formatted numbers).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SLIDE_TYPES } from '../../src/model/schema.js';
import type { RenderedDeck } from '../../src/render/render.js';
import { expectGolden, FIXTURES, normalise, notesOf, renderFile, slideSections, titleOf, type SlideHtml } from './helpers.js';

const DECK = `${FIXTURES}/render/golden/deck.yaml`;
const DECK_EN = `${FIXTURES}/render/golden/deck-en.yaml`;
const NBSP = '\u00a0';

let de: RenderedDeck;
let slides: SlideHtml[];
let en: RenderedDeck;
let enSlides: SlideHtml[];
beforeAll(async () => {
  de = await renderFile(DECK);
  slides = slideSections(de.html);
  en = await renderFile(DECK_EN);
  enSlides = slideSections(en.html);
});

const ofType = (list: SlideHtml[], type: string) => list.filter((s) => s.type === type);
// A full activity continues on a second slide (next steps, risks, key figures, links).
const all = (type: string, list: SlideHtml[] = slides) => ofType(list, type).map((s) => s.html).join('\n');

describe('golden HTML per slide type', () => {
  it('the fixture has every slide type, and the HTML has one <section> per rendered slide', () => {
    expect(new Set(slides.map((s) => s.type))).toEqual(new Set(SLIDE_TYPES));
    expect(slides.map((s) => s.number)).toEqual(de.slides.map((s) => s.number));
    expect(slides.map((s) => s.type)).toEqual(de.slides.map((s) => s.type));
  });

  it.each([...SLIDE_TYPES])('%s', async (type) => {
    const html = ofType(slides, type)
      .map((s) => normalise(s.html))
      .join('\n\n');
    await expectGolden(`${type}.html`, html);
  });

  it('the document around the slides (head, CSP, scripts)', async () => {
    let html = de.html;
    for (const s of slides) html = html.replace(s.html, `<!-- slide ${s.number}: ${s.type} -->`);
    await expectGolden('document.html', html);
  });
});

describe('what the golden files show, stated explicitly', () => {
  const one = (type: string, i = 0) => ofType(slides, type)[i]!.html;

  it('title slide: city, logo with alt text, committee with the long date and time, TOP, paper, presenters', () => {
    const h = one('title');
    expect(h).toMatch(/<img class="rd-logo" src="assets\/[0-9a-f]{10}-wappen\.svg" alt="Wappen der Stadt Musterstadt">/);
    expect(h).toContain('<h1 id="folie-1-titel" class="rd-title rd-title--deck">Digitalisierung in Musterstadt</h1>');
    expect(h).toContain('<dt>Sitzung</dt><dd>Haupt- und Finanzausschuss, 20. Mai 2021, 17:00 Uhr</dd>');
    expect(h).toContain('<dt>TOP</dt><dd>Ö 5</dd>');
    expect(h).toContain('<dt>Vorlage</dt><dd>Stellungnahme ST/0027/2021</dd>');
    expect(h).toContain('<dt>Vortrag</dt><dd>Erika Mustermann, Amtsleitung, 10-Hauptamt</dd>');
  });

  it('every slide has the footer line and "Folie N von M"', () => {
    for (const s of slides) {
      expect(s.html).toContain('<span class="rd-footer__info">Stadt Musterstadt · HFA · 20.05.2021 · TOP Ö 5 · ST/0027/2021</span>');
      expect(s.html).toContain(`<span class="rd-footer__page">Folie ${s.number} von ${slides.length}</span>`);
    }
  });

  it('agenda without items lists the section slides', () => {
    expect(one('agenda')).toMatch(/<ol class="rd-agenda" start="1">\s*<li>Ausgangslage<\/li>\s*<li>Aktivitäten<\/li>\s*<\/ol>/);
  });

  it('activities table: status light always with its text, German phase and category, formatted progress', () => {
    const h = one('activities');
    expect(titleOf(h)).toBe('Übersicht der Aktivitäten');
    expect(h).toContain('<span class="rd-status__text">Gelb – Verzögerung bei Fachverfahren</span>');
    expect(h).toContain('<span class="rd-status__text">Grün – im Plan</span>');
    expect(h).toContain('<span class="rd-status__text">Rot – Förderbescheid fehlt</span>');
    expect(h).toContain('<td>Umsetzung</td>');
    expect(h).toContain('<span class="rd-cell-sub">Verwaltungsdigitalisierung</span>');
    expect(h).toContain(`<span class="rd-progress__text">45,6${NBSP}%</span>`);
    expect(h).toContain('Glasfaser &amp; WLAN für Schulen');
  });

  it('activities status view: a chart with a text alternative and a data table with labels, not colours alone', () => {
    const h = one('activities', 1);
    expect(titleOf(h)).toBe('Statusverteilung');
    expect(h).toContain('role="img" aria-label="Statusverteilung"');
    expect(h).toMatch(/<figcaption class="rd-chart__desc">Ampelstatus von 4 Aktivitäten/);
    for (const label of ['Grün – im Plan', 'Gelb – mit Verzögerung', 'Rot – gefährdet', 'Grau – nicht bewertet']) {
      expect(h).toContain(`<span class="rd-status__text">${label}</span></span></td><td class="rd-num">1</td>`);
    }
  });

  it('activity slide: Markdown description, facts, milestones with their state, budget, KPIs', () => {
    const h = all('activity');
    expect(h).toContain('<strong>schrittweise</strong>');
    expect(h).toContain('<a href="https://portal.musterstadt.example">Portal</a>');
    expect(h).toContain('<dt>Zeitraum</dt><dd>01.01.2019 – 31.12.2022</dd>');
    expect(h).toContain('<dd>Reifegrad 2 (Modell 1.1); LeiKa 99050012104000; EfA-Leistung</dd>');
    expect(h).toContain('<span class="rd-ms-date">30.06.2020</span> Bestandsaufnahme abgeschlossen <span class="rd-sr-only">(erreicht)</span>');
    expect(h).toContain('<span class="rd-ms-date">31.12.2021</span> Anbindung an das Nutzerkonto <span class="rd-sr-only">(offen)</span>');
    expect(h).toContain(`<dt>Plan</dt><dd>450.000${NBSP}€</dd>`);
    expect(h).toContain(`<dt>Ist</dt><dd>162.000,50${NBSP}€</dd>`);
    expect(h).toContain(`<dd>Landesmittel OZG, 50${NBSP}%, 90.000${NBSP}€</dd>`);
    expect(h).toContain(`<strong>1.234,5${NBSP}Dienste</strong> <span class="rd-kpi__target">(Ziel 2.000${NBSP}Dienste)</span> <span class="rd-kpi__target">Stand 28.03.2021</span>`);
    // A minimal activity renders without empty headings (the full one above took two slides).
    const minimal = ofType(slides, 'activity').at(-1)!.html;
    expect(titleOf(minimal)).toBe('Studie „Digitale Teilhabe“');
    expect(minimal).not.toContain('rd-subhead');
  });

  it('networks: link on the name, meta line, Markdown description, escaped name', () => {
    const h = one('networks');
    expect(h).toContain('<a href="https://netz.musterstadt.example">Regionales Digitalnetzwerk</a>');
    expect(h).toContain('<p class="rd-card__meta">Verein · Gründungsmitglied · seit 2016</p>');
    expect(h).toContain('Initiative Mittelstand &lt;digital&gt;');
  });

  it('IT-Beirat: a member without consent appears by affiliation only; the name is nowhere in the deck', () => {
    const h = one('itbeirat');
    expect(h).toContain('<li><strong>Prof. Dr. Erika Beispiel</strong>, Hochschule Musterstadt <span class="rd-member__role">(Vorsitz)</span></li>');
    expect(h).toContain('<li>IT-Sicherheit (Unternehmen)</li>');
    expect(de.html).not.toContain('Geheimname');
    expect(h).toContain('<li>28.03.2021: OZG-Umsetzung, Informationssicherheit</li>');
  });

  it('recommendations: German status text, dates, related activity, Markdown response', () => {
    const h = one('recommendations');
    expect(h).toContain('<span class="rd-rec rd-rec--in-progress">in Umsetzung</span><span class="rd-cell-sub">Stand 28.03.2021</span>');
    expect(h).toContain('<span class="rd-rec rd-rec--open">offen</span>');
    expect(h).toContain('<span class="rd-cell-sub">Bezug: Online-Dienste nach dem OZG</span>');
    expect(h).toContain('<td>31.10.2020</td>');
    expect(h).toContain('<strong>Grundschutz-Check</strong>');
  });

  it('timeline: chart with today marked in the description, and a data table', () => {
    const h = one('timeline');
    expect(h).toContain('aria-label="Zeitplan"');
    expect(h).toContain('(heute: 20.05.2021)');
    expect(h).toContain('<th scope="row">Online-Dienste nach dem OZG</th><td>01.01.2019 – 31.12.2022</td>');
  });

  it('budget: chart slide with totals, then the table with signed deviations and a sum row', () => {
    const [chart, table] = ofType(slides, 'budget').map((s) => s.html);
    expect(chart).toContain(`<div><dt>Plan</dt><dd>451.234,56${NBSP}€</dd></div>`);
    expect(chart).toContain(`<dd>163.500,50${NBSP}€ <span class="rd-cell-sub">(36,2${NBSP}%)</span></dd>`);
    expect(chart).toContain(`<div><dt>Abweichung</dt><dd>-287.734,06${NBSP}€</dd></div>`);
    expect(table).toContain(`<td class="rd-num">1.234,56${NBSP}€</td><td class="rd-num">1.500${NBSP}€</td><td class="rd-num">+265,44${NBSP}€</td>`);
    expect(table).toContain(`<tfoot><tr><th scope="row">Summe</th><td class="rd-num">451.234,56${NBSP}€</td>`);
    expect(table).toContain('<span class="rd-cell-sub">Haushaltsjahr 2021</span>');
  });

  it('decision: the kind as title, the paper, and the text verbatim (Markdown)', () => {
    const h = one('decision');
    expect(titleOf(h)).toBe('Beschlussempfehlung');
    expect(h).toContain('<p class="rd-meta">Vorlage ST/0027/2021: Vorstellung der Arbeit des IT-Beirates</p>');
    expect(h).toContain('<p>Der Ausschuss nimmt den Bericht <strong>zur Kenntnis</strong>.</p>');
    expect(h).toContain('<li>Kosten: 1.234,56 €</li>');
  });

  it('closing: default title and subtitle, contact, small logo', () => {
    const h = one('closing');
    expect(titleOf(h)).toBe('Vielen Dank für Ihre Aufmerksamkeit');
    expect(h).toContain('<p class="rd-subtitle">Fragen und Anmerkungen</p>');
    expect(h).toContain('<p class="rd-contact">10-Hauptamt, Rathaus</p>');
    expect(h).toContain('class="rd-logo rd-logo--small"');
  });

  it('text slide: Markdown body, image with alt text and caption, notes as Markdown', () => {
    const h = one('text');
    expect(h).toContain('<a href="https://ris.musterstadt.example/vorlage?id=27&amp;x=1">Ratsinformationssystem</a>');
    expect(h).toMatch(/<img src="assets\/[0-9a-f]{10}-karte\.svg" alt="Karte des Stadtgebiets">/);
    expect(h).toContain('<figcaption>Stadtgebiet Musterstadt</figcaption>');
    expect(notesOf(h)).toBe('<p>Kurz den <strong>Gremienweg</strong> erläutern.</p>');
  });

  it('images referenced by the HTML are the assets listed for the bundle, named by content hash', () => {
    const hashed = (name: string) => {
      const hash = createHash('sha256').update(readFileSync(`${FIXTURES}/render/golden/assets/${name}`)).digest('hex').slice(0, 10);
      return `assets/${hash}-${name}`;
    };
    const images = de.assets.filter((a) => a.kind === 'image').map((a) => a.to);
    expect(new Set(images)).toEqual(new Set([hashed('karte.svg'), hashed('wappen.svg')]));
    for (const to of images) expect(de.html).toContain(`src="${to}"`);
  });

  it('is deterministic: rendering twice gives the same HTML', async () => {
    const again = await renderFile(DECK);
    expect(again.html).toBe(de.html);
  });
});

describe('English decks (lang: en)', () => {
  const one = (type: string, i = 0) => ofType(enSlides, type)[i]!.html;

  it('uses English labels, dates and numbers', () => {
    expect(en.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(one('title')).toContain('<dt>Session</dt><dd>Haupt- und Finanzausschuss, 20 May 2021, 17:00</dd>');
    expect(one('title')).toContain('<dt>Item</dt><dd>Ö 5</dd>');
    expect(titleOf(one('agenda'))).toBe('Agenda');
    expect(titleOf(one('activities'))).toBe('Activities at a glance');
    expect(one('activities')).toContain('<th scope="col">Lead</th><th scope="col">Phase</th><th scope="col">Status</th><th scope="col">Progress</th>');
    expect(one('activities')).toContain('<span class="rd-status__text">Amber – Verzögerung bei Fachverfahren</span>');
    expect(one('activities')).toContain('<span class="rd-progress__text">45.6%</span>');
    expect(titleOf(one('activities', 1))).toBe('Status distribution');
    expect(all('activity', enSlides)).toContain('<dt>Period</dt><dd>01/01/2019 – 31/12/2022</dd>');
    expect(all('activity', enSlides)).toContain('<dt>Plan</dt><dd>€450,000</dd>');
    expect(all('activity', enSlides)).toContain('<dt>Actual</dt><dd>€162,000.50</dd>');
    expect(all('activity', enSlides)).toContain('(reached)');
    expect(titleOf(one('networks'))).toBe('Networks');
    expect(one('itbeirat')).toContain('>Members</h3>');
    expect(one('recommendations')).toContain('<span class="rd-rec rd-rec--in-progress">in progress</span><span class="rd-cell-sub">As of 28/03/2021</span>');
    expect(titleOf(one('timeline'))).toBe('Timeline');
    expect(titleOf(one('budget', 1))).toBe('Budget: plan and actual (continued)');
    expect(one('budget', 1)).toContain('<td class="rd-num">+€265.44</td>');
    expect(titleOf(one('decision'))).toBe('Proposed resolution');
    expect(titleOf(one('closing'))).toBe('Thank you for your attention');
    for (const s of enSlides) expect(s.html).toContain(`<span class="rd-footer__page">Slide ${s.number} of ${enSlides.length}</span>`);
  });

  it('shows no German label', () => {
    const labels = ['Folie ', 'Federführung', 'Fortschritt', 'Meilensteine', 'Kennzahlen', 'Abweichung', 'Summe', 'Gliederung', 'Vielen Dank', ' Uhr', 'Fortsetzung', 'Beschlussvorschlag', 'Stellungnahme der Verwaltung', 'nichtöffentlich', 'im Plan'];
    for (const l of labels) expect(en.html, l).not.toContain(l);
  });

  it('a public agenda keeps only the number of a non-public item', () => {
    const h = one('agenda');
    expect(h).toContain('<li class="rd-agenda__nonpublic"><span class="rd-agenda__top">N 2</span> <em>non-public</em></li>');
    expect(en.html).not.toContain('Personalangelegenheit');
  });
});

// Data the author wrote and the view model prepares, but the slide never shows (reported; see
// the final report of the tests for issue 3). Each turns into a normal test once fixed.
describe('data that used to be left out of the slides', () => {
  const one = (type: string, i = 0) => ofType(slides, type)[i]!.html;

  it('activity slide shows the activity\'s links (templates/slides/activity.hbs ignores slide.data.links)', () => {
    expect(all('activity')).toContain('<a href="https://ozg.musterstadt.example/leistungen">Leistungskatalog</a>');
  });

  it('activity slide shows the activity\'s image with its alt text (slide.data.image is never rendered)', () => {
    expect(all('activity')).toContain('alt="Karte der Bürgerbüros"');
  });

  it('activity slide shows when a KPI was measured ("Stand 28.03.2021"; kpis[].asOf is formatted but not rendered)', () => {
    expect(all('activity')).toContain('28.03.2021');
  });

  it('recommendations slide shows the recommendation\'s text (rows[].text is never rendered)', () => {
    expect(one('recommendations')).toContain('Ein ISMS nach BSI-Grundschutz einführen.');
  });

  it('a slide\'s id: (documented as its anchor) reaches the HTML, so index.html#/auftrag works', () => {
    // deck.yaml gives the text slide `id: auftrag`; layouts/slide.hbs always writes id="folie-N".
    expect(de.html).toMatch(/<section [^>]*id="auftrag"/);
  });
});

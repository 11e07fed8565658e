/**
 * Audience selection (issue 5; GemO RLP §§ 35, 41; DOMAIN.md): pure functions on the model.
 * A public deck loses every `public: false` item before rendering, members without consent
 * lose their name, non-public agenda entries keep only their number; the non-public audience
 * sees everything. The last block renders selected decks to check that a selection naming a
 * non-public item simply leaves it out.
 */
import { describe, expect, it } from 'vitest';
import { anonymiseMember, isNonpublicDeck, selectAudience } from '../../src/audience/select.js';
import type { Member, ValidDeck } from '../../src/model/schema.js';
import { renderDeck } from '../../src/render/render.js';
import { slideSections } from '../render/helpers.js';

/** A deck with a non-public item in every list the model has. */
function deck(): ValidDeck {
  return {
    title: 'Sachstand',
    lang: 'de',
    committees: [{ id: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA' }],
    session: { committee: 'hfa', date: '2021-09-23', agendaItem: 'Ö 4' },
    paper: {
      reference: 'ST/0027/2021',
      subject: 'Betreff',
      consultations: [
        { committee: 'hfa', date: '2021-09-23', agendaItem: 'Ö 4', public: true },
        { committee: 'hfa', date: '2021-09-23', agendaItem: 'N 2', public: false, result: 'geheim beschlossen' },
      ],
    },
    activities: [
      {
        id: 'offen',
        title: 'Öffentliche Aktivität',
        category: 'administration',
        status: { light: 'green' },
        budget: { plan: 100000, actual: 40000, year: 2021 },
        milestones: [
          { title: 'Öffentlicher Meilenstein', due: '2021-06-30' },
          { title: 'Geheimer Meilenstein', due: '2021-07-31', public: false },
        ],
        kpis: [
          { name: 'Öffentliche Kennzahl', value: 1 },
          { name: 'Geheime Kennzahl', value: 2, public: false },
        ],
      },
      {
        id: 'geheim',
        title: 'Geheime Vergabe',
        category: 'study',
        status: { light: 'red', label: 'Geheimer Status' },
        budget: { plan: 987654, actual: 1, year: 2021 },
        public: false,
      },
      { id: 'studie', title: 'Öffentliche Studie', category: 'study', status: { light: 'yellow' }, budget: { plan: 50000, year: 2021 } },
    ],
    networks: [
      { id: 'netz', name: 'Öffentliches Netz' },
      { id: 'netz-geheim', name: 'Geheimes Netz', public: false },
    ],
    itBeirat: {
      members: [
        { id: 'mit', name: 'Dr. Mit Einwilligung', affiliation: 'Universität', consent: true },
        { id: 'ohne', name: 'Dr. Ohne Einwilligung', affiliation: 'Hochschule', role: 'Mitglied', consent: false },
        { id: 'unbekannt', name: 'Dr. Nicht gefragt', affiliation: 'Firma' },
        { id: 'geheim-mitglied', name: 'Dr. Geheim', affiliation: 'Geheime Firma', consent: true, public: false },
      ],
      meetings: [
        { date: '2021-03-18', topics: ['Öffentliches Thema'] },
        { date: '2021-04-18', topics: ['Geheimes Thema'], public: false },
      ],
      recommendations: [
        { id: 'empf', date: '2021-03-18', title: 'Öffentliche Empfehlung', status: 'open', activities: ['offen', 'geheim'] },
        { id: 'empf-geheim', date: '2021-03-18', title: 'Geheime Empfehlung', status: 'open', public: false },
      ],
    },
    slides: [
      { type: 'title' },
      {
        type: 'agenda',
        items: [
          { title: 'Bericht', agendaItem: 'Ö 4' },
          { title: 'Geheime Vergabe', agendaItem: 'N 2', public: false },
          { title: 'Geheimer Punkt ohne Nummer', public: false },
        ],
      },
      { type: 'text', title: 'Geheime Folie', body: 'Geheimer Text', notes: 'Geheime Notiz', public: false },
      { type: 'text', title: 'Öffentliche Folie', body: 'Text' },
      { type: 'activity', select: { ids: ['geheim', 'offen'] } },
      { type: 'activity', select: { ids: ['geheim'] } },
      { type: 'activity', select: { category: 'study' } },
      { type: 'activities', title: 'Rote Ampeln', select: { status: 'red' } },
      { type: 'activities', title: 'Alle Aktivitäten' },
      { type: 'networks', select: { ids: ['netz-geheim'] } },
      { type: 'recommendations', select: { ids: ['empf-geheim'] } },
      { type: 'budget', year: 2021 },
      { type: 'timeline', from: '2021-01-01', to: '2021-12-31' },
      { type: 'itbeirat' },
    ],
  };
}

describe('anonymiseMember', () => {
  it('keeps the name only with consent: true', () => {
    const withConsent: Member = { name: 'A', affiliation: 'Uni', consent: true };
    expect(anonymiseMember(withConsent)).toBe(withConsent);
    expect(anonymiseMember({ id: 'x', name: 'B', affiliation: 'Hochschule', role: 'Vorsitz', since: 2019, consent: false })).toEqual({
      id: 'x',
      affiliation: 'Hochschule',
      role: 'Vorsitz',
      since: 2019,
      consent: false,
    });
    // No consent recorded means no consent.
    expect(anonymiseMember({ name: 'C', affiliation: 'Firma' })).toEqual({ affiliation: 'Firma' });
  });

  it('does not change the member it is given', () => {
    const m: Member = { name: 'B', affiliation: 'Hochschule', consent: false };
    anonymiseMember(m);
    expect(m.name).toBe('B');
  });
});

describe('selectAudience(deck, "public")', () => {
  const input = deck();
  const before = structuredClone(input);
  const { deck: pub, report } = selectAudience(input, 'public');

  it('removes every non-public item from every list', () => {
    expect(pub.activities!.map((a) => a.id)).toEqual(['offen', 'studie']);
    expect(pub.activities![0]!.milestones!.map((m) => m.title)).toEqual(['Öffentlicher Meilenstein']);
    expect(pub.activities![0]!.kpis!.map((k) => k.name)).toEqual(['Öffentliche Kennzahl']);
    expect(pub.networks!.map((n) => n.id)).toEqual(['netz']);
    expect(pub.itBeirat!.members!.map((m) => m.affiliation)).toEqual(['Universität', 'Hochschule', 'Firma']);
    expect(pub.itBeirat!.meetings!.map((m) => m.date)).toEqual(['2021-03-18']);
    expect(pub.itBeirat!.recommendations!.map((r) => r.id)).toEqual(['empf']);
    expect(pub.paper!.consultations!.map((c) => c.agendaItem)).toEqual(['Ö 4']);
    // Nothing of the non-public content is left anywhere in the selected deck.
    const text = JSON.stringify(pub);
    for (const secret of ['Geheime Vergabe', 'Geheimer Status', '987654', 'Geheimer Meilenstein', 'Geheime Kennzahl', 'Geheimes Netz', 'Dr. Geheim', 'Geheime Firma', 'Geheimes Thema', 'Geheime Empfehlung', 'geheim beschlossen', 'Geheime Folie', 'Geheimer Text', 'Geheime Notiz', 'Geheimer Punkt']) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('removes members without consent from nothing but their name', () => {
    expect(pub.itBeirat!.members).toEqual([
      { id: 'mit', name: 'Dr. Mit Einwilligung', affiliation: 'Universität', consent: true },
      { id: 'ohne', affiliation: 'Hochschule', role: 'Mitglied', consent: false },
      { id: 'unbekannt', affiliation: 'Firma' },
    ]);
  });

  it('removes a slide with public: false and reduces non-public agenda entries to number + nichtöffentlich', () => {
    expect(pub.slides.map((s) => s.title ?? s.type)).not.toContain('Geheime Folie');
    expect(pub.slides).toHaveLength(input.slides.length - 1);
    const agenda = pub.slides.find((s) => s.type === 'agenda');
    expect(agenda?.type === 'agenda' && agenda.items).toEqual([
      { title: 'Bericht', agendaItem: 'Ö 4' },
      { title: '', nonpublic: true, agendaItem: 'N 2' },
      { title: '', nonpublic: true },
    ]);
  });

  it('reports what it left out by kind and id, never by content', () => {
    expect(report.removed).toEqual(
      expect.arrayContaining([
        { kind: 'activity', id: 'geheim' },
        { kind: 'network', id: 'netz-geheim' },
        { kind: 'IT-Beirat member', id: 'geheim-mitglied' },
        { kind: 'recommendation', id: 'empf-geheim' },
        { kind: 'milestone of offen' },
        { kind: 'KPI of offen' },
        { kind: 'IT-Beirat meeting' },
        { kind: 'consultation' },
        { kind: 'slide' },
      ]),
    );
    expect(report.removed).toHaveLength(9);
    expect(JSON.stringify(report)).not.toMatch(/Geheim/);
  });

  it('leaves its input alone', () => {
    expect(input).toEqual(before);
  });

  // A public recommendation keeps only the public activities it refers to (`activities:
  // ['offen', 'geheim']` → ['offen']). The slides would map the ids to public titles anyway, but
  // a kept id would reach the public snapshot (ratsdeck freeze) and any custom template that
  // prints the list.
  it('drops references to non-public activities from public recommendations', () => {
    expect(pub.itBeirat!.recommendations![0]!.activities).toEqual(['offen']);
  });
});

describe('selectAudience(deck, "nonpublic")', () => {
  it('keeps everything, member names included, and reports nothing', () => {
    const input = deck();
    const { deck: np, report } = selectAudience(input, 'nonpublic');
    expect(np).toEqual(deck());
    expect(np.itBeirat!.members!.map((m) => m.name)).toEqual(['Dr. Mit Einwilligung', 'Dr. Ohne Einwilligung', 'Dr. Nicht gefragt', 'Dr. Geheim']);
    expect(report.removed).toEqual([]);
  });
});

describe('isNonpublicDeck', () => {
  it('is true only for a session marked public: false', () => {
    const d = deck();
    expect(isNonpublicDeck(d)).toBe(false);
    expect(isNonpublicDeck({ ...d, session: { ...d.session!, public: true } })).toBe(false);
    expect(isNonpublicDeck({ ...d, session: { ...d.session!, public: false } })).toBe(true);
    expect(isNonpublicDeck({ title: 'Ohne Sitzung', slides: [] })).toBe(false);
  });
});

describe('a public deck that selects a non-public item', () => {
  async function render(audience: 'public' | 'nonpublic') {
    const { deck: selected } = selectAudience(deck(), audience);
    const r = await renderDeck(selected, { id: 'd', projectRoot: import.meta.dirname, nonpublic: audience === 'nonpublic' });
    return { html: r.html, slides: slideSections(r.html), titles: r.slides.map((s) => s.title) };
  }

  it('builds without error and leaves the item out (by id, by category, by status)', async () => {
    const { html, titles, slides } = await render('public');
    expect(html).not.toMatch(/Geheim|987\.654/);
    // ids: [geheim, offen] → only "offen"; ids: [geheim] → no slide; category study → only the public study.
    expect(titles.filter((t) => /Aktivität|Studie|Vergabe/.test(t) && !/Aktivitäten/.test(t))).toEqual(['Öffentliche Aktivität', 'Öffentliche Studie']);
    // status: red selects only the non-public activity: an empty table.
    const red = slides.find((s) => s.html.includes('Rote Ampeln'))!.html;
    expect(red).toContain('Keine Einträge');
    // The network and recommendation selected by a non-public id: empty lists, no error.
    expect(slides.find((s) => s.type === 'networks')!.html).toContain('Keine Einträge');
    expect(slides.find((s) => s.type === 'recommendations')!.html).toContain('Keine Einträge');
    // The agenda shows the non-public entries by number only.
    const agenda = slides.find((s) => s.type === 'agenda')!.html;
    expect(agenda).toContain('<span class="rd-agenda__top">N 2</span> <em>nichtöffentlich</em></li>');
    expect(agenda.match(/rd-agenda__nonpublic/g)).toHaveLength(2);
  });

  it('computes totals from public items only', async () => {
    const { slides } = await render('public');
    const budget = slides.filter((s) => s.type === 'budget').map((s) => s.html).join('\n');
    expect(budget).toContain('150.000\u00a0€');
    expect(budget).not.toContain('1.137.654');
    const all = (await render('nonpublic')).slides.filter((s) => s.type === 'budget').map((s) => s.html).join('\n');
    expect(all).toContain('1.137.654\u00a0€');
  });

  it('shows members without consent by affiliation only', async () => {
    const { slides } = await render('public');
    const members = slides.find((s) => s.type === 'itbeirat')!.html;
    expect(members).toContain('<strong>Dr. Mit Einwilligung</strong>, Universität');
    expect(members).toContain('<li>Hochschule <span class="rd-member__role">(Mitglied)</span></li>');
    expect(members).toContain('<li>Firma</li>');
    expect(members).not.toContain('Ohne Einwilligung');
    expect(members).not.toContain('Nicht gefragt');
  });

  it('shows everything in the non-public build', async () => {
    const { html, titles } = await render('nonpublic');
    for (const s of ['Geheime Vergabe', 'Geheime Folie', 'Geheimes Netz', 'Geheime Empfehlung', 'Geheimer Meilenstein', 'Geheime Kennzahl', 'Geheimes Thema', 'Geheime Firma']) {
      expect(html, s).toContain(s);
    }
    expect(titles.filter((t) => t === 'Geheime Vergabe')).toHaveLength(3);
  });
});

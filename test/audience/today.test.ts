/**
 * Today's flags over snapshots (issue 9; GemO RLP § 35, DSGVO Art. 7(3)): a frozen deck keeps
 * what was presented, minus what today's data marks `public: false` and minus names whose
 * member has no consent today; the changes slide never names what is not public today. Pure:
 * selectForAudience with snapshots in memory. The non-public audience is the positive control:
 * it still sees everything, so the items looked for are really in the data.
 */
import { describe, expect, it } from 'vitest';
import { selectForAudience, type AudienceInput, type SnapshotSource } from '../../src/audience/index.js';
import { NameRules } from '../../src/audience/names.js';
import { InvalidDataError } from '../../src/errors.js';
import { nameForms } from '../../src/model/names.js';
import type { Activity, ItBeirat, ValidDeck } from '../../src/model/schema.js';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../src/model/snapshot.js';

/** What was presented in May (the frozen deck's snapshot), all public then. */
/** A deck that carries its own copy of a snapshot's data (as a deck file may). */
function ownCopy(snap: Snapshot): ValidDeck {
  const { activities, networks, itBeirat } = snap;
  return { title: snap.title, slides: [], activities, networks, itBeirat };
}

function may(): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    generator: 'test',
    deck: 'mai',
    audience: 'public',
    title: 'Mai',
    date: '2021-05-20',
    activities: [
      {
        id: 'ozg',
        title: 'Online-Dienste',
        category: 'administration',
        status: { light: 'green', label: 'im Plan' },
        milestones: [
          { title: 'Gewerbeanmeldung online', due: '2021-03-31', done: true },
          { title: 'Vorabsprache Bieter', due: '2021-04-30' },
          { title: 'Zuschlag Plattform', due: '2021-06-30' },
        ],
        kpis: [
          { name: 'Online-Dienste verfügbar', value: 38 },
          { name: 'Angebote eingegangen', value: 3 },
        ],
      },
      { id: 'vergabe', title: 'Vergabe Rechenzentrum', category: 'project', description: 'Ausschreibung läuft.' },
      { id: 'geloescht', title: 'Alte Machbarkeitsstudie', category: 'study' },
    ],
    networks: [
      { id: 'r56', name: 'R56+' },
      { id: 'netz-geheim', name: 'Arbeitskreis Sicherheit' },
    ],
    itBeirat: {
      members: [
        { id: 'vorsitz', name: 'Prof. Dr. Erika Geheimnamer', affiliation: 'Universität', consent: true },
        { name: 'Max Muster', affiliation: 'IHK', consent: true },
        { name: 'Ben Weggang', affiliation: 'Weggang GmbH', consent: true },
        { name: 'Dr. Bleibt Genannt', affiliation: 'Hochschule', consent: true },
      ],
      meetings: [
        { date: '2021-03-18', topics: ['Informationssicherheit'] },
        { date: '2021-04-22', topics: ['Vertragsentwurf Rechenzentrum'] },
      ],
      recommendations: [
        { id: 'e1', date: '2021-03-18', title: 'Sicherheitskonzept', status: 'open' },
        { id: 'e2', date: '2021-04-22', title: 'Rechenzentrum extern vergeben', status: 'open' },
      ],
    },
  };
}

/** Today's data (September): some of May's items are non-public now, consents were withdrawn. */
function today(): Pick<ValidDeck, 'activities' | 'networks' | 'itBeirat'> {
  const itBeirat: ItBeirat = {
    members: [
      // Consent withdrawn (DSGVO Art. 7(3)).
      { id: 'vorsitz', name: 'Prof. Dr. Erika Geheimnamer', affiliation: 'Universität', consent: false },
      // Matched without an id, by name and affiliation: non-public now.
      { name: 'Max Muster', affiliation: 'IHK', consent: true, public: false },
      // Ben Weggang left the Beirat: no member of that name today.
      { name: 'Dr. Bleibt Genannt', affiliation: 'Hochschule', consent: true },
    ],
    meetings: [
      { date: '2021-03-18', topics: ['Informationssicherheit'] },
      // The topics were reworded when it became non-public: matched by its date.
      { date: '2021-04-22', topics: ['Vertrag'], public: false },
    ],
    recommendations: [
      { id: 'e1', date: '2021-03-18', title: 'Sicherheitskonzept', status: 'implemented' },
      { id: 'e2', date: '2021-04-22', title: 'Rechenzentrum extern vergeben', status: 'in-progress', public: false },
    ],
  };
  const activities: Activity[] = [
    {
      id: 'ozg',
      title: 'Online-Dienste',
      category: 'administration',
      status: { light: 'yellow', label: 'Verzögerung' },
      milestones: [
        { title: 'Gewerbeanmeldung online', due: '2021-03-31', done: true },
        // Renamed and made non-public: matched by its due date.
        { title: 'Gespräch mit Bietern', due: '2021-04-30', public: false },
        // Same title, moved and reached: matched by its title.
        { title: 'Zuschlag Plattform', due: '2021-07-31', done: true, public: false },
      ],
      kpis: [
        { name: 'Online-Dienste verfügbar', value: 45 },
        { name: 'Angebote eingegangen', value: 4, public: false },
      ],
    },
    { id: 'vergabe', title: 'Vergabe Rechenzentrum', category: 'project', description: 'Ausschreibung läuft.', public: false },
    // "geloescht" is gone from today's data: what was presented stays.
  ];
  return {
    activities,
    networks: [
      { id: 'r56', name: 'R56+' },
      { id: 'netz-geheim', name: 'Arbeitskreis Sicherheit', public: false },
    ],
    itBeirat,
  };
}

/** Texts that may no longer be shown publicly. */
const WITHDRAWN = [
  'Vergabe Rechenzentrum',
  'Ausschreibung läuft',
  'Vorabsprache Bieter',
  'Zuschlag Plattform',
  'Angebote eingegangen',
  'Arbeitskreis Sicherheit',
  'Geheimnamer',
  'Max Muster',
  'IHK',
  'Ben Weggang',
  'Vertragsentwurf Rechenzentrum',
  'Rechenzentrum extern vergeben',
];

function input(deck: ValidDeck, snapshots: Record<string, Snapshot>, audience: 'public' | 'nonpublic' = 'public'): AudienceInput {
  return {
    id: 'mai',
    audience,
    deck,
    extraData: {},
    snapshot: (id): SnapshotSource | undefined => {
      const s = snapshots[id];
      return s ? { snapshot: s, file: `/p/_sessions/${id}.json`, locate: () => ({ file: `/p/_sessions/${id}.json`, line: 1, col: 1 }) } : undefined;
    },
    generator: 'test',
  };
}

const frozenDeck = (): ValidDeck => ({ title: 'Mai', slides: [{ type: 'activities' }, { type: 'itbeirat' }], ...today() });

describe('a frozen deck built for the public', () => {
  const sel = selectForAudience(input(frozenDeck(), { mai: may() }));
  const text = JSON.stringify(sel.deck);

  it('leaves out what today marks public: false: activities, milestones (by title, by due date), KPIs, networks, meetings, recommendations', () => {
    expect(sel.frozen?.file).toBe('/p/_sessions/mai.json');
    expect(sel.deck.activities!.map((a) => a.id)).toEqual(['ozg', 'geloescht']);
    const ozg = sel.deck.activities![0]!;
    // May's figures: the snapshot is what was presented, not today's data.
    expect(ozg.status).toEqual({ light: 'green', label: 'im Plan' });
    expect(ozg.milestones!.map((m) => m.title)).toEqual(['Gewerbeanmeldung online']);
    expect(ozg.kpis).toEqual([{ name: 'Online-Dienste verfügbar', value: 38 }]);
    expect(sel.deck.networks!.map((n) => n.id)).toEqual(['r56']);
    expect(sel.deck.itBeirat!.meetings!.map((m) => m.date)).toEqual(['2021-03-18']);
    expect(sel.deck.itBeirat!.recommendations!.map((r) => r.id)).toEqual(['e1']);
    for (const s of WITHDRAWN) expect(text, s).not.toContain(s);
  });

  it('shows a name only while today\'s data has that member with consent: true', () => {
    expect(sel.deck.itBeirat!.members).toEqual([
      // Consent withdrawn: the affiliation stays, the name goes.
      { id: 'vorsitz', affiliation: 'Universität', consent: true },
      // No longer in today's data: fail closed.
      { affiliation: 'Weggang GmbH', consent: true },
      { name: 'Dr. Bleibt Genannt', affiliation: 'Hochschule', consent: true },
    ]);
  });

  it('reports what today\'s data withdrew, by kind and id', () => {
    expect(sel.report.removed).toEqual(
      expect.arrayContaining([
        { kind: 'activity (non-public today)', id: 'vergabe' },
        { kind: 'milestone of ozg (non-public today)' },
        { kind: 'KPI of ozg (non-public today)' },
        { kind: 'network (non-public today)', id: 'netz-geheim' },
        { kind: 'IT-Beirat member (non-public today)' },
        { kind: 'IT-Beirat meeting (non-public today)' },
        { kind: 'recommendation (non-public today)', id: 'e2' },
      ]),
    );
  });

  it('a public: false set only in the project\'s _data counts where the deck file has its own copy', () => {
    const own = ownCopy(may());
    const withProject = { ...input(own, { mai: may() }), projectData: today() };
    const s = selectForAudience(withProject);
    expect(s.deck.activities!.map((a) => a.id)).toEqual(['ozg', 'geloescht']);
    expect(JSON.stringify(s.deck)).not.toContain('Geheimnamer');
    // Without it the deck's own copy says public: the project data is what makes the difference.
    expect(selectForAudience(input(own, { mai: may() })).deck.activities!.map((a) => a.id)).toEqual(['ozg', 'vergabe', 'geloescht']);
  });

  it('the same for a deck that is not frozen but carries its own copy of the data', () => {
    const own = ownCopy(may());
    const s = selectForAudience({ ...input(own, {}), projectData: today() });
    expect(s.frozen).toBeUndefined();
    expect(s.deck.activities!.map((a) => a.id)).toEqual(['ozg', 'geloescht']);
    expect(s.deck.activities![0]!.milestones!.map((m) => m.title)).toEqual(['Gewerbeanmeldung online']);
    expect(s.deck.itBeirat!.members!.map((m) => m.name)).toEqual([undefined, 'Ben Weggang', 'Dr. Bleibt Genannt']);
  });

  it('the non-public build still shows what was presented, names included (positive control)', () => {
    const np = selectForAudience(input(frozenDeck(), { mai: may() }, 'nonpublic'));
    const all = JSON.stringify(np.deck);
    for (const s of WITHDRAWN) expect(all, s).toContain(s);
  });
});

describe('the changes slide against an earlier snapshot', () => {
  const deck = (): ValidDeck => ({ title: 'September', predecessor: 'mai', slides: [{ type: 'changes' }], ...today() });
  const flat = (c: object) => JSON.stringify(c);

  it.each(['public', 'nonpublic'] as const)('never names what is not public today, however it changed (May frozen %s)', (recorded) => {
    const c = selectForAudience({ ...input(deck(), { mai: { ...may(), audience: recorded } }), id: 'september' }).changes!.mai!;
    expect(c.removed).toEqual([{ id: 'geloescht', title: 'Alte Machbarkeitsstudie' }]);
    expect(c.status).toEqual([{ id: 'ozg', title: 'Online-Dienste', from: { light: 'green', label: 'im Plan' }, to: { light: 'yellow', label: 'Verzögerung' } }]);
    expect(c.recommendationsStatus).toEqual([{ id: 'e1', title: 'Sicherheitskonzept', from: 'open', to: 'implemented' }]);
    expect(c.milestonesReached).toEqual([]);
    expect(c.milestonesMoved).toEqual([]);
    for (const s of WITHDRAWN) expect(flat(c), s).not.toContain(s);
  });

  it('lists the same items in the non-public build, so the diff above would have named them (positive control)', () => {
    // The non-public view of May was recorded too (freeze --nonpublic): both sides see everything.
    const c = selectForAudience({ ...input(deck(), { mai: { ...may(), audience: 'nonpublic' } }, 'nonpublic'), id: 'september' }).changes!.mai!;
    expect(c.milestonesReached.map((m) => m.milestone)).toEqual(['Zuschlag Plattform']);
    expect(flat(c)).toContain('Rechenzentrum extern vergeben');
    // A public diff that skipped today's flags on the earlier side would list the activity as gone.
    const before = selectForAudience({ ...input({ ...deck(), activities: today().activities!.filter((a) => a.id !== 'vergabe') }, { mai: may() }), id: 'september' }).changes!.mai!;
    expect(before.removed.map((r) => r.title)).toContain('Vergabe Rechenzentrum');
  });
});

describe('names', () => {
  it('takes titles off and finds the surname, in the forms people write', () => {
    expect(nameForms('Prof. Dr. Erika Geheimnamer')).toEqual({ key: 'erika geheimnamer', full: ['prof. dr. erika geheimnamer', 'erika geheimnamer', 'geheimnamer, erika'], surname: ['geheimnamer'] });
    expect(nameForms('Geheimnamer, Erika').full).toContain('erika geheimnamer');
    expect(nameForms('Erika Geheimnamer, M.A.').key).toBe('erika geheimnamer');
    expect(nameForms('Dr.-Ing. Anna von der Berg').surname).toEqual(['von der berg', 'berg']);
    expect(nameForms('Jan Müller-Lüdenscheidt').surname).toEqual(['müller-lüdenscheidt', 'müller', 'lüdenscheidt']);
    // Title and surname only: the surname is not a full name.
    expect(nameForms('Dr. Geheimnamer')).toMatchObject({ full: ['dr. geheimnamer'], surname: ['geheimnamer'] });
  });

  const rules = new NameRules([
    { name: 'Prof. Dr. Erika Geheimnamer', affiliation: 'Uni', consent: false },
    { name: 'Jana Geheimnamer-Schulz', affiliation: 'IHK', consent: true },
  ]);
  const kinds = (t: string) => rules.find(t).map((h) => h.kind);

  it('finds the full name case-insensitively, over line breaks and markup, with or without titles', () => {
    for (const t of ['Dank an Erika Geheimnamer.', 'ERIKA  GEHEIMNAMER', 'Erika\n  Geheimnamer', '**Erika** Geheimnamer', 'Prof. Erika Geheimnamer', 'Erika&nbsp;Geheimnamer', 'Erika Geheimnamers Vorschlag']) {
      expect(kinds(t), t).toEqual(['full']);
    }
  });

  it('finds the surname alone as a word, not inside another word or a name that may be shown', () => {
    expect(kinds('Herr Geheimnamer hat zugestimmt')).toEqual(['surname']);
    expect(kinds('Frau Dr. geheimnamer')).toEqual(['surname']);
    expect(kinds('die Geheimnamerstraße')).toEqual([]);
    expect(kinds('Jana Geheimnamer-Schulz hat zugestimmt')).toEqual([]);
    expect(kinds('Nichts davon.')).toEqual([]);
  });

  it('fails closed: a name is shown only if every member of that name has consent and is public', () => {
    expect(rules.mayShow('Jana Geheimnamer-Schulz')).toBe(true);
    expect(rules.mayShow('Erika Geheimnamer')).toBe(false);
    expect(rules.mayShow('Unbekannt Niemand')).toBe(false);
    const twice = new NameRules([
      { name: 'Max Muster', affiliation: 'IHK', consent: true },
      { name: 'Dr. Max Muster', affiliation: 'Uni' },
    ]);
    expect(twice.mayShow('Max Muster')).toBe(false);
  });
});

describe('names without consent in the texts of a public build', () => {
  const members = [{ name: 'Prof. Dr. Erika Geheimnamer', affiliation: 'Uni', consent: false }];
  const deck = (notes: string): ValidDeck => ({ title: 'T', itBeirat: { members }, slides: [{ type: 'title', notes }] });
  const raw = (d: ValidDeck) => ({ file: '/p/deck.yaml', root: '/p', value: d, locate: (p: readonly (string | number)[]) => ({ file: '/p/deck.yaml', line: p.length * 10, col: 5 }) });
  const run = (notes: string, audience: 'public' | 'nonpublic' = 'public') => {
    const d = deck(notes);
    return selectForAudience({ ...input(d, {}, audience), raw: raw(d) });
  };

  it('the full name is an error at the text, and nothing is selected', () => {
    let err: unknown;
    try {
      run('Dank an Erika Geheimnamer.');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidDataError);
    const p = (err as InvalidDataError).problems;
    expect(p).toEqual([expect.objectContaining({ file: '/p/deck.yaml', line: 30, col: 5, path: 'slides[0].notes', severity: 'error', code: 'name-without-consent' })]);
    // The message says whose name it is by position, never the name (messages end up in logs).
    expect(p[0]!.message).toContain('itBeirat.members[0] at deck.yaml:30');
    expect(JSON.stringify(p)).not.toMatch(/geheimnamer/i);
  });

  it('the surname alone is a warning; the non-public build is not affected', () => {
    expect(run('Herr Geheimnamer hat zugestimmt.').problems).toEqual([expect.objectContaining({ path: 'slides[0].notes', severity: 'warning', code: 'surname-without-consent' })]);
    expect(run('Dank an Erika Geheimnamer.', 'nonpublic').problems).toEqual([]);
    // The member's own name: field is not a finding.
    expect(run('Nichts.').problems).toEqual([]);
  });
});

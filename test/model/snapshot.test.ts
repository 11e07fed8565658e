/**
 * Session snapshots and "changes since the last session" (issue 5): every kind of change the
 * changes slide reports, the public view of a snapshot, and that a public diff sees public data
 * on both sides. Pure: snapshots are built in memory. One rendering test at the end checks the
 * German wording of the built slide.
 */
import { describe, expect, it } from 'vitest';
import { selectAudience } from '../../src/audience/select.js';
import type { Activity, Recommendation, ValidDeck } from '../../src/model/schema.js';
import { publicSnapshot } from '../../src/audience/snapshot.js';
import { countChanges, diffSnapshots, Snapshot, snapshotOf, SNAPSHOT_FORMAT, type Changes } from '../../src/model/snapshot.js';
import { renderDeck } from '../../src/render/render.js';
import { slideSections } from '../render/helpers.js';

const NBSP = '\u00a0';

function activity(id: string, extra: Partial<Activity> = {}): Activity {
  return { id, title: `Titel ${id}`, category: 'administration', ...extra };
}

function rec(id: string, status: Recommendation['status'], extra: Partial<Recommendation> = {}): Recommendation {
  return { id, date: '2021-03-18', title: `Empfehlung ${id}`, status, ...extra };
}

function snap(activities: Activity[], recommendations: Recommendation[] = [], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    generator: 'test',
    deck: 'vorher',
    audience: 'nonpublic',
    title: 'Vorher',
    date: '2021-05-20',
    session: { committee: 'hfa', date: '2021-05-20' },
    activities,
    networks: [],
    itBeirat: { recommendations },
    ...extra,
  };
}

const EMPTY: Omit<Changes, 'since'> = {
  added: [],
  removed: [],
  status: [],
  phase: [],
  progress: [],
  milestonesReached: [],
  milestonesMoved: [],
  milestonesAdded: [],
  budget: [],
  recommendationsAdded: [],
  recommendationsStatus: [],
};

/** The changes without `since`, so each test can state exactly what it expects. */
function changes(prev: Snapshot, cur: Snapshot): Omit<Changes, 'since'> {
  const { since: _since, ...rest } = diffSnapshots(prev, cur);
  return rest;
}

describe('diffSnapshots: every kind of change', () => {
  it('finds nothing between equal snapshots', () => {
    const s = snap([activity('a', { status: { light: 'green' }, progress: 10, milestones: [{ title: 'M', due: '2021-01-01' }] })], [rec('r', 'open')]);
    const c = diffSnapshots(s, structuredClone(s));
    expect(countChanges(c)).toBe(0);
    expect(changes(s, structuredClone(s))).toEqual(EMPTY);
  });

  it('names the session it compares with', () => {
    const c = diffSnapshots(snap([]), snap([], [], { deck: 'jetzt' }));
    expect(c.since).toEqual({ deck: 'vorher', title: 'Vorher', date: '2021-05-20', committee: 'hfa' });
  });

  it('new and removed activities', () => {
    const prev = snap([activity('bleibt'), activity('entfaellt', { title: 'Entfallene Aktivität' })]);
    const cur = snap([activity('bleibt'), activity('neu', { title: 'Neue Aktivität' })]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      added: [{ id: 'neu', title: 'Neue Aktivität' }],
      removed: [{ id: 'entfaellt', title: 'Entfallene Aktivität' }],
    });
  });

  it('a status light change, a label-only change, a status given or taken away', () => {
    const prev = snap([
      activity('licht', { status: { light: 'green', label: 'im Plan' } }),
      activity('text', { status: { light: 'yellow', label: 'Verzug bei Schnittstellen' } }),
      activity('neu-bewertet'),
      activity('gleich', { status: { light: 'red', label: 'gefährdet' } }),
    ]);
    const cur = snap([
      activity('licht', { status: { light: 'yellow', label: 'im Plan' } }),
      activity('text', { status: { light: 'yellow', label: 'Verzug bei Schulungen' } }),
      activity('neu-bewertet', { status: { light: 'green' } }),
      activity('gleich', { status: { light: 'red', label: 'gefährdet' } }),
    ]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      status: [
        { id: 'licht', title: 'Titel licht', from: { light: 'green', label: 'im Plan' }, to: { light: 'yellow', label: 'im Plan' } },
        { id: 'text', title: 'Titel text', from: { light: 'yellow', label: 'Verzug bei Schnittstellen' }, to: { light: 'yellow', label: 'Verzug bei Schulungen' } },
        { id: 'neu-bewertet', title: 'Titel neu-bewertet', to: { light: 'green' } },
      ],
    });
  });

  it('phase and progress', () => {
    const prev = snap([activity('a', { phase: 'planning', progress: 35 }), activity('b', { progress: 10 })]);
    const cur = snap([activity('a', { phase: 'implementation', progress: 45 }), activity('b', { progress: 10 })]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      phase: [{ id: 'a', title: 'Titel a', from: 'planning', to: 'implementation' }],
      progress: [{ id: 'a', title: 'Titel a', from: 35, to: 45 }],
    });
  });

  it('milestones reached, moved and added', () => {
    const prev = snap([
      activity('a', {
        milestones: [
          { title: 'Erreicht', due: '2021-06-30' },
          { title: 'Verschoben', due: '2021-06-30' },
          { title: 'Schon erreicht', due: '2021-01-31', done: true },
        ],
      }),
    ]);
    const cur = snap([
      activity('a', {
        milestones: [
          { title: 'Erreicht', due: '2021-06-30', done: true },
          { title: 'Verschoben', due: '2022-09-30' },
          { title: 'Schon erreicht', due: '2021-01-31', done: true },
          { title: 'Neu', due: '2021-12-15' },
        ],
      }),
    ]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      milestonesReached: [{ id: 'a', title: 'Titel a', milestone: 'Erreicht', due: '2021-06-30' }],
      milestonesMoved: [{ id: 'a', title: 'Titel a', milestone: 'Verschoben', from: '2021-06-30', to: '2022-09-30' }],
      milestonesAdded: [{ id: 'a', title: 'Titel a', milestone: 'Neu', due: '2021-12-15' }],
    });
  });

  it('budget plan and actual deltas, a first budget, and an unchanged one', () => {
    const prev = snap([
      activity('plan', { budget: { plan: 450000, actual: 268000 } }),
      activity('ist', { budget: { plan: 100000, actual: 20000 } }),
      activity('erstmals'),
      activity('gleich', { budget: { plan: 5000, actual: 5000, year: 2021 } }),
    ]);
    const cur = snap([
      activity('plan', { budget: { plan: 510000, actual: 268000 } }),
      activity('ist', { budget: { plan: 100000, actual: 15000 } }),
      activity('erstmals', { budget: { plan: 30000 } }),
      activity('gleich', { budget: { plan: 5000, actual: 5000, year: 2021, illustrative: true } }),
    ]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      budget: [
        { id: 'plan', title: 'Titel plan', planFrom: 450000, planTo: 510000, actualFrom: 268000, actualTo: 268000 },
        { id: 'ist', title: 'Titel ist', planFrom: 100000, planTo: 100000, actualFrom: 20000, actualTo: 15000 },
        { id: 'erstmals', title: 'Titel erstmals', planTo: 30000 },
      ],
    });
  });

  it('new recommendations and recommendations whose status changed', () => {
    const prev = snap([], [rec('alt', 'open'), rec('gleich', 'implemented')]);
    const cur = snap([], [rec('alt', 'in-progress'), rec('gleich', 'implemented'), rec('neu', 'under-review')]);
    expect(changes(prev, cur)).toEqual({
      ...EMPTY,
      recommendationsAdded: [{ id: 'neu', title: 'Empfehlung neu', status: 'under-review' }],
      recommendationsStatus: [{ id: 'alt', title: 'Empfehlung alt', from: 'open', to: 'in-progress' }],
    });
  });

  it('counts every change once', () => {
    const prev = snap([activity('a', { phase: 'idea', progress: 0 }), activity('weg')], [rec('r', 'open')]);
    const cur = snap([activity('a', { phase: 'planning', progress: 5 }), activity('neu')], [rec('r', 'declined'), rec('s', 'open')]);
    // Phase, progress, one added, one removed, one new recommendation, one status change.
    expect(countChanges(diffSnapshots(prev, cur))).toBe(6);
  });
});

// ---------------------------------------------------------------------------------------------

/** A previous and a current non-public snapshot; what changed concerns both kinds of data. */
function nonpublicPair(): { prev: Snapshot; cur: Snapshot } {
  const prev = snap(
    [
      activity('oeffentlich', {
        status: { light: 'green' },
        milestones: [
          { title: 'Öffentlicher Meilenstein', due: '2021-06-30' },
          { title: 'Zuschlag erteilt', due: '2021-07-31', public: false },
        ],
        kpis: [{ name: 'Angebote', value: 3, public: false }],
      }),
      activity('vergabe', { title: 'Vergabe Rahmenvertrag', status: { light: 'green' }, budget: { plan: 100 }, public: false }),
      activity('alt-geheim', { title: 'Alte Vergabe', public: false }),
    ],
    [rec('offen', 'open'), rec('geheim', 'open', { public: false })],
    {
      networks: [
        { id: 'netz', name: 'Netz' },
        { id: 'netz-geheim', name: 'Geheimes Netz', public: false },
      ],
      itBeirat: {
        members: [
          { name: 'A', affiliation: 'Uni', consent: true },
          { name: 'B', affiliation: 'Firma', consent: true, public: false },
        ],
        meetings: [
          { date: '2021-03-18', topics: ['offen'] },
          { date: '2021-04-18', topics: ['geheim'], public: false },
        ],
        recommendations: [rec('offen', 'open'), rec('geheim', 'open', { public: false })],
      },
    },
  );
  const cur = snap(
    [
      activity('oeffentlich', {
        status: { light: 'yellow' },
        milestones: [
          { title: 'Öffentlicher Meilenstein', due: '2021-06-30' },
          { title: 'Zuschlag erteilt', due: '2021-07-31', done: true, public: false },
          { title: 'Neue geheime Frist', due: '2021-11-30', public: false },
        ],
      }),
      activity('vergabe', { title: 'Vergabe Rahmenvertrag', status: { light: 'red' }, budget: { plan: 200 }, public: false }),
      activity('neu-geheim', { title: 'Neue Vergabe', public: false }),
    ],
    [],
    {
      itBeirat: {
        recommendations: [rec('offen', 'in-progress'), rec('geheim', 'implemented', { public: false }), rec('neu-geheim', 'open', { public: false })],
      },
    },
  );
  return { prev, cur };
}

describe('publicSnapshot', () => {
  it('drops every non-public item: activities, milestones, KPIs, networks, members, meetings, recommendations', () => {
    const { prev } = nonpublicPair();
    const p = publicSnapshot(prev);
    expect(p.audience).toBe('public');
    expect(p.activities.map((a) => a.id)).toEqual(['oeffentlich']);
    expect(p.activities[0]!.milestones!.map((m) => m.title)).toEqual(['Öffentlicher Meilenstein']);
    expect(p.activities[0]!.kpis).toEqual([]);
    expect(p.networks.map((n) => n.id)).toEqual(['netz']);
    expect(p.itBeirat!.members!.map((m) => m.affiliation)).toEqual(['Uni']);
    expect(p.itBeirat!.meetings!.map((m) => m.topics)).toEqual([['offen']]);
    expect(p.itBeirat!.recommendations!.map((r) => r.id)).toEqual(['offen']);
    expect(JSON.stringify(p)).not.toMatch(/geheim|Zuschlag|Vergabe|Angebote|Firma/);
    // The input is left alone.
    expect(prev.activities).toHaveLength(3);
  });

  it('returns a public snapshot as it is', () => {
    const s = snap([activity('a')], [], { audience: 'public' });
    expect(publicSnapshot(s)).toBe(s);
  });

  it('is still a valid snapshot', () => {
    expect(Snapshot.safeParse(publicSnapshot(nonpublicPair().prev)).success).toBe(true);
  });
});

describe('public and non-public diffs', () => {
  it('a change that only concerns non-public data is in the non-public diff and not in the public one', () => {
    const { prev, cur } = nonpublicPair();
    const all = changes(prev, cur);
    const pub = changes(publicSnapshot(prev), publicSnapshot(cur));

    expect(all).toEqual({
      ...EMPTY,
      added: [{ id: 'neu-geheim', title: 'Neue Vergabe' }],
      removed: [{ id: 'alt-geheim', title: 'Alte Vergabe' }],
      status: [
        { id: 'oeffentlich', title: 'Titel oeffentlich', from: { light: 'green' }, to: { light: 'yellow' } },
        { id: 'vergabe', title: 'Vergabe Rahmenvertrag', from: { light: 'green' }, to: { light: 'red' } },
      ],
      milestonesReached: [{ id: 'oeffentlich', title: 'Titel oeffentlich', milestone: 'Zuschlag erteilt', due: '2021-07-31' }],
      milestonesAdded: [{ id: 'oeffentlich', title: 'Titel oeffentlich', milestone: 'Neue geheime Frist', due: '2021-11-30' }],
      budget: [{ id: 'vergabe', title: 'Vergabe Rahmenvertrag', planFrom: 100, planTo: 200 }],
      recommendationsAdded: [{ id: 'neu-geheim', title: 'Empfehlung neu-geheim', status: 'open' }],
      recommendationsStatus: [
        { id: 'offen', title: 'Empfehlung offen', from: 'open', to: 'in-progress' },
        { id: 'geheim', title: 'Empfehlung geheim', from: 'open', to: 'implemented' },
      ],
    });
    // Only the public activity's status and the public recommendation are left.
    expect(pub).toEqual({
      ...EMPTY,
      status: [{ id: 'oeffentlich', title: 'Titel oeffentlich', from: { light: 'green' }, to: { light: 'yellow' } }],
      recommendationsStatus: [{ id: 'offen', title: 'Empfehlung offen', from: 'open', to: 'in-progress' }],
    });
  });

  it('the pipeline diffs a public build against snapshotOf(selectAudience(deck, "public")): the same result', () => {
    const { prev, cur } = nonpublicPair();
    const deck: ValidDeck = { title: 'Jetzt', slides: [], activities: cur.activities, networks: [], itBeirat: cur.itBeirat! };
    const selected = selectAudience(deck, 'public').deck;
    const viaDeck = diffSnapshots(publicSnapshot(prev), snapshotOf(selected, 'jetzt', 'public', 'test'));
    expect(viaDeck).toEqual(diffSnapshots(publicSnapshot(prev), publicSnapshot(cur)));
  });
});

describe('snapshotOf', () => {
  it('records the deck, the session with its result and votes, the paper, and the selected data', () => {
    const deck: ValidDeck = {
      title: 'Sachstand',
      date: '2021-05-01',
      slides: [{ type: 'title' }],
      session: { committee: 'hfa', date: '2021-05-20', agendaItem: 'Ö 5', result: 'zur Kenntnis genommen', votes: { yes: 12, no: 0, abstentions: 1 } },
      paper: { reference: 'ST/0027/2021', subject: 'Betreff', paperType: 'Stellungnahme', decisionProposal: { text: 'Wortlaut' } },
      activities: [activity('a'), activity('geheim', { public: false })],
      itBeirat: { members: [{ name: 'Ohne Einwilligung', affiliation: 'Firma' }] },
    };
    const s = snapshotOf(selectAudience(deck, 'public').deck, '2021-05-hfa', 'public', 'ratsdeck 0.1.0');
    expect(s).toEqual({
      format: 1,
      generator: 'ratsdeck 0.1.0',
      deck: '2021-05-hfa',
      audience: 'public',
      title: 'Sachstand',
      date: '2021-05-20',
      session: { committee: 'hfa', date: '2021-05-20', agendaItem: 'Ö 5', result: 'zur Kenntnis genommen', votes: { yes: 12, no: 0, abstentions: 1 } },
      paper: { reference: 'ST/0027/2021', subject: 'Betreff' },
      activities: [activity('a')],
      networks: [],
      itBeirat: { members: [{ affiliation: 'Firma' }] },
    });
    expect(Snapshot.safeParse(JSON.parse(JSON.stringify(s))).success).toBe(true);
  });

  it('falls back to the deck date without a session', () => {
    const s = snapshotOf({ title: 'T', date: '2021-05-01', slides: [] }, 't', 'public', 'x');
    expect(s.date).toBe('2021-05-01');
    expect(s.session).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('the changes slide', () => {
  it('shows each kind of change in German, with signed € deltas', async () => {
    const prev = snap(
      [
        activity('ozg', {
          title: 'Online-Dienste',
          phase: 'planning',
          status: { light: 'green', label: 'im Plan' },
          progress: 35,
          budget: { plan: 450000, actual: 268000 },
          milestones: [
            { title: 'Gewerbeanmeldung online', due: '2021-03-31' },
            { title: 'Ausrollen', due: '2022-06-30' },
          ],
        }),
        activity('studie', { title: 'Masterarbeit Kartierung' }),
      ],
      [rec('e1', 'open', { title: 'Pilotbetrieb auswerten' })],
      { session: { committee: 'hfa', date: '2021-05-20' } },
    );
    const cur = snap(
      [
        activity('ozg', {
          title: 'Online-Dienste',
          phase: 'implementation',
          status: { light: 'yellow', label: 'Schulungen verzögert' },
          progress: 45,
          budget: { plan: 510000, actual: 263000 },
          milestones: [
            { title: 'Gewerbeanmeldung online', due: '2021-03-31', done: true },
            { title: 'Ausrollen', due: '2022-09-30' },
            { title: 'Nutzerkonto angebunden', due: '2021-12-31' },
          ],
        }),
        activity('gremien', { title: 'Papierlose Gremienarbeit' }),
      ],
      [rec('e1', 'implemented', { title: 'Pilotbetrieb auswerten' }), rec('e2', 'under-review', { title: 'Barrierefreiheit prüfen' })],
    );
    const c = diffSnapshots(prev, cur);
    const deck: ValidDeck = {
      title: 'Sachstand',
      lang: 'de',
      committees: [{ id: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA' }],
      session: { committee: 'hfa', date: '2021-09-23' },
      activities: cur.activities,
      itBeirat: cur.itBeirat!,
      predecessor: 'vorher',
      slides: [{ type: 'changes' }],
    };
    const rendered = await renderDeck(deck, { id: 'jetzt', projectRoot: import.meta.dirname, changes: { vorher: c } });
    const html = slideSections(rendered.html)
      .filter((s) => s.type === 'changes')
      .map((s) => s.html)
      .join('\n');
    const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    const headings = [...html.matchAll(/class="rd-subhead">([^<]*)</g)].map((m) => m[1]);

    expect(html).toContain('Änderungen seit der letzten Sitzung');
    expect(html).toContain('Vergleich mit der Sitzung HFA 20.05.2021');
    expect(headings).toEqual([
      'Neue Aktivitäten',
      'Nicht mehr enthalten',
      'Status geändert',
      'Phase geändert',
      'Fortschritt',
      'Meilensteine erreicht',
      'Meilensteine verschoben',
      'Neue Meilensteine',
      'Haushalt: Plan und Ist',
      'Neue Empfehlungen des IT-Beirats',
      'Umsetzungsstand der Empfehlungen geändert',
    ]);
    expect(items).toEqual([
      'Papierlose Gremienarbeit',
      'Masterarbeit Kartierung',
      'Online-Dienste: Grün – im Plan → Gelb – Schulungen verzögert',
      'Online-Dienste: Planung → Umsetzung',
      `Online-Dienste: 35${NBSP}% → 45${NBSP}%`,
      'Online-Dienste: Gewerbeanmeldung online (31.03.2021)',
      'Online-Dienste: Ausrollen, 30.06.2022 → 30.09.2022',
      'Online-Dienste: Nutzerkonto angebunden (31.12.2021)',
      `Online-Dienste: Plan 450.000${NBSP}€ → 510.000${NBSP}€ (+60.000${NBSP}€); Ist 268.000${NBSP}€ → 263.000${NBSP}€ (-5.000${NBSP}€)`,
      'Barrierefreiheit prüfen (in Prüfung)',
      'Pilotbetrieb auswerten: offen → umgesetzt',
    ]);
  });

  it('says so when nothing changed', async () => {
    const s = snap([activity('a')]);
    const deck: ValidDeck = { title: 'T', activities: s.activities, predecessor: 'vorher', slides: [{ type: 'changes' }] };
    const rendered = await renderDeck(deck, { id: 't', projectRoot: import.meta.dirname, changes: { vorher: diffSnapshots(s, s) } });
    expect(rendered.html).toContain('Seit der letzten Sitzung hat sich nichts geändert.');
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors.js';
import { didYouMean, editDistance, type RawDeck } from '../../src/model/raw.js';
import { CATEGORIES, LIGHTS, SLIDE_TYPES } from '../../src/model/schema.js';
import { validateDeck } from '../../src/model/validate.js';
import { loadDeck } from '../../src/project/project.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * A project folder for the decks of this file, with a ratsdeck.yaml that sets only what the
 * built-in defaults set: the decks below go through the production loader (loadDeck, its
 * RawDeck.locate) and are printed by the production formatProblem.
 */
const PROJECT = mkdtempSync(join(tmpdir(), 'rd-validate-'));
writeFileSync(join(PROJECT, 'ratsdeck.yaml'), 'lang: de\n');
afterAll(() => rmSync(PROJECT, { recursive: true, force: true }));
let decks = 0;

/** A RawDeck from one YAML text (and the files it names), loaded as `build` loads a deck file. */
function rawFrom(text: string, files: Record<string, string> = {}): RawDeck {
  const dir = join(PROJECT, String(++decks));
  mkdirSync(dir);
  writeFileSync(join(dir, 'deck.yaml'), text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const loaded = loadDeck(join(dir, 'deck.yaml'));
  expect(loaded.problems).toEqual([]);
  return loaded.raw!;
}

/** Every problem of a text, one line each, as the CLI prints them (relative to the deck's folder). */
function check(text: string, files?: Record<string, string>): string[] {
  const raw = rawFrom(text, files);
  return validateDeck(raw).problems.map((p) => formatProblem(p, dirname(raw.file)));
}

/** Every problem of a fixture project's deck, through the real cascade, relative to the fixture. */
function checkFixture(name: string): string[] {
  const root = join(FIXTURES, name);
  const loaded = loadDeck(join(root, 'deck.yaml'));
  const problems = [...loaded.problems, ...(loaded.raw ? validateDeck(loaded.raw).problems : [])];
  return problems.map((p) => formatProblem(p, root));
}

const SLIDES = 'slides:\n  - type: title\n';
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

describe('a valid deck', () => {
  it('has no problems and yields the typed deck', () => {
    const r = validateDeck(rawFrom(`title: Digitalisierung\n${SLIDES}`));
    expect(r.problems).toEqual([]);
    expect(r.deck?.title).toBe('Digitalisierung');
    expect(r.deck?.slides).toEqual([{ type: 'title' }]);
  });

  it('the valid fixture passes through the cascade', () => {
    expect(checkFixture('valid')).toEqual([]);
  });
});

describe('wrong types', () => {
  it('reports each with its exact line and column', () => {
    expect(checkFixture('wrong-type')).toEqual([
      'deck.yaml:2:3: title: expected text, got a list',
      'deck.yaml:6:12: slides[0].title: expected text, got the number 42 (put the value in quotes)',
    ]);
  });

  it('names what was expected and what was found', () => {
    expect(
      check(
        [
          'title: Haushalt', // 1
          'slides: keine', // 2
          'activities:', // 3
          '  - id: portal', // 4
          '    title: Portal', // 5
          '    category: administration', // 6
          '    progress: viel', // 7
          '    public: nein', // 8
          '    budget:', // 9
          '      year: 2021.5', // 10
        ].join('\n'),
      ),
    ).toEqual([
      'deck.yaml:2:9: slides: expected a list, got the text "keine"',
      'deck.yaml:7:15: activities[0].progress: expected a number, got the text "viel"',
      'deck.yaml:8:13: activities[0].public: expected true or false, got the text "nein" (write false for "nein")',
      'deck.yaml:10:13: activities[0].budget.year: expected a whole number, got the number 2021.5',
    ]);
  });

  it('an empty value is called empty', () => {
    expect(check(`title:\n${SLIDES}`)).toEqual(['deck.yaml:1:1: title: expected text, got null (an empty value)']);
  });

  it('numbers out of range', () => {
    expect(
      check(
        `title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    progress: 120\n`,
      ),
    ).toEqual(['deck.yaml:8:15: activities[0].progress: must be at most 100, got the number 120']);
  });
});

describe('enum values list the allowed ones', () => {
  it('with did-you-mean by meaning: a German compound, a colour that is no light', () => {
    expect(checkFixture('wrong-enum')).toEqual([
      `deck.yaml:5:15: activities[0].category: expected one of ${quoted(CATEGORIES)}; got "Machbarkeitsstudie" (did you mean "study"?)`,
      `deck.yaml:7:14: activities[0].status.light: expected one of ${quoted(LIGHTS)}; got "orange" (did you mean "yellow"?)`,
    ]);
  });

  it('an unknown slide type lists the slide types', () => {
    const [p, ...rest] = check('title: x\nslides:\n  - type: titel\n');
    expect(rest).toEqual([]);
    expect(p).toBe(`deck.yaml:3:11: slides[0].type: unknown slide type; expected one of ${quoted(SLIDE_TYPES)}; got "titel" (did you mean "title"?)`);
  });

  it('a slide without a type says so at the slide', () => {
    expect(check('title: x\nslides:\n  - title: Ohne Typ\n')).toEqual([
      `deck.yaml:3:5: slides[0]: slide has no "type"; expected one of ${quoted(SLIDE_TYPES)}`,
    ]);
  });

  it('in "one value or a list": the bad list item, not the whole list', () => {
    expect(
      check('title: x\nslides:\n  - type: activities\n    select:\n      status: [green, blau]\n      category: smart-citi\n'),
    ).toEqual([
      'deck.yaml:5:23: slides[0].select.status[1]: expected one of "green", "yellow", "red", "grey"; got "blau" (also accepted: Grün, Gelb, Rot, Grau)',
      `deck.yaml:6:17: slides[0].select.category: expected one of ${quoted(CATEGORIES)}; got "smart-citi" (did you mean "smart-city"?)`,
    ]);
  });
});

describe('dates', () => {
  it('an impossible date', () => {
    expect(checkFixture('impossible-date')).toEqual(['deck.yaml:4:9: session.date: impossible date "2021-02-30"']);
  });

  it.each([
    ['2021-02-29', 'impossible date "2021-02-29"'],
    ['2021-04-31', 'impossible date "2021-04-31"'],
    ['2021-13-01', 'impossible date "2021-13-01"'],
    ['2021-00-10', 'impossible date "2021-00-10"'],
    ['20.05.2021', 'expected a date written as YYYY-MM-DD (write 2021-05-20)'],
    ['2021-5-20', 'expected a date written as YYYY-MM-DD (write 2021-05-20)'],
    ['18.3.25', 'expected a date written as YYYY-MM-DD (write 2025-03-18)'],
    ['31.02.2025', 'expected a date written as YYYY-MM-DD'],
    ['im März', 'expected a date written as YYYY-MM-DD'],
  ])('%s', (date, message) => {
    expect(check(`title: x\ndate: ${date}\n${SLIDES}`)).toEqual([`deck.yaml:2:7: date: ${message}`]);
  });

  it('29 February in a leap year is a date', () => {
    expect(check(`title: x\ndate: 2024-02-29\n${SLIDES}`)).toEqual([]);
  });

  it('an end before the start', () => {
    expect(
      check(`title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    start: 2021-05-01\n    end: 2021-01-31\n`),
    ).toEqual(['deck.yaml:9:10: activities[0].end: end 2021-01-31 is before start 2021-05-01']);
  });
});

describe('unknown keys', () => {
  it('with did-you-mean where close, the allowed keys otherwise', () => {
    expect(checkFixture('unknown-key')).toEqual([
      'deck.yaml:4:5: slides[0].subtitel: unknown key "subtitel" (did you mean "subtitle"?)',
      'deck.yaml:5:5: slides[0].colour: unknown key "colour" (allowed keys: type, id, title, notes, public, subtitle)',
    ]);
  });

  // The typo also leaves "title" missing; one problem says it all.
  it('at the top level, without a second problem for the missing key it was meant to be', () => {
    expect(check(`titel: x\n${SLIDES}`)).toEqual(['deck.yaml:1:1: titel: unknown key "titel" (did you mean "title"?)']);
  });

  it('a misspelt required field is one problem, not two', () => {
    expect(check('title: x\nslides:\n  - type: text\n    title: T\n    bdy: B\n')).toEqual([
      'deck.yaml:5:5: slides[0].bdy: unknown key "bdy" (did you mean "body"?)',
    ]);
  });

  it('deep inside an activity, listing the allowed keys when none is close', () => {
    expect(
      check(`title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    budget:\n      plan: 5\n      ist: 4\n`),
    ).toEqual(['deck.yaml:10:7: activities[0].budget.ist: unknown key "ist" (allowed keys: plan, actual, year, funding, illustrative)']);
  });
});

describe('ids and references', () => {
  it('unknown ids: the id, where it stands and the ids that exist', () => {
    expect(checkFixture('unknown-id')).toEqual([
      'deck.yaml:3:14: session.committee: unknown committee id "hfx" (did you mean "hfa"? known committee ids: hfa, digital)',
      'deck.yaml:8:21: slides[0].select.ids[1]: unknown activity id "wlam" (did you mean "wlan"? known activity ids: portal, wlan)',
    ]);
  });

  it('an unknown id with nothing close lists the ids only', () => {
    expect(
      check(`title: x\ncommittees:\n  - id: hfa\n    name: HFA\nsession:\n  committee: stadtrat\n  date: 2021-05-20\n${SLIDES}`),
    ).toEqual(['deck.yaml:6:14: session.committee: unknown committee id "stadtrat" (known committee ids: hfa)']);
  });

  it('a reference when nothing of that kind exists', () => {
    expect(check('title: x\nslides:\n  - type: networks\n    select:\n      ids: [ogdd]\n')).toEqual([
      'deck.yaml:5:13: slides[0].select.ids[0]: unknown network id "ogdd" (no networks are defined)',
    ]);
  });

  it('recommendations that name unknown activities', () => {
    expect(
      check(
        `title: x\n${SLIDES}itBeirat:\n  recommendations:\n    - id: r1\n      date: 2021-03-01\n      title: Offene Daten\n      status: open\n      activities: [opendata]\n`,
      ),
    ).toEqual(['deck.yaml:10:20: itBeirat.recommendations[0].activities[0]: unknown activity id "opendata" (no activities are defined)']);
  });

  it('duplicate ids in a _data file point into that file and at the first one', () => {
    expect(checkFixture('duplicate-id')).toEqual([
      '_data/activities.yaml:4:7: activities[1].id: duplicate activity id "portal" (first defined at line 1, column 7)',
    ]);
  });

  it('a duplicate id across files names the other file relative to the project', () => {
    const raw = rawFrom(`title: x\n${SLIDES}committees:\n  - id: hfa\n    name: A\n  - id: hfa\n    name: B\n`);
    const locate = raw.locate;
    raw.root = '/projekt';
    raw.locate = (path, kind) => {
      const p = locate(path, kind);
      return path[1] === 0 ? { ...p, file: '/projekt/ratsdeck.yaml' } : { ...p, file: '/projekt/deck.yaml' };
    };
    // Relative to a folder outside the project: the file stays absolute, as the CLI shows it there.
    expect(validateDeck(raw).problems.map((p) => formatProblem(p, '/elsewhere'))).toEqual([
      '/projekt/deck.yaml:7:9: committees[1].id: duplicate committee id "hfa" (first defined at ratsdeck.yaml, line 5, column 9)',
    ]);
  });

  it('duplicate slide ids', () => {
    expect(check('title: x\nslides:\n  - type: title\n    id: start\n  - type: closing\n    id: start\n')).toEqual([
      'deck.yaml:6:9: slides[1].id: duplicate slide id "start" (first defined at line 4, column 9)',
    ]);
  });
});

describe('OZG maturity', () => {
  it('model 1.1 has no level 5', () => {
    expect(checkFixture('ozg-maturity')).toEqual([
      'deck.yaml:9:16: activities[0].ozg.maturity.level: maturity level 5 does not exist in model 1.1 (levels 0–4)',
    ]);
  });

  const ozg = (model: string, level: number) =>
    `title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: administration\n    ozg:\n      maturity:\n        model: ${model}\n        level: ${level}\n`;

  it('model 2.0 has level 5', () => {
    expect(check(ozg('"2.0"', 5))).toEqual([]);
  });

  it('model 1.1 has level 4', () => {
    expect(check(ozg('"1.1"', 4))).toEqual([]);
  });

  it('an unquoted model number is a number, and the message says to quote it', () => {
    expect(check(ozg('1.1', 2))).toEqual([
      'deck.yaml:10:16: activities[0].ozg.maturity.model: expected maturity model "1.1" or "2.0" (quoted), got the number 1.1',
    ]);
  });

  it('no model has level 8', () => {
    expect(check(ozg('"2.0"', 8))).toEqual(['deck.yaml:11:16: activities[0].ozg.maturity.level: must be at most 7, got the number 8']);
  });
});

describe('images', () => {
  it('an image without alt text', () => {
    expect(checkFixture('missing-alt')).toEqual([
      'deck.yaml:7:7: slides[0].image.alt: an image needs alt text (write alt: "" for a purely decorative image)',
    ]);
  });

  it('alt: "" marks a decorative image and is allowed', () => {
    expect(check('title: x\nslides:\n  - type: text\n    title: T\n    body: B\n    image:\n      src: a.png\n      alt: ""\n', { 'a.png': 'png' })).toEqual([]);
  });
});

describe('missing required fields', () => {
  it('a deck without title and slides', () => {
    expect(check('subtitle: x\n')).toEqual(['deck.yaml:1:1: title: a deck needs "title"', 'deck.yaml:1:1: slides: a deck needs "slides"']);
  });

  it('an activity without category, reported at the activity', () => {
    expect(check(`title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n`)).toEqual([
      `deck.yaml:5:5: activities[0].category: missing required field "category" (one of ${quoted(CATEGORIES)})`,
    ]);
  });

  it('a text slide without a body', () => {
    expect(check('title: x\nslides:\n  - type: text\n    title: T\n')).toEqual(['deck.yaml:3:5: slides[0].body: missing required field "body"']);
  });
});

it('reports every problem at once, sorted by position', () => {
  const problems = check(
    [
      'title: 5', // 1
      'date: 2021-02-30', // 2
      'slides:', // 3
      '  - type: titel', // 4
      '  - type: text', // 5
      '    title: T', // 6
      '    bdy: B', // 7
    ].join('\n'),
  );
  expect(problems.map((p) => p.split(': ')[0])).toEqual(['deck.yaml:1:8', 'deck.yaml:2:7', 'deck.yaml:4:11', 'deck.yaml:7:5']);
});

describe('did you mean', () => {
  it('suggests close candidates only', () => {
    expect(didYouMean('titel', ['title', 'slides'])).toBe('title');
    expect(didYouMean('Slides', ['title', 'slides'])).toBe('slides');
    expect(didYouMean('colour', ['type', 'title', 'subtitle'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('hfa', 'hfa')).toBe(0);
  });
});

describe('a non-public agenda number on something public (issue 9)', () => {
  const session = (top: string, pub = '') => `title: T\nsession:\n  committee: hfa\n  date: 2021-09-23\n  agendaItem: ${top}\n${pub}${SLIDES}`;
  const warning = (line: number, path: string, top: string) =>
    expect.stringMatching(new RegExp(`^deck\\.yaml:${line}:\\d+: warning: ${path.replace(/[[\].]/g, '\\$&')}: agenda item "${top}" is numbered as non-public, but it is not marked public: false \\(`));
  // The committee id is unknown here (the ratsdeck.yaml above names no committees): that error is not what is looked at.
  const agendaProblems = (text: string) => check(text).filter((p) => p.includes('agenda item'));

  it('warns at the session\'s number for "N 3", "NÖ 3", "nö 3", "N3"', () => {
    for (const top of ['N 3', 'NÖ 3', 'nö 3', 'N3', 'N 1.2', 'TOP N 4']) {
      expect(agendaProblems(session(top)), top).toEqual([warning(5, 'session.agendaItem', top)]);
    }
    // A warning, not an error: the deck is still valid.
    expect(validateDeck(rawFrom(session('N 3'))).problems.find((p) => p.path === 'session.agendaItem')).toMatchObject({ severity: 'warning', code: 'nonpublic-agenda-number' });
  });

  it('says nothing for public numbers, or when the session is marked public: false', () => {
    for (const top of ['Ö 3', '3', '10.1', 'Nr. 3', 'Ö 12.1']) expect(agendaProblems(session(top)), top).toEqual([]);
    expect(agendaProblems(session('N 3', '  public: false\n'))).toEqual([]);
    // public: true does not make "N 3" less contradictory.
    expect(agendaProblems(session('N 3', '  public: true\n'))).toHaveLength(1);
  });

  it('warns for an agenda slide entry and a consultation numbered N without public: false', () => {
    const text = [
      'title: T',
      'paper:',
      '  reference: ST/0027/2021',
      '  subject: S',
      '  consultations:',
      '    - { committee: hfa, agendaItem: N 2 }',
      '    - { committee: hfa, agendaItem: N 5, public: false }',
      'slides:',
      '  - type: agenda',
      '    items:',
      '      - { title: Vergabe, agendaItem: nö 2 }',
      '      - { title: Vertrag, agendaItem: N 3, public: false }',
      '      - { title: Bericht, agendaItem: Ö 1 }',
      '  - type: agenda',
      '    public: false',
      '    items:',
      '      - { title: Intern, agendaItem: N 4 }',
      '',
    ].join('\n');
    expect(agendaProblems(text)).toEqual([warning(6, 'paper.consultations[0].agendaItem', 'N 2'), warning(11, 'slides[0].items[0].agendaItem', 'nö 2')]);
  });
});

describe('German words for closed lists are taken and normalised (issue 11)', () => {
  const activity = (fields: string) => `title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n${fields}`;

  it.each([
    ['    category: Studie\n', { category: 'study' }],
    ['    category: Verwaltung\n', { category: 'administration' }],
    ['    category: smart city\n', { category: 'smart-city' }],
    ['    category: Sonstiges\n', { category: 'other' }],
    ['    category: study\n    phase: Umsetzung\n', { phase: 'implementation' }],
    ['    category: study\n    phase: in Betrieb\n', { phase: 'operation' }],
    ['    category: study\n    phase: abgeschlossen\n', { phase: 'completed' }],
    ['    category: study\n    status: { light: gelb }\n', { status: { light: 'yellow' } }],
    ['    category: study\n    status: { light: Grün }\n', { status: { light: 'green' } }],
    ['    category: study\n    status: { light: gruen }\n', { status: { light: 'green' } }],
    ['    category: study\n    status: { light: ROT }\n', { status: { light: 'red' } }],
    ['    category: study\n    status: { light: grau }\n', { status: { light: 'grey' } }],
    ['    category: study\n    status: { light: amber }\n', { status: { light: 'yellow' } }],
  ])('%j', (fields, expected) => {
    const r = validateDeck(rawFrom(activity(fields)));
    expect(r.problems).toEqual([]);
    expect(r.deck!.activities![0]).toMatchObject(expected);
  });

  it('in selections, recommendations, committees, consultations, the decision and lang', () => {
    const r = validateDeck(
      rawFrom(
        [
          'title: x',
          'lang: Deutsch',
          'committees:',
          '  - { id: hfa, name: Haupt- und Finanzausschuss, classification: committee }',
          'session: { committee: hfa, date: 2021-05-20 }',
          'paper:',
          '  reference: ST/0027/2021',
          '  subject: Betreff',
          '  decisionProposal: { kind: proposed resolution, text: Text }',
          '  consultations: [{ committee: hfa, role: Entscheidung }]',
          'itBeirat:',
          '  recommendations:',
          '    - { id: r1, date: 2021-01-01, title: R, status: in Prüfung }',
          'slides:',
          '  - type: activities',
          '    select: { status: [gelb, Rot], category: Studie }',
          '  - type: recommendations',
          '    select: { status: umgesetzt }',
          '',
        ].join('\n'),
      ),
    );
    expect(r.problems).toEqual([]);
    const d = r.deck!;
    expect(d.lang).toBe('de');
    expect(d.committees![0]!.classification).toBe('Ausschuss');
    expect(d.paper!.decisionProposal!.kind).toBe('Beschlussvorschlag');
    expect(d.paper!.consultations![0]!.role).toBe('Entscheidung');
    expect(d.itBeirat!.recommendations![0]!.status).toBe('under-review');
    expect(d.slides[0]).toMatchObject({ select: { status: ['yellow', 'red'], category: 'study' } });
    expect(d.slides[1]).toMatchObject({ select: { status: 'implemented' } });
  });

  it('a problem next to a German word still points at its own place', () => {
    expect(check(activity('    category: Studie\n    status: { light: gelb }\n    progress: 120\n'))).toEqual([
      'deck.yaml:9:15: activities[0].progress: must be at most 100, got the number 120',
    ]);
  });

  it.each([
    ['light', 'orange', 'yellow'],
    ['light', 'im Plan', 'green'],
    ['light', 'gefährdet', 'red'],
    ['light', 'dunkelrot', 'red'],
    ['phase', 'Umsetzungsphase', 'implementation'],
    ['phase', 'laufend', 'implementation'],
    ['phase', 'erledigt', 'completed'],
    ['phase', 'Konzeption', 'planning'],
    ['category', 'Machbarkeitsstudie', 'study'],
    ['category', 'OZG', 'administration'],
    ['category', 'Glasfaser', 'infrastructure'],
    ['category', 'Pilotprojekt', 'project'],
    ['category', 'Studei', 'study'],
  ])('%s: %s is not taken, but suggested as %s', (field, word, value) => {
    const fields = field === 'light' ? `    category: study\n    status: { light: ${word} }\n` : field === 'phase' ? `    category: study\n    phase: ${word}\n` : `    category: ${word}\n`;
    const [p, ...rest] = check(activity(fields));
    expect(rest).toEqual([]);
    expect(p).toMatch(new RegExp(`; got "${word}" \\(did you mean "${value}"\\?\\)$`));
  });

  it('a recommendation "abgeschlossen" is suggested as implemented', () => {
    expect(check(`title: x\n${SLIDES}itBeirat:\n  recommendations:\n    - { id: r1, date: 2021-01-01, title: R, status: abgeschlossen }\n`)).toEqual([
      `deck.yaml:6:53: itBeirat.recommendations[0].status: expected one of "open", "under-review", "in-progress", "implemented", "declined", "deferred"; got "abgeschlossen" (did you mean "implemented"?)`,
    ]);
  });

  it('a word with nothing close lists the German words too', () => {
    expect(check(activity('    category: study\n    status: { light: blau }\n'))).toEqual([
      'deck.yaml:8:22: activities[0].status.light: expected one of "green", "yellow", "red", "grey"; got "blau" (also accepted: Grün, Gelb, Rot, Grau)',
    ]);
  });
});

describe('dates, times, ids and yes/no written another way: the exact replacement (issue 11)', () => {
  const session = (line: string) => `title: x\n${SLIDES}committees: [{ id: hfa, name: HFA }]\nsession:\n  committee: hfa\n  date: 2025-03-18\n${line}\n`;

  it('18.03.2025', () => {
    expect(check(`title: x\ndate: 18.03.2025\n${SLIDES}`)).toEqual(['deck.yaml:2:7: date: expected a date written as YYYY-MM-DD (write 2025-03-18)']);
  });

  it.each([
    // yaml 2 reads 9:30 as text (sexagesimal numbers are YAML 1.1 only); the hint quotes it all the same.
    ['9:30', 'expected a time written as HH:MM (24 hours) (write "09:30")'],
    ['9:30 Uhr', 'expected a time written as HH:MM (24 hours) (write "09:30")'],
    ['17 Uhr', 'expected a time written as HH:MM (24 hours) (write "17:00")'],
    // 9.30 is the number 9.3 in YAML.
    ['9.30', 'expected a time written as HH:MM, got the number 9.3 (write "09:30")'],
    ['25:00', 'expected a time written as HH:MM (24 hours)'],
  ])('time: %s', (time, message) => {
    expect(check(session(`  time: ${time}`))).toEqual([`deck.yaml:8:9: session.time: ${message}`]);
  });

  it.each([
    ['gründerzentrum', 'gruenderzentrum'],
    ['Gründerzentrum Süd', 'gruenderzentrum-sued'],
    ['Straßenbeleuchtung', 'strassenbeleuchtung'],
    ['Café am Markt', 'cafe-am-markt'],
  ])('an id %s: write %s', (id, fixed) => {
    expect(check(`title: x\n${SLIDES}activities:\n  - id: ${id}\n    title: A\n    category: study\n`)).toEqual([
      `deck.yaml:5:9: activities[0].id: expected an id made of letters, digits, "-" and "_", starting with a letter or digit (write ${fixed})`,
    ]);
  });

  it('ja and nein', () => {
    expect(check(`title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    illustrative: ja\n`)).toEqual([
      'deck.yaml:8:19: activities[0].illustrative: expected true or false, got the text "ja" (write true for "ja")',
    ]);
  });
});

describe('a committee written by its name or short name finds its id (issue 11)', () => {
  const deck = (committee: string) =>
    `title: x\n${SLIDES}committees:\n  - { id: haupt, name: Haupt- und Finanzausschuss, shortName: HFA }\n  - { id: hsk, name: Haushaltsstrukturkommission }\nsession: { committee: ${committee}, date: 2021-05-20 }\n`;

  it('the full name: one problem (not also "expected an id"), naming the id', () => {
    expect(check(deck('Haupt- und Finanzausschuss'))).toEqual([
      'deck.yaml:7:23: session.committee: unknown committee id "Haupt- und Finanzausschuss" (did you mean "haupt", the id of "Haupt- und Finanzausschuss"? known committee ids: haupt, hsk)',
    ]);
  });

  it('the short name', () => {
    expect(check(deck('HFA'))).toEqual([
      'deck.yaml:7:23: session.committee: unknown committee id "HFA" (did you mean "haupt", the id of "HFA"? known committee ids: haupt, hsk)',
    ]);
  });

  it('the name without its umlauts or in other case, in a consultation', () => {
    expect(check(`${deck('hsk')}paper:\n  reference: ST/1/2021\n  subject: B\n  consultations: [{ committee: haushaltsstrukturkommission }]\n`)).toEqual([
      'deck.yaml:11:32: paper.consultations[0].committee: unknown committee id "haushaltsstrukturkommission" (did you mean "hsk", the id of "haushaltsstrukturkommission"? known committee ids: haupt, hsk)',
    ]);
  });

  it('an activity named by its title in a selection', () => {
    expect(check(`title: x\nslides:\n  - type: activity\n    select: { ids: [Freies WLAN] }\nactivities:\n  - { id: wlan, title: Freies WLAN, category: infrastructure }\n`)).toEqual([
      'deck.yaml:4:21: slides[0].select.ids[0]: unknown activity id "Freies WLAN" (did you mean "wlan", the id of "Freies WLAN"? known activity ids: wlan)',
    ]);
  });
});

describe('a comma inside { … } that cuts a text or an amount (issue 11)', () => {
  const status = (flow: string) => `title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    status: ${flow}\n`;

  it('the README\'s flow style with a comma in the label: say to quote, at the label', () => {
    expect(check(status('{ light: red, label: Tiefbau verzögert, Kosten steigen }'))).toEqual([
      'deck.yaml:8:34: activities[0].status.label: the text ends at the comma: inside { … } a comma separates entries, so "Kosten steigen" became a key of its own (put text that contains a comma in quotes: label: "Tiefbau verzögert, Kosten steigen")',
    ]);
  });

  it('two commas: one problem', () => {
    expect(check(status('{ light: red, label: Tiefbau, Hochbau, Kosten }'))).toEqual([
      'deck.yaml:8:34: activities[0].status.label: the text ends at the comma: inside { … } a comma separates entries, so "Hochbau" and "Kosten" became keys of their own (put text that contains a comma in quotes: label: "Tiefbau, Hochbau, Kosten")',
    ]);
  });

  it('an amount with a decimal comma: the cents kept', () => {
    expect(check(`title: x\n${SLIDES}activities:\n  - id: a\n    title: A\n    category: study\n    budget: { plan: 380000, actual: 1234,50 }\n`)).toEqual([
      'deck.yaml:8:37: activities[0].budget.actual: 1234,50 is read as 1234 and a key "50": inside { … } a comma separates entries (write 1234.50 for 1234,50)',
    ]);
  });

  it('a key of its own on its own line is an unknown key as before', () => {
    expect(check(status('\n      light: red\n      Kosten steigen:'))).toEqual([
      'deck.yaml:10:7: activities[0].status.Kosten steigen: unknown key "Kosten steigen" (allowed keys: light, label)',
    ]);
  });
});

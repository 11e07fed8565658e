/**
 * Whole YAML blocks written from plain data (src/data/blocks.ts, issue 12): a deck's session
 * or paper replaced, list entries added or given a key, a new document; everything not
 * changed stays byte for byte, and what is written reads back as the data.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appendToList, setListEntryKey, setTopLevel, yamlDocument, yamlScalar } from '../../src/data/blocks.js';

const CONFIG = `body: { name: X }
committees:   # die Gremien
  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA }  # per Kurzname
  - id: rat
    name: Stadtrat
# danach
lang: de
`;

describe('lists', () => {
  it('a key into a flow entry (inside its braces) and into a block entry (a line of its own); comments stay', () => {
    let t = setListEntryKey(CONFIG, 'committees', 0, 'oparl', 'https://ris.example.org/o/1');
    t = setListEntryKey(t, 'committees', 1, 'oparl', 'https://ris.example.org/o/2');
    expect(t).toBe(`body: { name: X }
committees:   # die Gremien
  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA, oparl: "https://ris.example.org/o/1" }  # per Kurzname
  - id: rat
    name: Stadtrat
    oparl: "https://ris.example.org/o/2"
# danach
lang: de
`);
    // A key that is there already is replaced in place.
    expect(setListEntryKey(t, 'committees', 0, 'oparl', 'https://ris.example.org/o/9')).toContain('shortName: HFA, oparl: "https://ris.example.org/o/9" }  # per Kurzname');
  });

  it('new entries in the style of the first one, after the last one, quoted where flow context needs it', () => {
    const t = appendToList(CONFIG, 'committees', [{ id: 'umwelt', name: 'Ausschuss für Umwelt, Klima', classification: undefined, oparl: 'https://r/o/3' }]);
    expect(t).toContain('    name: Stadtrat\n  - { id: umwelt, name: "Ausschuss für Umwelt, Klima", oparl: "https://r/o/3" }\n# danach\n');
    const block = appendToList('committees:\n  - id: a\n    name: A\n', 'committees', [{ id: 'b', name: 'B: C' }]);
    expect(block).toBe('committees:\n  - id: a\n    name: A\n  - id: b\n    name: "B: C"\n');
    expect(parse(block)).toEqual({ committees: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B: C' }] });
  });

  it('a flow list, an empty key and no key at all', () => {
    expect(appendToList('committees: [{ id: a }]\n', 'committees', [{ id: 'b' }])).toBe('committees: [{ id: a }, { id: b }]\n');
    expect(appendToList('committees: []\n', 'committees', [{ id: 'b' }])).toBe('committees: [{ id: b }]\n');
    expect(appendToList('lang: de\ncommittees:   # noch keine\nbody: {}\n', 'committees', [{ id: 'b' }])).toBe('lang: de\ncommittees: # noch keine\n  - { id: b }\nbody: {}\n');
    expect(appendToList('lang: de', 'committees', [{ id: 'b' }])).toBe('lang: de\ncommittees:\n  - { id: b }\n');
  });
});

describe('top-level blocks', () => {
  const DECK = `title: T
session:   # the Sitzung
  committee: hfa
  # old comment inside
  date: 2021-05-20
# about the paper
paper: { reference: ST/1/2021, subject: S }
slides:
  - type: title
`;

  it('replaces a block mapping under its key line, and a flow one with a block when it has lists', () => {
    let t = setTopLevel(DECK, 'session', { committee: 'rat', date: '2026-06-11', time: '17:00', public: true, oparl: 'https://r/a/1' });
    t = setTopLevel(t, 'paper', { reference: '2026/0214', subject: 'Betreff: mit Doppelpunkt', consultations: [{ committee: 'rat', role: 'Kenntnisnahme' }] });
    expect(t).toBe(`title: T
session:   # the Sitzung
  committee: rat
  date: 2026-06-11
  time: "17:00"
  public: true
  oparl: "https://r/a/1"
# about the paper
paper:
  reference: 2026/0214
  subject: "Betreff: mit Doppelpunkt"
  consultations:
    - committee: rat
      role: Kenntnisnahme
slides:
  - type: title
`);
    expect(parse(t).paper.reference).toBe('2026/0214');
  });

  it('a flat flow value stays flow; a missing key is added before the first of the given keys; undefined removes', () => {
    expect(setTopLevel(DECK, 'paper', { reference: '65/2021', subject: 'S' })).toContain('paper: { reference: 65/2021, subject: S }\n');
    expect(setTopLevel('title: T\nslides: []\n', 'session', { committee: 'a', date: '2020-01-01' }, ['paper', 'slides'])).toBe('title: T\nsession:\n  committee: a\n  date: 2020-01-01\nslides: []\n');
    expect(setTopLevel(DECK, 'paper', undefined)).toBe(DECK.replace('paper: { reference: ST/1/2021, subject: S }\n', ''));
  });
});

describe('values', () => {
  it('scalars read back as the same strings', () => {
    for (const v of ['17:00', '4', 'true', 'null', '2026-06-11', 'Ö 4', '- x', '#1', 'a, b', '"q"', "it's", ' lead', 'x\ny', '']) {
      expect(parse(`k: ${yamlScalar(v)}`).k, JSON.stringify(v)).toBe(v);
      expect(parse(`k: { v: ${yamlScalar(v)} }`).k.v, JSON.stringify(v)).toBe(v);
    }
  });

  it('a new document with comments on top', () => {
    const t = yamlDocument({ title: 'Antwort auf Anfrage 1200/2014', session: { committee: 'fa', time: '08:00', agendaItem: '10.1' }, slides: [{ type: 'title' }] }, ['From OParl']);
    expect(t).toBe('# From OParl\ntitle: Antwort auf Anfrage 1200/2014\nsession:\n  committee: fa\n  time: "08:00"\n  agendaItem: "10.1"\nslides:\n  - type: title\n');
  });
});

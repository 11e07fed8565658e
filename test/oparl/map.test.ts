/**
 * From OParl objects to the deck's words (src/oparl/map.ts, committees.ts) and the reader's
 * guards (src/oparl/reader.ts): agenda headers and public flags, --top, committees by URL
 * and name, the import's merge plan and ids, pagination limits, rewritten ids, offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OparlCache } from '../../src/oparl/cache.js';
import { OparlClient } from '../../src/oparl/client.js';
import { classificationOf, committeeId, planCommittees } from '../../src/oparl/committees.js';
import { OparlError } from '../../src/oparl/errors.js';
import { agendaOf, committeeByName, committeeByOparl, findTop, locationText, meetingName, resultText, sameOparlId } from '../../src/oparl/map.js';
import type { OAgendaItem, OOrganization } from '../../src/oparl/normalise.js';
import { OparlReader, rewriteFor } from '../../src/oparl/reader.js';
import { page, startOparlServer, type OparlServer } from './server.js';

const item = (number: string | undefined, extra: Partial<OAgendaItem> = {}): OAgendaItem => ({ kind: 'AgendaItem', ...(number !== undefined ? { number } : {}), ...extra });

describe('the agenda', () => {
  it('section headers sent as items are no TOPs; what follows "Nichtöffentliche Sitzung" is non-public unless the RIS says otherwise', () => {
    const entries = agendaOf([
      item('A', { name: 'Öffentliche Sitzung' }),
      item('1', { name: 'Einwohnerfragestunde' }),
      item('2', { name: 'Bericht', consultation: 'https://x/c/1' }),
      item('B', { name: 'Nichtöffentliche Sitzung' }),
      item('3', { name: 'Vergabe' }),
      item('4', { name: 'Mitteilungen', public: true }),
      item('N 5', { name: 'Grundstück' }),
    ]);
    expect(entries.map((e) => [e.item.number, e.header, e.public])).toEqual([
      ['A', true, true],
      ['1', false, true],
      ['2', false, true],
      ['B', true, false],
      ['3', false, false],
      ['4', false, true],
      ['N 5', false, false],
    ]);
    // Without headers and flags: an N number is non-public, the rest public.
    expect(agendaOf([item('N 2'), item('Ö 3'), item('4', { public: false })]).map((e) => e.public)).toEqual([false, true, false]);
  });

  it('--top finds the item by its number as the RIS shows it, with or without Ö/N, "TOP" and a trailing dot', () => {
    const entries = agendaOf([item('A', { name: 'Öffentliche Sitzung' }), item('Ö 4'), item('10.1'), item('12.'), item('N 4')]);
    expect(findTop(entries, 'Ö 4').match?.item.number).toBe('Ö 4');
    expect(findTop(entries, 'TOP 10.1').match?.item.number).toBe('10.1');
    expect(findTop(entries, '12').match?.item.number).toBe('12.');
    expect(findTop(entries, 'N4').match?.item.number).toBe('N 4');
    // "4" is Ö 4 or N 4: ambiguous, both named.
    expect(findTop(entries, '4')).toEqual({ ambiguous: [entries[1], entries[4]] });
    expect(findTop(entries, 'A')).toEqual({ ambiguous: [] });
    expect(findTop(agendaOf([item('Ö 4')]), '4').match?.item.number).toBe('Ö 4');
  });
});

describe('committees', () => {
  const committees = [
    { id: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA', oparl: 'https://ris.example.org/oparl/organizations/1' },
    { id: 'rat', name: 'Stadtrat' },
  ];

  it('by oparl: URL (http or https, a trailing slash aside), else by name or short name in any case', () => {
    expect(committeeByOparl(committees, 'http://ris.example.org/oparl/organizations/1/')?.id).toBe('hfa');
    expect(committeeByOparl(committees, 'https://ris.example.org/oparl/organizations/2')).toBeUndefined();
    expect(committeeByName(committees, { name: 'STADTRAT' })?.id).toBe('rat');
    expect(committeeByName(committees, { name: 'Hauptausschuss', shortName: 'hfa' })?.id).toBe('hfa');
    expect(committeeByName(committees, { name: 'Bauausschuss' })).toBeUndefined();
    expect(sameOparlId('https://a/b?id=1', 'https://a/b?id=2')).toBe(false);
  });

  it('ids from short names: lower case, umlauts spelled out, long names cut after a word', () => {
    expect(committeeId('HFA')).toBe('hfa');
    expect(committeeId('Ausschuss für Umwelt, Klima & Energie')).toBe('ausschuss-fuer-umwelt-klima-energie');
    expect(committeeId('Bezirksvertretung Köln-Innenstadt (Stadtbezirk 1)')).toBe('bezirksvertretung-koeln-innenstadt');
    expect(committeeId('—')).toBe('gremium');
  });

  it('classifications in ratsdeck\'s words where one fits', () => {
    expect(['Ausschuss', 'Hauptausschuss', 'kommission', 'Ortsbeirat', 'Rat der Stadt', 'Kreistag', 'Arbeitskreis', undefined].map(classificationOf)).toEqual([
      'Ausschuss',
      'Ausschuss',
      'Kommission',
      'Beirat',
      'Parlament',
      'Parlament',
      undefined,
      undefined,
    ]);
  });

  it('the merge plan never renames or removes, gives unique ids, and leaves a committee linked elsewhere alone', () => {
    const org = (id: string, o: Partial<OOrganization>): OOrganization => ({ kind: 'Organization', id: `https://r/o/${id}`, organizationType: 'Gremium', ...o });
    const plan = planCommittees(
      [
        { index: 0, id: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA' },
        { index: 1, id: 'bau', name: 'Bauausschuss', oparl: 'https://r/o/old' },
        { index: 2, id: 'hfa-2', name: 'Anderes' },
      ],
      [
        org('1', { name: 'Haupt- und Finanzausschuss', shortName: 'HFA' }),
        org('2', { name: 'Hauptausschuss', shortName: 'HFA' }),
        org('3', { name: 'Bauausschuss' }),
        org('4', { name: 'Werksausschuss', organizationType: 'Verwaltungsbereich' }),
        org('5', { name: 'Jugendhilfeausschuss', organizationType: undefined }),
        org('6', { name: 'CDU', organizationType: undefined }),
      ],
      '2026-01-01',
    );
    expect(plan.link).toEqual([{ index: 0, id: 'hfa', oparl: 'https://r/o/1', name: 'Haupt- und Finanzausschuss' }]);
    expect(plan.add.map((a) => [a.committee.id, a.note])).toEqual([
      ['hfa-3', 'the id hfa is taken, so it is hfa-3'],
      ['jugendhilfeausschuss', undefined],
    ]);
    expect(plan.warnings).toEqual(['bau has the name of "Bauausschuss" (https://r/o/3) but oparl: https://r/o/old: left as it is']);
    expect([...plan.skipped]).toEqual([
      ['of organizationType "Verwaltungsbereich"', 1],
      ['that do not say they are a Gremium', 1],
    ]);
  });
});

describe('values for the deck', () => {
  it('results in ratsdeck\'s spelling when known, else as sent; locations from room and street; meeting names that are names', () => {
    expect(resultText('Geändert beschlossen')).toBe('geändert beschlossen');
    expect(resultText('Einstimmig angenommen')).toBe('Einstimmig angenommen');
    expect(locationText({ kind: 'Location', room: 'Sitzungssaal', streetAddress: 'Markt 1', postalCode: '56068', locality: 'Koblenz' })).toBe('Sitzungssaal, Markt 1, 56068 Koblenz');
    expect(locationText({ kind: 'Location', description: 'Rathaus' })).toBe('Rathaus');
    expect(locationText({ kind: 'Location' })).toBeUndefined();
    expect(meetingName({ kind: 'Meeting', name: 'SI/0507/20', organizations: [], agendaItems: [] })).toBeUndefined();
    expect(meetingName({ kind: 'Meeting', name: '12. Sitzung des HFA', organizations: [], agendaItems: [] })).toBe('12. Sitzung des HFA');
  });
});

describe('the reader', () => {
  let server: OparlServer;
  let tmp: string;
  beforeAll(async () => {
    server = await startOparlServer();
    tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-reader-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  function reader(maxPages?: number, warnings: string[] = [], offline = false): { r: OparlReader; close: () => Promise<void> } {
    const client = new OparlClient({ timeoutMs: 2000, env: {}, warn: (w) => warnings.push(w), retryDelayMs: () => 1 });
    client.allow(server.base);
    const cache = new OparlCache(join(tmp, '_oparl'), true);
    const r = new OparlReader({ ...(offline ? {} : { client }), cache, warn: (w) => warnings.push(w), ...(maxPages ? { maxPages } : {}) });
    return { r, close: () => client.close() };
  }

  it('a list over pages, deleted stubs and objects of other kinds skipped; a relative links.next resolved', async () => {
    const T = 'https://schema.oparl.org/1.0/Organization';
    server.route('/l/1', { json: page([{ id: `${server.base}/o/1`, type: T, name: 'Rat' }, { id: `${server.base}/o/x`, deleted: true }], `${server.base}/l/2`) });
    server.route('/l/2', { json: page([{ id: `${server.base}/o/2`, type: T, name: 'HFA' }, { id: 'p', type: 'https://schema.oparl.org/1.0/Person' }], '/l/3') });
    server.route('/l/3', { json: page([{ id: `${server.base}/o/3`, type: T, name: 'HSK' }]) });
    const { r, close } = reader();
    try {
      expect((await r.list(`${server.base}/l/1`, 'Organization')).map((o) => o.name)).toEqual(['Rat', 'HFA', 'HSK']);
    } finally {
      await close();
    }
  });

  it('stops after the page limit with exit 8', async () => {
    for (let i = 1; i <= 5; i++) server.route(`/long/${i}`, { json: page([], `${server.base}/long/${i + 1}`) });
    const { r, close } = reader(3);
    try {
      await expect(r.list(`${server.base}/long/1`, 'Organization')).rejects.toThrow(`${server.base}/long/1: the list has more than 3 pages; stopped reading it`);
    } finally {
      await close();
    }
  });

  it('a linked object that answers 404 is left out with a warning; the object itself failing is an error', async () => {
    const warnings: string[] = [];
    const { r, close } = reader(undefined, warnings);
    try {
      expect(await r.tryGet(`${server.base}/missing/1`, 'Organization', 'the committee')).toBeUndefined();
      expect(warnings).toEqual([`the committee left out: ${server.base}/missing/1: the server answered 404 (not found)`]);
      await expect(r.get(`${server.base}/missing/1`, 'Organization')).rejects.toBeInstanceOf(OparlError);
    } finally {
      await close();
    }
  });

  it('offline: from _oparl/ only; what is not there is an OparlError of reason "offline"', async () => {
    server.route('/keep/1', { json: { id: `${server.base}/keep/1`, type: 'https://schema.oparl.org/1.1/Organization', name: 'Rat' } });
    const online = reader();
    try {
      expect((await online.r.get(`${server.base}/keep/1`, 'Organization')).name).toBe('Rat');
    } finally {
      await online.close();
    }
    const { r } = reader(undefined, [], true);
    expect((await r.get(`${server.base}/keep/1`, 'Organization')).name).toBe('Rat');
    await expect(r.get(`${server.base}/keep/2`, 'Organization')).rejects.toMatchObject({ reason: 'offline' });
  });

  it('the rewrite for ids that differ from where the server answered', () => {
    expect(rewriteFor('http://oparl.wuppertal.de/oparl/bodies/0001/meetings/19160', 'https://oparl.wuppertal.de/oparl/bodies/0001/meetings/19160')).toEqual({ from: 'http://oparl.wuppertal.de', to: 'https://oparl.wuppertal.de' });
    expect(rewriteFor('https://ris.example.org/oparl/meeting/1', 'https://ris.example.org/ris/oparl/meeting/1')).toEqual({ from: 'https://ris.example.org', to: 'https://ris.example.org/ris' });
    // The System's id is the server root: nothing in common, no rewrite.
    expect(rewriteFor('https://oparl.example.org/', 'https://oparl.example.org/system')).toBeUndefined();
    expect(rewriteFor('https://a/x?id=1', 'https://a/x?id=2')).toBeUndefined();
  });
});

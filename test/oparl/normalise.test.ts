/**
 * What a server sends, as small typed objects (src/oparl/normalise.ts, json.ts), on every
 * sample of test/fixtures/oparl/ and on the quirks its README lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OparlError } from '../../src/oparl/errors.js';
import { escapeControlCharacters, parseOparlJson } from '../../src/oparl/json.js';
import { cleanParagraphs, cleanText, cleanUrl, isDeleted, kindOf, normalise, parseDate, parseDateTime, type OMeeting, type OPaper } from '../../src/oparl/normalise.js';
import { SHARED } from './server.js';

const sample = (rel: string) => JSON.parse(readFileSync(join(SHARED, rel), 'utf8')) as unknown;

describe('values', () => {
  it('texts: line breaks, control characters, no-break and trailing spaces normalised; placeholders are nothing', () => {
    expect(cleanText('Amt für\r\n Finanzen  ')).toBe('Amt für Finanzen');
    expect(cleanText('53925\u00a0')).toBe('53925');
    expect(cleanText('a\u0001b\u0003')).toBe('a b');
    for (const p of ['', '  ', 'N/A', 'n/a', '-']) expect(cleanText(p), JSON.stringify(p)).toBeUndefined();
    expect(cleanText(42)).toBeUndefined();
    expect(cleanParagraphs('Erster Satz\r\nweiter.\r\n\r\nZweiter Absatz.  ')).toBe('Erster Satz weiter.\n\nZweiter Absatz.');
  });

  it('URLs: http(s) only; "" and other schemes are nothing', () => {
    expect(cleanUrl(' https://ris.example.org/oparl/bodies?id=1 ')).toBe('https://ris.example.org/oparl/bodies?id=1');
    for (const u of ['', 'N/A', 'javascript:alert(1)', 'ftp://x/y', 'https://a b']) expect(cleanUrl(u), u).toBeUndefined();
  });

  it('date-times: the local time written in start (Berlin), broken offsets repaired, UTC converted, date fields with times', () => {
    const notes: string[] = [];
    expect(parseDateTime('2013-01-04T08:00:00+01:00')).toEqual({ date: '2013-01-04', time: '08:00' });
    expect(parseDateTime('2019-12-16T11:21:11+01::00', (n) => notes.push(n))).toEqual({ date: '2019-12-16', time: '11:21' });
    expect(notes).toEqual(['malformed time-zone offset in "2019-12-16T11:21:11+01::00" read as "2019-12-16T11:21:11+01:00"']);
    expect(parseDateTime('2021-05-11T15:00:00Z')).toEqual({ date: '2021-05-11', time: '17:00' });
    expect(parseDateTime('2021-01-10T23:30:00Z')).toEqual({ date: '2021-01-11', time: '00:30' });
    expect(parseDateTime('2021-05-11T17:00:00+0200')).toEqual({ date: '2021-05-11', time: '17:00' });
    expect(parseDateTime('2021-05-11T17:00')).toEqual({ date: '2021-05-11', time: '17:00' });
    expect(parseDateTime('2021-05-11')).toEqual({ date: '2021-05-11' });
    expect(parseDate('1971-05-04T00:00:00+01::00')).toBe('1971-05-04');
    expect(parseDateTime('')).toBeUndefined();
    const bad: string[] = [];
    expect(parseDateTime('31.12.2020', (n) => bad.push(n))).toBeUndefined();
    expect(parseDateTime('2021-02-30', (n) => bad.push(n))).toBeUndefined();
    expect(bad).toEqual(['unreadable date "31.12.2020" left out', 'impossible date "2021-02-30" left out']);
  });

  it('kinds from the last segment of type, 1.0 and 1.1 alike; deleted stubs known', () => {
    expect(kindOf({ type: 'https://schema.oparl.org/1.0/Meeting' })).toBe('Meeting');
    expect(kindOf({ type: 'https://schema.oparl.org/1.1/Meeting' })).toBe('Meeting');
    expect(kindOf({ type: 'https://schema.oparl.org/1.1/LegislativeTerm' })).toBeUndefined();
    expect(kindOf({ id: 'x', deleted: true })).toBeUndefined();
    expect(isDeleted({ id: 'x', deleted: true })).toBe(true);
    expect(isDeleted({ id: 'x', deleted: false })).toBe(false);
  });
});

describe('the samples', () => {
  it('spec 1.1 Meeting: embedded location and agenda item (without order), organization URLs, the back-reference', () => {
    const m = normalise(sample('spec-1.1/Meeting-01.json')) as OMeeting;
    expect(m).toMatchObject({ kind: 'Meeting', id: 'https://oparl.example.org/meeting/281', name: '4. Sitzung des Finanzausschusses', start: { date: '2013-01-04', time: '08:00' }, organizations: ['https://oparl.example.org/organization/34'] });
    expect(m.location).toMatchObject({ kind: 'Location', description: 'Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt' });
    expect(m.agendaItems).toEqual([
      {
        kind: 'AgendaItem',
        id: 'https://oparl.example.org/agendaitem/3271',
        number: '10.1',
        name: 'Satzungsänderung für Ausschreibungen',
        public: true,
        meeting: 'https://oparl.example.org/meeting/281',
        consultation: 'https://oparl.example.org/consultation/1034',
        result: 'Geändert beschlossen',
        resolutionText: 'Der Beschluss weicht wie folgt vom Antrag ab: ...',
      },
    ]);
  });

  it('spec 1.0 Meeting: location as a URL, `resolution` read as the resolution text', () => {
    const m = normalise(sample('spec-1.0/Meeting-01.json')) as OMeeting;
    expect(m.location).toBe('https://oparl.example.org/location/223');
    expect((m.agendaItems[0] as { resolutionText?: string }).resolutionText).toBe('Der Beschluss weicht wie folgt vom Antrag ab: ...');
  });

  it('spec 1.0/1.1 Paper: the embedded Consultation gets its paper; a single organization URL is a list of one', () => {
    for (const v of ['1.0', '1.1']) {
      const p = normalise(sample(`spec-${v}/Paper-01.json`)) as OPaper;
      expect(p.reference).toBe('1234/2014');
      expect(p.consultations).toHaveLength(1);
      expect(p.consultations[0]).toMatchObject({ kind: 'Consultation', paper: 'https://oparl.example.org/paper/749', organizations: ['https://oparl.example.org/organization/96'], role: 'Beschlussfassung', authoritative: false });
      expect(p.files.map((f) => (typeof f === 'object' ? f.accessUrl : f))).toEqual(['https://oparl.example.org/files/57737.pdf', 'https://oparl.example.org/files/57739.pdf']);
    }
  });

  it('Bonn Meeting: auxiliaryFile as one object, mimeType "pdf", order 100001, the deleted: false flags', () => {
    const m = normalise(sample('meine-stadt-transparent/Bonn.meeting.json')) as OMeeting;
    expect(m).toMatchObject({ meetingState: 'eingeladen', cancelled: false, start: { date: '2021-05-11', time: '17:00' } });
    expect(m.agendaItems).toEqual([expect.objectContaining({ number: '1', order: 100001, meeting: 'https://www.bonn.sitzung-online.de/public/oparl/meetings?id=664' })]);
  });

  it('Wuppertal Meeting: no agenda items, a file number as its name, http ids', () => {
    const m = normalise(sample('meine-stadt-transparent/Wuppertal.meeting.json')) as OMeeting;
    expect(m).toMatchObject({ id: 'http://oparl.wuppertal.de/oparl/bodies/0001/meetings/19160', name: 'SI/0507/20', agendaItems: [] });
  });

  it('Leipzig and Krefeld Bodies: placeholder shortName and created, a location with only id and type', () => {
    expect(normalise(sample('meine-stadt-transparent/Stadt_Leipzig.body.json'))).toEqual({
      kind: 'Body',
      id: 'https://ratsinfo.leipzig.de/bi/oparl/1.0/bodies.asp?id=2387',
      name: 'Stadt Leipzig',
      organizationList: 'https://ratsinfo.leipzig.de/bi/oparl/1.0/organizations.asp?body=2387',
      meetingList: 'https://ratsinfo.leipzig.de/bi/oparl/1.0/meetings.asp?body=2387',
    });
    expect(normalise(sample('meine-stadt-transparent/Stadt_Krefeld.body.json'))).toMatchObject({ kind: 'Body', name: 'Stadt Krefeld' });
    expect(normalise(sample('meine-stadt-transparent/Gemeinde_Kall.body.json'))).toMatchObject({ kind: 'Body', name: 'Gemeinde Kall' });
    expect(normalise(sample('meine-stadt-transparent/Wuppertal.body.json'))).toMatchObject({ kind: 'Body', name: 'Instance 0001' });
  });

  it('Systems: the root as id, "N/A" names', () => {
    expect(normalise(sample('spec-1.1/System-01.json'))).toEqual({ kind: 'System', id: 'https://oparl.example.org/', bodyList: 'https://oparl.example.org/bodies' });
    expect(normalise(sample('meine-stadt-transparent/Stadt_Leipzig.system.json'))).toMatchObject({ kind: 'System' });
    expect(normalise(sample('meine-stadt-transparent/Wuppertal.system.json'))).toMatchObject({ kind: 'System' });
  });

  it('agenda items are sorted by order when every one has it, else kept in their order', () => {
    const item = (n: string, order?: number) => ({ type: 'https://schema.oparl.org/1.1/AgendaItem', number: n, ...(order !== undefined ? { order } : {}) });
    const numbers = (items: object[]) => (normalise({ type: 'https://schema.oparl.org/1.1/Meeting', agendaItem: items }) as OMeeting).agendaItems.map((i) => (i as { number: string }).number);
    expect(numbers([item('2', 200002), item('1', 100001)])).toEqual(['1', '2']);
    expect(numbers([item('2', 2), item('1')])).toEqual(['2', '1']);
    // A deleted stub among them is dropped.
    expect(numbers([item('1'), { id: 'x', deleted: true }, item('2')])).toEqual(['1', '2']);
  });
});

describe('JSON as servers send it', () => {
  it('the Braunschweig paper: raw control characters inside a string are escaped and it parses', () => {
    const text = readFileSync(join(SHARED, 'meine-stadt-transparent', 'Braunschweig.paper.broken_json'), 'utf8');
    expect(() => JSON.parse(text)).toThrow();
    const { value, repaired } = parseOparlJson(text, 'braunschweig');
    expect(repaired).toBe(true);
    const p = normalise(value) as OPaper;
    expect(p.reference).toBe('1664/99');
    expect(p.name).toMatch(/^Volkshochschule Braunschweig e\. V\. Umwandlung in eine Gesellschaft mit beschr„nkter Haftung \(GmbH\)/);
    expect(p.name).not.toMatch(/[\u0000-\u001f]/);
  });

  it('control characters outside strings are left alone; valid escapes are kept', () => {
    expect(escapeControlCharacters('{"a":\n"x\u0001\\n\\"y"}')).toBe('{"a":\n"x\\u0001\\n\\"y"}');
  });

  it('what cannot be repaired is an OparlError (exit 8) naming where it came from', () => {
    try {
      parseOparlJson('{"name": "x", oops}', 'https://ris.example.org/paper/1');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(OparlError);
      expect((err as OparlError).message).toMatch(/^https:\/\/ris\.example\.org\/paper\/1: not OParl: the answer is not valid JSON \(/);
      expect((err as OparlError).exitCode).toBe(8);
    }
  });

  it('a saved file that is not JSON is named as a file, at its line and column where the parser says', () => {
    const msg = (text: string) => {
      try {
        parseOparlJson(text, 'sitzung.json', 'file');
      } catch (err) {
        return (err as OparlError).message;
      }
      return 'no error';
    };
    expect(msg('{\n  "name": "x",\n')).toMatch(/^sitzung\.json:3:1: not OParl: the file is not valid JSON \(/);
    expect(msg('{\n  "name" 1}')).toMatch(/^sitzung\.json:2:10: not OParl: the file is not valid JSON \(/);
  });
});

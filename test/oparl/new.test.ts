/**
 * `ratsdeck new --oparl` (issue 12) through main(argv), against a council information system
 * on 127.0.0.1 serving the samples of test/fixtures/oparl/ (see world.ts). Each case checks
 * the deck it writes (parsed back), what it says on stderr, and that it writes nothing else
 * but the deck and _oparl/. One deck is built with the real bin.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { fixture, page, SHARED, startOparlServer, type OparlServer } from './server.js';
import { serveBonn, serveBraunschweig, serveSpec10, serveSpec11, serveWuppertal, writeProject } from './world.js';

const REPO = join(import.meta.dirname, '..', '..');
const T11 = 'https://schema.oparl.org/1.1';

let server: OparlServer;
let tmp: string;
let spec11: string;
let n = 0;
beforeAll(async () => {
  server = await startOparlServer();
  spec11 = serveSpec11(server);
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-new-'));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Committees that know the spec's Finanzausschuss by name and the Rat by its oparl: URL. */
const SPEC_COMMITTEES = () =>
  `  - { id: fa, name: Ausschuss für Haushalt und Finanzen, shortName: Finanzausschuss, classification: Ausschuss }  # by name\n  - { id: rat, name: Rat der Stadt, oparl: ${spec11}/organization/96 }\n`;

function project(committees = SPEC_COMMITTEES(), body?: string): string {
  return writeProject(join(tmp, `p${++n}`), { committees, ...(body ? { body } : {}) });
}

type Deck = { title: string; session?: Record<string, unknown>; paper?: Record<string, unknown> & { consultations?: Record<string, unknown>[] }; slides: { type: string }[]; predecessor?: string };
const deckAt = (dir: string, name = 'neu.yaml') => parse(readFileSync(join(dir, name), 'utf8')) as Deck;
/** The project's files besides the deck and _oparl/ (what ratsdeck may not touch). */
const others = (dir: string) => readdirSync(dir).filter((f) => f !== '_oparl' && !f.endsWith('.yaml') && f !== 'out').sort();
const run = (dir: string, ...argv: string[]) => runCli(argv, dir, { NO_COLOR: '1' });

describe('ratsdeck new --oparl <Meeting> --top', () => {
  it('spec 1.1: session from the Meeting and its agenda item, paper and Gremienweg through the Consultation; 404 links left out with their URL', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1');
    expect(r.code).toBe(ExitCode.OK);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`warning: a related Vorlage left out: ${spec11}/paper/699: the server answered 404 (not found)`);
    expect(r.stderr).toContain(`wrote neu.yaml (session and paper from ${spec11}/meeting/281)`);
    const deck = deckAt(dir);
    expect(deck.title).toBe('Antwort auf Anfrage 1200/2014');
    expect(deck.session).toEqual({
      committee: 'fa',
      name: '4. Sitzung des Finanzausschusses',
      date: '2013-01-04',
      time: '08:00',
      location: 'Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt',
      agendaItem: '10.1',
      public: true,
      oparl: `${spec11}/agendaitem/3271`,
    });
    expect(deck.paper).toEqual({
      reference: '1234/2014',
      paperType: 'Beantwortung einer Anfrage',
      date: '2014-04-04',
      // underDirectionOf, its name "Amt für\n Finanzen  " normalised.
      author: 'Amt für Finanzen',
      subject: 'Antwort auf Anfrage 1200/2014',
      consultations: [
        { committee: 'fa', date: '2013-01-04', agendaItem: '10.1', public: true, role: 'Entscheidung', authoritative: true, result: 'geändert beschlossen', oparl: `${spec11}/consultation/1034` },
        // "Beschlussfassung" is kept as the RIS sends it; the result in ratsdeck's spelling.
        { committee: 'rat', date: '2014-05-15', agendaItem: 'Ö 7', public: true, role: 'Beschlussfassung', authoritative: false, result: 'zur Kenntnis genommen', oparl: `${spec11}/consultation/47594` },
      ],
      files: [
        { title: 'Anlage 1 zur Anfrage', url: `${spec11}/files/57737.pdf` },
        { title: 'Anlage 1 zur Anfrage', url: `${spec11}/files/57739.pdf` },
      ],
      oparl: `${spec11}/paper/749`,
    });
    expect(deck.slides.map((s) => s.type)).toEqual(['title', 'activities', 'timeline', 'budget', 'closing']);
    expect(others(dir)).toEqual(['NOTIZ.txt', '_data']);
    // What was fetched is kept, so the deck's facts can be traced (and --offline works).
    const kept = readdirSync(join(dir, '_oparl', server.base.replace('http://', '').replace(':', '_')));
    expect(kept.some((f) => f.startsWith('spec11_meeting_281-'))).toBe(true);
    expect(kept.some((f) => f.startsWith('spec11_paper_749-'))).toBe(true);
    const v = await run(dir, 'validate', 'neu.yaml');
    expect(v.code, v.stderr).toBe(ExitCode.OK);
  });

  it('the deck it writes builds (node bin/ratsdeck.js build), with the session and paper on the title slide', async () => {
    const dir = project();
    expect((await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', 'TOP 10.1')).code).toBe(ExitCode.OK);
    const b = spawnSync(process.execPath, [join(REPO, 'bin', 'ratsdeck.js'), 'build', 'neu.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(b.status, b.stderr).toBe(ExitCode.OK);
    const html = readFileSync(join(dir, 'out', 'neu', 'index.html'), 'utf8');
    expect(html).toContain('<dt>Vorlage</dt><dd>Beantwortung einer Anfrage 1234/2014</dd>');
    expect(html).toContain('<dt>TOP</dt><dd>10.1</dd>');
    expect(html).toContain('Ausschuss für Haushalt und Finanzen, 4. Januar 2013, 08:00 Uhr');
    expect(others(dir)).toEqual(['NOTIZ.txt', '_data']);
  });

  it('--top that no agenda item has is exit 2 naming the numbers there are; nothing is written', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '4');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain(`error: --top 4: no agenda item of ${spec11}/meeting/281 has that number`);
    expect(r.stderr).toContain('hint: its agenda items are 10.1');
    expect(existsSync(join(dir, 'neu.yaml'))).toBe(false);
  });

  it('a committee that ratsdeck.yaml does not know is exit 2 that suggests ratsdeck import committees', async () => {
    const dir = project('  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain(`error: the session's committee "Ausschuss für Haushalt und Finanzen" (${spec11}/organization/34) is not in ratsdeck.yaml`);
    expect(r.stderr).toContain('hint: run ratsdeck import committees');
    expect(existsSync(join(dir, 'neu.yaml'))).toBe(false);
  });

  it('spec 1.0: the location given as a URL, a consultation whose organization is a single URL', async () => {
    const b = serveSpec10(server);
    const dir = project(`  - { id: fa, name: Ausschuss für Haushalt und Finanzen }\n`);
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/meeting/281`, '--top', '10.1');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    const deck = deckAt(dir);
    expect(deck.session).toMatchObject({ committee: 'fa', date: '2013-01-04', time: '08:00', location: 'Raum 101, Rathausplatz 1, 12345 Beispielstadt', agendaItem: '10.1' });
    expect(deck.paper?.reference).toBe('1234/2014');
    // The 1.0 Consultation's `organization` is a string, not a list: read as the link it is.
    expect(r.stderr).toContain(`${b}/organization/96: the server answered 404`);
    expect(r.stderr).toContain(`Gremienweg: the consultation of ${b}/organization/96 is left out: that committee is not in ratsdeck.yaml`);
    expect(deck.paper?.consultations).toEqual([{ committee: 'fa', date: '2013-01-04', agendaItem: '10.1', public: true, role: 'Beschlussfassung', result: 'geändert beschlossen', oparl: `${b}/consultation/1034` }]);
  });

  it('Bonn (ALLRIS): a query-string id, order 100001, an agenda item without a Vorlage, auxiliaryFile as an object', async () => {
    const b = serveBonn(server);
    const dir = project(`  - { id: teilhabe, name: Projektbeirat Teilhabeplan, oparl: "${b}/public/oparl/organizations?typ=gr&id=334" }\n`);
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/public/oparl/meetings?id=664`, '--top', '1');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('warning: TOP 1 has no Vorlage in the council information system: the deck gets no paper');
    expect(r.stderr).toContain(`wrote neu.yaml (session from ${b}/public/oparl/meetings?id=664)`);
    const deck = deckAt(dir);
    expect(deck.title).toBe('Einführung und Verpflichtung');
    expect(deck.session).toEqual({
      committee: 'teilhabe',
      name: 'Sitzung des Projektbeirates Behindertenpolitischer Teilhabeplan',
      date: '2021-05-11',
      time: '17:00',
      agendaItem: '1',
      public: true,
      oparl: `${b}/public/oparl/agendaItems?id=2002135`,
    });
    expect(deck.paper).toBeUndefined();
    expect((await run(dir, 'validate', 'neu.yaml')).code).toBe(ExitCode.OK);
  });

  it('Wuppertal (SessionNet): committees that answer 404 need --committee; a meeting without agenda items takes --top as given', async () => {
    const b = serveWuppertal(server);
    const dir = project('  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
    const url = `${b}/oparl/bodies/0001/meetings/19160`;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', url, '--top', '3');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain(`warning: the committee ${b}/oparl/bodies/0001/organizations/gr/230 left out: ${b}/oparl/bodies/0001/organizations/gr/230: the server answered 404 (not found)`);
    expect(r.stderr).toContain(`error: the session's committee ${b}/oparl/bodies/0001/organizations/gr/230 is not in ratsdeck.yaml`);
    const ok = await run(dir, 'new', 'neu.yaml', '--oparl', url, '--top', '3', '--committee', 'hfa');
    expect(ok.code, ok.stderr).toBe(ExitCode.OK);
    expect(ok.stderr).toContain(`warning: ${url} lists no agenda items in the council information system: TOP 3 is taken as given, without a Vorlage`);
    // The meeting's name is a file number (SI/0507/20), not a title: no session.name.
    expect(deckAt(dir).session).toEqual({ committee: 'hfa', date: '2020-09-29', time: '15:00', agendaItem: '3', public: true });
  });
});

describe('ratsdeck new --oparl <Paper | AgendaItem | saved file>', () => {
  it('a saved .json file works where a URL does: the broken Braunschweig paper, repaired with a warning', async () => {
    const dir = project('  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
    copyFileSync(join(SHARED, 'meine-stadt-transparent', 'Braunschweig.paper.broken_json'), join(dir, 'vorlage.broken_json'));
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', 'vorlage.broken_json', '--committee', 'hfa', '--date', '2026-06-11', '--top', 'Ö 4');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('warning: vorlage.broken_json: raw control characters inside its strings were escaped; the rest was read as saved');
    const deck = deckAt(dir);
    expect(deck.session).toEqual({ committee: 'hfa', date: '2026-06-11', agendaItem: 'Ö 4', public: true });
    expect(deck.paper?.reference).toBe('1664/99');
    // Line breaks and control characters are gone; the mojibake („ for ä) is the server's.
    expect(deck.paper?.subject).toMatch(/^Volkshochschule Braunschweig e\. V\. Umwandlung in eine Gesellschaft mit beschr„nkter Haftung \(GmbH\) /);
    expect(deck.paper?.subject).not.toMatch(/[\u0000-\u001f]/);
    expect(deck.paper?.oparl).toBe('https://ratsinfo.braunschweig.de/bi/oparl/1.0/papers.asp?id=1664');
    expect((await run(dir, 'validate', 'neu.yaml')).code).toBe(ExitCode.OK);
  });

  it('the same broken paper over HTTP: repaired with a warning naming the URL', async () => {
    const b = serveBraunschweig(server);
    const dir = project('  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
    const url = `${b}/bi/oparl/1.0/papers.asp?id=1664`;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', url, '--committee', 'hfa', '--date', '2026-06-11');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`warning: ${url}: the answer had raw control characters inside its strings; they were escaped and the rest read as sent`);
    expect(r.stderr).toContain(`warning: ${url} has no Gremienweg in the council information system: the session comes from --committee and --date`);
    expect(deckAt(dir).paper?.reference).toBe('1664/99');
  });

  it('a Paper with several consultations needs --committee or --date to pick the session', async () => {
    const dir = project();
    const many = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/paper/749`);
    // One consultation (47594) only: it is the session.
    expect(many.code, many.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ committee: 'rat', date: '2014-05-15', time: '17:00', agendaItem: 'Ö 7', oparl: `${spec11}/agendaitem/15569` });
  });

  it('a Paper whose consultation has a meeting that answers 404: the "give --date" its error asks for is enough', async () => {
    const b = `${server.base}/undated`;
    server.route('/undated/paper/1', {
      json: {
        id: `${b}/paper/1`,
        type: `${T11}/Paper`,
        reference: 'BV/0001/2026',
        name: 'Digitalstrategie',
        consultation: [{ id: `${b}/consultation/1`, type: `${T11}/Consultation`, meeting: `${b}/meeting/gone`, organization: [`${spec11}/organization/96`], role: 'Entscheidung' }],
      },
    });
    const dir = project();
    const first = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/paper/1`);
    expect(first.code).toBe(ExitCode.USAGE);
    expect(first.stderr).toContain('error: the council information system gives no date for this session\n  hint: give --date YYYY-MM-DD');
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/paper/1`, '--date', '2026-06-11');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('warning: the date of the consultation of rat is not known in the council information system: the session is on --date 2026-06-11');
    expect(deckAt(dir).session).toEqual({ committee: 'rat', date: '2026-06-11', public: true });
    expect(deckAt(dir).paper?.consultations).toEqual([{ committee: 'rat', public: true, role: 'Entscheidung', oparl: `${b}/consultation/1` }]);
    // The meeting that answers 404 is reached twice (for the consultation and for the session): one warning.
    expect(r.stderr.split('\n').filter((l) => l.includes(`${b}/meeting/gone`))).toHaveLength(1);
  });

  it('a Paper on the agenda of two committees: exit 2 that lists them; --committee picks one', async () => {
    const b = `${server.base}/twice`;
    server.route('/twice/meeting/1', { json: { id: `${b}/meeting/1`, type: `${T11}/Meeting`, start: '2026-05-04T17:00:00+02:00', organization: [`${spec11}/organization/96`] } });
    server.route('/twice/paper/1', {
      json: {
        id: `${b}/paper/1`,
        type: `${T11}/Paper`,
        reference: 'BV/0002/2026',
        name: 'Haushalt',
        consultation: [
          { id: `${b}/consultation/1`, type: `${T11}/Consultation`, meeting: `${b}/meeting/1`, organization: [`${spec11}/organization/96`], role: 'Vorberatung' },
          { id: `${b}/consultation/2`, type: `${T11}/Consultation`, meeting: `${spec11}/meeting/281`, organization: [`${spec11}/organization/34`], role: 'Entscheidung', authoritative: true },
        ],
      },
    });
    const dir = project();
    const both = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/paper/1`);
    expect(both.code).toBe(ExitCode.USAGE);
    expect(both.stderr).toContain('error: the Vorlage BV/0002/2026 is on the agenda of 2 committees: rat on 2026-05-04; fa on 2013-01-04');
    expect(existsSync(join(dir, 'neu.yaml'))).toBe(false);
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/paper/1`, '--committee', 'fa');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ committee: 'fa', date: '2013-01-04', time: '08:00' });
    expect(deckAt(dir).paper?.consultations?.map((c) => c.committee)).toEqual(['fa', 'rat']);
  });

  it('an AgendaItem by its URL: the meeting from its back-reference', async () => {
    const b = `${server.base}/item`;
    server.route('/item/agendaitem/1', { json: { id: `${b}/agendaitem/1`, type: `${T11}/AgendaItem`, meeting: `${spec11}/meeting/281`, number: '10.1', name: 'Satzungsänderung', consultation: `${spec11}/consultation/1034` } });
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/agendaitem/1`);
    // The meeting is on another path of the same host: allowed.
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ committee: 'fa', date: '2013-01-04', agendaItem: '10.1', oparl: `${b}/agendaitem/1` });
    expect(deckAt(dir).paper?.reference).toBe('1234/2014');
  });

  it('an AgendaItem with a --top that names another item: said, and the deck is for the item given', async () => {
    const b = `${server.base}/item`;
    server.route('/item/agendaitem/1', { json: { id: `${b}/agendaitem/1`, type: `${T11}/AgendaItem`, meeting: `${spec11}/meeting/281`, number: '10.1', name: 'Satzungsänderung', consultation: `${spec11}/consultation/1034` } });
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/agendaitem/1`, '--top', '4');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`warning: --top 4: ${b}/agendaitem/1 is the agenda item 10.1 itself, and the deck is for it (--top picks an agenda item of a Meeting)`);
    expect(deckAt(dir).session?.agendaItem).toBe('10.1');
    const same = project();
    const r2 = await run(same, 'new', 'neu.yaml', '--oparl', `${b}/agendaitem/1`, '--top', '10.1');
    expect(r2.code, r2.stderr).toBe(ExitCode.OK);
    expect(r2.stderr).not.toContain('--top 10.1:');
  });

  it('a meeting whose agenda is the URL of a list: read over its pages', async () => {
    const b = `${server.base}/agendalist`;
    server.route('/agendalist/meeting/1', { json: { id: `${b}/meeting/1`, type: `${T11}/Meeting`, start: '2026-06-11T17:00:00+02:00', organization: [`${spec11}/organization/34`], agendaItem: `${b}/meeting/1/items` } });
    server.route('/agendalist/meeting/1/items', { json: page([{ id: `${b}/item/1`, type: `${T11}/AgendaItem`, number: 'Ö 1', name: 'Eröffnung' }], `${b}/meeting/1/items?page=2`) });
    server.route('/agendalist/meeting/1/items?page=2', { json: page([{ id: `${b}/item/2`, type: `${T11}/AgendaItem`, number: 'Ö 2', name: 'Sachstand', public: true }]) });
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/meeting/1`, '--top', '2');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ committee: 'fa', date: '2026-06-11', time: '17:00', agendaItem: 'Ö 2', public: true, oparl: `${b}/item/2` });
  });

  it('an OParl object that is no Meeting, AgendaItem or Paper is exit 2', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/organization/34`);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('is an OParl Organization: ratsdeck new reads a Meeting (with --top), an AgendaItem or a Paper');
  });
});

describe('public, markup, hosts', () => {
  /** A meeting whose non-public part is announced by a section header sent as an item. */
  function serveSections(): string {
    const b = `${server.base}/sections`;
    const item = (id: string, extra: object) => ({ id: `${b}/agendaitem/${id}`, type: `${T11}/AgendaItem`, ...extra });
    server.route('/sections/meeting/1', {
      json: {
        id: `${b}/meeting/1`,
        type: `${T11}/Meeting`,
        name: '7. Sitzung des Finanzausschusses',
        start: '2026-06-11T17:00:00+02:00',
        organization: [`${spec11}/organization/34`],
        agendaItem: [
          item('a', { number: 'A', name: 'Öffentliche Sitzung' }),
          item('1', { number: '1', name: 'Bericht <script>alert(1)</script> der Verwaltung', consultation: `${b}/consultation/1` }),
          item('b', { number: 'B', name: 'Nichtöffentliche Sitzung' }),
          item('2', { number: '2', name: 'Grundstücksangelegenheit' }),
        ],
      },
    });
    server.route('/sections/consultation/1', { json: { id: `${b}/consultation/1`, type: `${T11}/Consultation`, paper: `${b}/paper/1`, organization: [`${spec11}/organization/34`] } });
    server.route('/sections/paper/1', {
      json: {
        id: `${b}/paper/1`,
        type: `${T11}/Paper`,
        reference: 'BV/0123/2025',
        name: '<img src=x onerror=alert(1)> Digitalisierung',
        underDirectionOf: ['http://elsewhere.invalid/org/1'],
        mainFile: { id: `${b}/file/1`, type: `${T11}/File`, name: 'Vorlage', accessUrl: 'javascript:alert(1)', downloadUrl: '' },
        auxiliaryFile: { id: `${b}/file/2`, type: `${T11}/File`, name: 'Anlage <b>1</b>', accessUrl: `${b}/file/2.pdf`, mimeType: 'pdf' },
      },
    });
    return b;
  }

  it('an item under a "Nichtöffentliche Sitzung" header is non-public: the session is, and a public build skips the deck', async () => {
    const b = serveSections();
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/meeting/1`, '--top', '2');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ agendaItem: '2', public: false });
    const built = await run(dir, 'build', 'neu.yaml');
    expect(built.code, built.stderr).toBe(ExitCode.OK);
    expect(existsSync(join(dir, 'out', 'neu', 'index.html'))).toBe(false);
  });

  it('nothing from OParl is markup: tags in names are text on the slide; a link to another host is not followed', async () => {
    const b = serveSections();
    const dir = project();
    const before = server.requests.length;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/meeting/1`, '--top', '1');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deckAt(dir).session).toMatchObject({ agendaItem: '1', public: true });
    expect(r.stderr).toContain('warning: the lead Amt (underDirectionOf) left out: http://elsewhere.invalid/org/1: not requested: elsewhere.invalid is not the configured council information system');
    expect(server.requests.slice(before).some((q) => q.includes('elsewhere'))).toBe(false);
    // URLs are checked like any link: a javascript: file is left out, and said so.
    expect(deckAt(dir).paper?.files).toEqual([{ title: 'Anlage <b>1</b>', url: `${b}/file/2.pdf` }]);
    expect(r.stderr).toContain('warning: the file "Vorlage" of the Vorlage is left out of paper.files: it has no http(s) address');
    const built = await run(dir, 'build', 'neu.yaml');
    expect(built.code, built.stderr).toBe(ExitCode.OK);
    const html = readFileSync(join(dir, 'out', 'neu', 'index.html'), 'utf8');
    expect(html).toContain('<h1 id="folie-1-titel" class="rd-title rd-title--deck">&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Digitalisierung</h1>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('ids that differ from where the server answers (…/oparl/… answered under …/ris/oparl/…): followed there with a warning, the ids kept', async () => {
    const id = `${server.base}/oparl`;
    const at = `${server.base}/ris/oparl`;
    server.route('/ris/oparl/meeting/5', {
      json: { id: `${id}/meeting/5`, type: `${T11}/Meeting`, start: '2026-06-11T17:00:00+02:00', organization: [`${id}/organization/34`], agendaItem: [{ id: `${id}/agendaitem/9`, type: `${T11}/AgendaItem`, number: 'Ö 4', consultation: `${id}/consultation/9` }] },
    });
    server.route('/ris/oparl/organization/34', { json: { id: `${id}/organization/34`, type: `${T11}/Organization`, name: 'Ausschuss für Haushalt und Finanzen' } });
    server.route('/ris/oparl/consultation/9', { json: { id: `${id}/consultation/9`, type: `${T11}/Consultation`, paper: `${id}/paper/9`, organization: [`${id}/organization/34`], role: 'Kenntnisnahme' } });
    server.route('/ris/oparl/paper/9', { json: { id: `${id}/paper/9`, type: `${T11}/Paper`, reference: '2026/0214', name: 'Sachstand Digitalisierung' } });
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${at}/meeting/5`, '--top', '4');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    // The smallest difference: the same path below, one segment more above.
    expect(r.stderr).toContain(`warning: the server names its objects ${server.base}/… but answered at ${server.base}/ris/…; links are followed there, the ids are kept as they are`);
    const deck = deckAt(dir);
    expect(deck.session).toMatchObject({ committee: 'fa', agendaItem: 'Ö 4', oparl: `${id}/agendaitem/9` });
    expect(deck.paper).toMatchObject({ reference: '2026/0214', subject: 'Sachstand Digitalisierung', oparl: `${id}/paper/9` });
    expect(deck.paper?.consultations).toEqual([{ committee: 'fa', date: '2026-06-11', agendaItem: 'Ö 4', public: true, role: 'Kenntnisnahme', oparl: `${id}/consultation/9` }]);
  });
});

describe('--from, the configured city, --offline', () => {
  const EARLIER = `# Der letzte Bericht im Finanzausschuss.
title: Digitalisierung der Verwaltung
session:
  committee: fa   # Finanzausschuss
  date: 2012-11-08
  agendaItem: Ö 3
  result: zur Kenntnis genommen
paper:
  reference: ST/0027/2012
  subject: Bericht
  decisionProposal: { text: Der Ausschuss nimmt den Bericht zur Kenntnis. }
slides:
  - type: title
  # Die Übersicht.
  - type: activities
`;

  it('--from: the earlier deck with the session and paper from OParl, comments and slides kept, the next-session edits made', async () => {
    const dir = project();
    writeFileSync(join(dir, 'alt.yaml'), EARLIER);
    const r = await run(dir, 'new', 'neu.yaml', '--from', 'alt.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('warning: the Beschlussvorschlag of 1234/2014 is not in OParl: write it into paper.decisionProposal');
    expect(r.stderr).toContain('wrote neu.yaml (from alt.yaml; predecessor: alt)');
    const text = readFileSync(join(dir, 'neu.yaml'), 'utf8');
    expect(text.startsWith('# Der letzte Bericht im Finanzausschuss.\ntitle: Digitalisierung der Verwaltung\n')).toBe(true);
    expect(text).toContain('  # Die Übersicht.\n  - type: activities\n');
    const deck = deckAt(dir);
    expect(deck.predecessor).toBe('alt');
    expect(deck.slides.map((s) => s.type)).toEqual(['title', 'changes', 'activities']);
    expect(deck.session).toMatchObject({ committee: 'fa', date: '2013-01-04', time: '08:00', agendaItem: '10.1', oparl: `${spec11}/agendaitem/3271` });
    expect(deck.session?.result).toBeUndefined();
    expect(deck.paper?.reference).toBe('1234/2014');
    expect(deck.paper?.decisionProposal).toBeUndefined();
  });

  /** The Finanzausschuss's meeting list, over two pages with a deleted stub, for the configured city. */
  function serveMeetingList(): void {
    const meeting = JSON.parse(fixture('spec-1.1/Meeting-01.json', { 'https://oparl.example.org': spec11 })) as object;
    server.route('/spec11/organization/34/meetings', {
      json: page(
        [{ id: `${spec11}/meeting/1`, deleted: true }, { id: `${spec11}/meeting/200`, type: `${T11}/Meeting`, name: '3. Sitzung', start: '2012-11-08T17:00:00+01:00' }],
        `${spec11}/organization/34/meetings?page=2`,
      ),
    });
    server.route('/spec11/organization/34/meetings?page=2', { json: page([meeting]) });
  }

  it('the configured city: new --from … --committee fa --date … --top finds the meeting through the committee\'s meeting list', async () => {
    serveMeetingList();
    const dir = project(`  - { id: fa, name: Ausschuss für Haushalt und Finanzen, oparl: ${spec11}/organization/34 }\n  - { id: rat, name: Rat der Stadt, oparl: ${spec11}/organization/96 }\n`, `${spec11}/body/0`);
    writeFileSync(join(dir, 'alt.yaml'), EARLIER);
    const r = await run(dir, 'new', 'neu.yaml', '--from', 'alt.yaml', '--committee', 'fa', '--date', '2013-01-04', '--top', '10.1');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`meeting of fa on 2013-01-04: ${spec11}/meeting/281`);
    const deck = deckAt(dir);
    expect(deck.session).toMatchObject({ committee: 'fa', date: '2013-01-04', time: '08:00', agendaItem: '10.1', oparl: `${spec11}/agendaitem/3271` });
    expect(deck.paper?.reference).toBe('1234/2014');
  });

  it('no meeting on that date (yet): a warning, and the deck from the command line as before', async () => {
    serveMeetingList();
    const dir = project(`  - { id: fa, name: Ausschuss für Haushalt und Finanzen, oparl: ${spec11}/organization/34 }\n`, `${spec11}/body/0`);
    writeFileSync(join(dir, 'alt.yaml'), EARLIER);
    const r = await run(dir, 'new', 'neu.yaml', '--from', 'alt.yaml', '--date', '2026-06-11', '--top', 'Ö 4');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('warning: the council information system has no meeting of fa on 2026-06-11 (yet): the session data comes from the command line');
    expect(deckAt(dir).session).toEqual({ committee: 'fa', date: '2026-06-11', agendaItem: 'Ö 4' });
    expect(deckAt(dir).paper?.reference).toBe('ST/0027/2012');
  });

  it('--offline writes the same deck from _oparl/, asking no server; without what it needs there it is exit 8', async () => {
    const dir = project();
    expect((await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1')).code).toBe(ExitCode.OK);
    const online = readFileSync(join(dir, 'neu.yaml'), 'utf8');
    rmSync(join(dir, 'neu.yaml'));
    const before = server.requests.length;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1', '--offline');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(server.requests.length).toBe(before);
    expect(readFileSync(join(dir, 'neu.yaml'), 'utf8')).toBe(online);
    const fresh = project();
    const miss = await run(fresh, 'new', 'neu.yaml', '--oparl', `${spec11}/meeting/281`, '--top', '10.1', '--offline');
    expect(miss.code).toBe(ExitCode.OPARL);
    expect(miss.stderr).toContain(`error: ${spec11}/meeting/281: not in _oparl/ (--offline reads only what was fetched before)`);
    expect(server.requests.length).toBe(before);
  });
});

describe('the network as it fails', () => {
  it('500s that recover: retried, and the deck is written', async () => {
    const b = `${server.base}/flaky`;
    server.route('/flaky/meeting/281', { fail: 2, then: { text: fixture('spec-1.1/Meeting-01.json', { 'https://oparl.example.org': spec11 }).replace(`"${spec11}/meeting/281"`, `"${b}/meeting/281"`) } });
    const dir = project();
    const before = server.requests.length;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${b}/meeting/281`, '--top', '10.1', '--timeout', '2');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(server.requests.slice(before).filter((q) => q === 'GET /flaky/meeting/281')).toHaveLength(3);
  });

  it('a server that never answers: exit 8 after the retries, naming the URL and the cause; nothing written', async () => {
    server.route('/silent/meeting/1', { hang: true });
    const dir = project();
    const url = `${server.base}/silent/meeting/1`;
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', url, '--timeout', '0.2');
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${url}: no answer within 0.2 s (tried 4 times)`);
    expect(r.stderr).toContain('hint: the council information system is slow or cannot be reached from here');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'neu.yaml'))).toBe(false);
    expect(existsSync(join(dir, '_oparl'))).toBe(false);
  });

  it('a web page instead of OParl: exit 8 that says so', async () => {
    server.route('/html/meeting/1', { text: '<!doctype html><title>Ratsinformation</title>', type: 'text/html' });
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${server.base}/html/meeting/1`);
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${server.base}/html/meeting/1: not OParl: the answer is not valid JSON`);
    expect(r.stderr).toContain('hint: it looks like a web page: use the address of the OParl interface');
  });

  it('a URL that answers 404 is exit 8', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'neu.yaml', '--oparl', `${server.base}/nowhere/meeting/1`);
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${server.base}/nowhere/meeting/1: the server answered 404 (not found)`);
  });
});

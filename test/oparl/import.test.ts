/**
 * `ratsdeck import committees` (issue 12) through main(argv): the configured Body's
 * organization list, over pages the test composes (deleted stubs, a Fraktion, a short name
 * used twice, a dissolved committee, a classification ratsdeck has no word for), merged into
 * ratsdeck.yaml with its comments and layout kept; --dry-run, a second run, a links.next cycle,
 * an answer without data, a missing `oparl: body`, real bodies (Bonn, Leipzig).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { fixture, page, startOparlServer, type OparlServer } from './server.js';
import { serveBonn, serveSpec11 } from './world.js';

const T11 = 'https://schema.oparl.org/1.1';
let server: OparlServer;
let tmp: string;
let b: string;
let n = 0;
beforeAll(async () => {
  server = await startOparlServer();
  b = serveSpec11(server);
  const org = (id: string, o: object) => ({ id: `${b}/organization/${id}`, type: `${T11}/Organization`, organizationType: 'Gremium', ...o });
  const list = `${b}/body/0/organizations/`;
  server.route('/spec11/body/0/organizations/', {
    json: page(
      [
        JSON.parse(fixture('spec-1.1/Organization-01.json', { 'https://oparl.example.org': b })),
        { id: `${b}/organization/7`, created: '2020-01-01T00:00:00+01:00', modified: '2020-01-01T00:00:00+01:00', deleted: true },
        org('f1', { name: 'SPD-Fraktion', organizationType: 'Fraktion' }),
      ],
      `${list}?page=2`,
    ),
  });
  server.route('/spec11/body/0/organizations/?page=2', {
    json: page(
      [
        org('hfa', { name: 'Haupt- und Finanzausschuss', shortName: 'HFA', classification: 'Ausschuss' }),
        org('ha', { name: 'Hauptausschuss', shortName: 'HFA', classification: 'Ausschuss' }),
        org('rat', { name: 'Rat der Stadt', classification: 'Parlament' }),
      ],
      `${list}?page=3`,
    ),
  });
  server.route('/spec11/body/0/organizations/?page=3', {
    json: page([
      org('alt', { name: 'Ausschuss für Stadtentwicklung (bis 2009)', classification: 'Ausschuss', endDate: '2009-06-30' }),
      org('ak', { name: 'Arbeitskreis Digitales', shortName: 'AK Digital', classification: 'Arbeitskreis' }),
      org('mig', { name: 'Beirat für\nMigration  ', classification: 'Beirat' }),
    ]),
  });
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-import-'));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const CONFIG = (body: string) => `# Die Stadt und ihre Gremien.
body:
  name: Stadt Beispielstadt
oparl:
  body: ${body}   # die OParl-Body
committees:
  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA }  # per Kurzname
  - id: stadtrat        # der Rat
    name: Rat der Stadt
    classification: Parlament
lang: de
`;

function project(config: string): string {
  const dir = join(tmp, `p${++n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), config);
  writeFileSync(join(dir, 'deck.yaml'), 'title: Bericht\nsession: { committee: hfa, date: 2026-06-11 }\nslides:\n  - type: title\n');
  return dir;
}
const run = (dir: string, ...argv: string[]) => runCli(argv, dir, { NO_COLOR: '1' });
const config = (dir: string) => readFileSync(join(dir, 'ratsdeck.yaml'), 'utf8');

describe('ratsdeck import committees', () => {
  it('adds the missing Gremien, links the existing ones, keeps comments and layout, and says which id went to which Organization', async () => {
    const dir = project(CONFIG(`${b}/body/0`));
    const r = await run(dir, 'import', 'committees');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `read 8 organizations from ${b}/body/0/organizations/`,
      `add finanzausschuss: Ausschuss für Haushalt und Finanzen (Finanzausschuss), ${b}/organization/34`,
      `add hfa-2: Hauptausschuss (HFA), ${b}/organization/ha (the id hfa is taken, so it is hfa-2)`,
      `add ak-digital: Arbeitskreis Digitales (AK Digital), ${b}/organization/ak`,
      `add beirat-fuer-migration: Beirat für Migration, ${b}/organization/mig`,
      `link hfa to "Haupt- und Finanzausschuss": oparl: ${b}/organization/hfa`,
      `link stadtrat to "Rat der Stadt": oparl: ${b}/organization/rat`,
      'skipped 1 organization of organizationType "Fraktion"',
      'skipped 1 organization dissolved (an endDate before today)',
      'warning: classification "Arbeitskreis" is not one of Parlament, Ausschuss, Kommission, Beirat, Sonstiges: left out for ak-digital',
      'wrote ratsdeck.yaml: 4 committees added, 2 linked, 0 unchanged',
      '',
    ]);
    expect(config(dir)).toBe(`# Die Stadt und ihre Gremien.
body:
  name: Stadt Beispielstadt
oparl:
  body: ${b}/body/0   # die OParl-Body
committees:
  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA, oparl: "${b}/organization/hfa" }  # per Kurzname
  - id: stadtrat        # der Rat
    name: Rat der Stadt
    classification: Parlament
    oparl: "${b}/organization/rat"
  - { id: finanzausschuss, name: Ausschuss für Haushalt und Finanzen, shortName: Finanzausschuss, classification: Ausschuss, oparl: "${b}/organization/34" }
  - { id: hfa-2, name: Hauptausschuss, shortName: HFA, classification: Ausschuss, oparl: "${b}/organization/ha" }
  - { id: ak-digital, name: Arbeitskreis Digitales, shortName: AK Digital, oparl: "${b}/organization/ak" }
  - { id: beirat-fuer-migration, name: Beirat für Migration, classification: Beirat, oparl: "${b}/organization/mig" }
lang: de
`);
    // The project still validates, and ratsdeck wrote nothing else but _oparl/.
    expect((await run(dir, 'validate')).code).toBe(ExitCode.OK);
    expect(readdirSync(dir).sort()).toEqual(['_oparl', 'deck.yaml', 'ratsdeck.yaml']);
    // A second run changes nothing.
    const again = await run(dir, 'import', 'committees');
    expect(again.code).toBe(ExitCode.OK);
    expect(again.stderr).toContain('ratsdeck.yaml is up to date: 0 committees added, 0 linked, 6 unchanged');
    const text = config(dir);
    expect((parse(text) as { committees: unknown[] }).committees).toHaveLength(6);
  });

  it('--dry-run says what it would do and writes nothing, not even _oparl/', async () => {
    const dir = project(CONFIG(`${b}/body/0`));
    const before = config(dir);
    const r = await run(dir, 'import', 'committees', '--dry-run');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`would add finanzausschuss: Ausschuss für Haushalt und Finanzen (Finanzausschuss), ${b}/organization/34`);
    expect(r.stderr).toContain(`would link hfa to "Haupt- und Finanzausschuss"`);
    expect(r.stderr).toContain('dry run: ratsdeck.yaml not changed (4 committees to add, 2 to link, 0 unchanged)');
    expect(config(dir)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['deck.yaml', 'ratsdeck.yaml']);
  });

  it('the project folder can be given, as README runs it from the folder above (ratsdeck import committees decks)', async () => {
    const dir = project(CONFIG(`${b}/body/0`));
    const name = basename(dir);
    const above = await run(tmp, 'import', 'committees', '--dry-run');
    expect(above.code).toBe(ExitCode.USAGE);
    expect(above.stderr).toContain('hint: run it inside the project folder, or give that folder: ratsdeck import committees decks');
    const r = await run(tmp, 'import', 'committees', name);
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`wrote ${name}/ratsdeck.yaml: 4 committees added, 2 linked, 0 unchanged`);
    expect(readdirSync(dir).sort()).toEqual(['_oparl', 'deck.yaml', 'ratsdeck.yaml']);
    expect((await run(tmp, 'import', 'committees', 'no-such-folder')).code).toBe(ExitCode.USAGE);
  });

  it('oparl: body with the address of the System is exit 2 that says so, also when its list of bodies cannot be read', async () => {
    const s = `${server.base}/system-only`;
    server.route('/system-only/', { json: { id: `${s}/`, type: `${T11}/System`, body: `${s}/bodies` } });
    const dir = project(CONFIG(`${s}/`));
    const r = await run(dir, 'import', 'committees');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('error: oparl: body in ratsdeck.yaml is the address of the OParl System, not of a Body');
  });

  it('--offline imports from what an earlier import kept in _oparl/', async () => {
    const dir = project(CONFIG(`${b}/body/0`));
    expect((await run(dir, 'import', 'committees', '--dry-run')).code).toBe(ExitCode.OK);
    expect((await run(dir, 'import', 'committees', '--offline')).code).toBe(ExitCode.OPARL);
    expect((await run(dir, 'import', 'committees')).code).toBe(ExitCode.OK);
    const imported = config(dir);
    writeFileSync(join(dir, 'ratsdeck.yaml'), CONFIG(`${b}/body/0`));
    const before = server.requests.length;
    const r = await run(dir, 'import', 'committees', '--offline');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(server.requests.length).toBe(before);
    expect(config(dir)).toBe(imported);
  });

  it('a links.next that comes back to a page already read is exit 8, and nothing is written', async () => {
    const c = `${server.base}/cycle`;
    server.route('/cycle/body', { json: { id: `${c}/body`, type: `${T11}/Body`, name: 'Kreisstadt', organization: `${c}/orgs?page=1` } });
    server.route('/cycle/orgs?page=1', { json: page([], `${c}/orgs?page=2`) });
    server.route('/cycle/orgs?page=2', { json: page([], `${c}/orgs?page=1`) });
    const dir = project(CONFIG(`${c}/body`));
    const before = config(dir);
    const r = await run(dir, 'import', 'committees');
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${c}/orgs?page=1: the list's links.next leads back to ${c}/orgs?page=1, a page already read (after 2 pages)`);
    expect(config(dir)).toBe(before);
  });

  it('a list answer without a data array is exit 8, not an empty list', async () => {
    const c = `${server.base}/nodata`;
    server.route('/nodata/body', { json: { id: `${c}/body`, type: `${T11}/Body`, organization: `${c}/orgs` } });
    server.route('/nodata/orgs', { json: { links: {} } });
    const dir = project(CONFIG(`${c}/body`));
    const r = await run(dir, 'import', 'committees');
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${c}/orgs: not an OParl list (the answer has no data array)`);
  });

  it('without oparl: body in ratsdeck.yaml it is exit 2 that says what to write', async () => {
    const dir = project('committees: []\n');
    const r = await run(dir, 'import', 'committees');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('error: ratsdeck.yaml has no oparl: body');
    expect(r.stderr).toContain('oparl:\n      body: https://ris.example.org/oparl/bodies/1');
  });

  it('an oparl: body that is no address is exit 3 at its line, and nothing is asked or written', async () => {
    const dir = project('# Stadt\noparl:\n  body: bodies/1.json\ncommittees: []\n');
    const before = server.requests.length;
    const r = await run(dir, 'import', 'committees');
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toContain('ratsdeck.yaml:3:9: oparl.body: expected the address of the OParl Body, starting with https:// or http:// (e.g. body: https://ris.example.org/oparl/bodies/1)');
    expect(server.requests.length).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['deck.yaml', 'ratsdeck.yaml']);
  });

  it('Bonn (ALLRIS 1.1): query-string ids, an empty committees list to start from', async () => {
    const bonn = serveBonn(server);
    server.route('/bonn/public/oparl/organizations?body=1', {
      json: page([{ id: `${bonn}/public/oparl/organizations?typ=gr&id=334`, type: `${T11}/Organization`, name: 'Projektbeirat Behindertenpolitischer Teilhabeplan', organizationType: 'Gremium', classification: 'Beirat', created: '2019-12-16T11:21:11+01::00', deleted: false }]),
    });
    const dir = project(`oparl: { body: "${bonn}/public/oparl/bodies?id=1" }\ncommittees: []\n`);
    const r = await run(dir, 'import', 'committees');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(config(dir)).toBe(`oparl: { body: "${bonn}/public/oparl/bodies?id=1" }\ncommittees: [{ id: projektbeirat-behindertenpolitischer, name: Projektbeirat Behindertenpolitischer Teilhabeplan, classification: Beirat, oparl: "${bonn}/public/oparl/organizations?typ=gr&id=334" }]\n`);
  });

  it('Leipzig (ALLRIS 1.0): shortName "" is no short name', async () => {
    const l = `${server.base}/leipzig`;
    server.route('/leipzig/bi/oparl/1.0/bodies.asp?id=2387', { text: fixture('meine-stadt-transparent/Stadt_Leipzig.body.json', { 'https://ratsinfo.leipzig.de': l }) });
    server.route('/leipzig/bi/oparl/1.0/organizations.asp?body=2387', {
      json: page([{ id: `${l}/bi/oparl/1.0/organizations.asp?id=1`, type: 'https://schema.oparl.org/1.0/Organization', name: 'Ratsversammlung', shortName: '', organizationType: 'Gremium', classification: 'N/A' }]),
    });
    const dir = project(`oparl:\n  body: ${l}/bi/oparl/1.0/bodies.asp?id=2387\n`);
    const r = await run(dir, 'import', 'committees');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect((parse(config(dir)) as { committees: unknown[] }).committees).toEqual([{ id: 'ratsversammlung', name: 'Ratsversammlung', oparl: `${l}/bi/oparl/1.0/organizations.asp?id=1` }]);
  });
});

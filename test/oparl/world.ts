/**
 * The council information systems the OParl tests talk to, on the local test server: the
 * samples of test/fixtures/oparl/ under prefixes of their own (/spec11, /spec10, /bonn,
 * /wuppertal, /braunschweig), their hosts rewritten to the server, and the few objects the
 * samples link to but do not contain (composed here, marked as such). Plus a project folder
 * whose ratsdeck.yaml knows some of the Gremien.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, type OparlServer } from './server.js';

const T11 = 'https://schema.oparl.org/1.1';

/**
 * spec-1.1: Meeting-01 → its agenda item 10.1 → consultation 1034 (composed) → Paper-01.
 * Served under `prefix`; the documents name `host` (default: the server) as theirs.
 */
export function serveSpec11(s: OparlServer, opts: { prefix?: string; host?: string } = {}): string {
  const prefix = opts.prefix ?? '/spec11';
  const b = `${opts.host ?? s.base}${prefix}`;
  const route = (path: string, r: Parameters<OparlServer['route']>[1]) => s.route(`${prefix}${path}`, r);
  const rw = { 'https://oparl.example.org': b };
  route('/meeting/281', { text: fixture('spec-1.1/Meeting-01.json', rw) });
  route('/paper/749', { text: fixture('spec-1.1/Paper-01.json', rw) });
  route('/organization/34', { text: fixture('spec-1.1/Organization-01.json', rw) });
  route('/body/0', { text: fixture('spec-1.1/Body-01.json', rw) });
  route('/files/57739', { text: fixture('spec-1.1/File-01.json', rw) });
  // Composed: the examples do not link up (the README says so); these make one chain.
  route('/consultation/1034', {
    json: {
      id: `${b}/consultation/1034`,
      type: `${T11}/Consultation`,
      paper: `${b}/paper/749`,
      agendaItem: `${b}/agendaitem/3271`,
      meeting: `${b}/meeting/281`,
      organization: [`${b}/organization/34`],
      authoritative: true,
      role: 'Entscheidung',
    },
  });
  // The Gremienweg's earlier station (Paper-01's embedded consultation 47594).
  route('/organization/96', { json: { id: `${b}/organization/96`, type: `${T11}/Organization`, name: 'Rat der Stadt', organizationType: 'Gremium', classification: 'Parlament' } });
  route('/meeting/243', { json: { id: `${b}/meeting/243`, type: `${T11}/Meeting`, name: '12. Sitzung des Rates', start: '2014-05-15T17:00:00+02:00', organization: [`${b}/organization/96`] } });
  route('/agendaitem/15569', { json: { id: `${b}/agendaitem/15569`, type: `${T11}/AgendaItem`, number: 'Ö 7', name: 'Antwort auf Anfrage', public: true, result: 'zur kenntnis genommen' } });
  // The lead Amt, with a line break and trailing spaces in its name.
  route('/organization/2000', { json: { id: `${b}/organization/2000`, type: `${T11}/Organization`, name: 'Amt für\n Finanzen  ', organizationType: 'Verwaltungsbereich' } });
  // paper/699 (the related paper), organization/1000, person/…: not served, they answer 404.
  return b;
}

/** spec-1.0: the same Meeting and Paper in the 1.0 text (location as a URL, `resolution`). */
export function serveSpec10(s: OparlServer): string {
  const b = `${s.base}/spec10`;
  const rw = { 'https://oparl.example.org': b };
  s.route('/spec10/meeting/281', { text: fixture('spec-1.0/Meeting-01.json', rw) });
  s.route('/spec10/paper/749', { text: fixture('spec-1.0/Paper-01.json', rw) });
  s.route('/spec10/location/223', { json: { id: `${b}/location/223`, type: 'https://schema.oparl.org/1.0/Location', room: 'Raum 101', streetAddress: 'Rathausplatz 1', postalCode: '12345', locality: 'Beispielstadt' } });
  s.route('/spec10/organization/34', { text: fixture('spec-1.1/Organization-01.json', rw).split('/1.1/').join('/1.0/') });
  s.route('/spec10/consultation/1034', {
    json: { id: `${b}/consultation/1034`, type: 'https://schema.oparl.org/1.0/Consultation', paper: `${b}/paper/749`, organization: `${b}/organization/34`, role: 'Beschlussfassung' },
  });
  return b;
}

/** Bonn (ALLRIS, 1.1): query-string ids, auxiliaryFile as an object, mimeType "pdf". */
export function serveBonn(s: OparlServer): string {
  const b = `${s.base}/bonn`;
  const rw = { 'https://www.bonn.sitzung-online.de': b };
  s.route('/bonn/public/oparl/meetings?id=664', { text: fixture('meine-stadt-transparent/Bonn.meeting.json', rw) });
  s.route('/bonn/public/oparl/bodies?id=1', { text: fixture('meine-stadt-transparent/Bonn.body.json', rw) });
  return b;
}

/** Wuppertal (SessionNet, 1.0): no agenda items, organizations that answer 404, http ids. */
export function serveWuppertal(s: OparlServer): string {
  const b = `${s.base}/wuppertal`;
  s.route('/wuppertal/oparl/bodies/0001/meetings/19160', { text: fixture('meine-stadt-transparent/Wuppertal.meeting.json', { 'http://oparl.wuppertal.de': b }) });
  return b;
}

/** Braunschweig (ALLRIS): a Paper whose JSON has raw control characters. */
export function serveBraunschweig(s: OparlServer): string {
  const b = `${s.base}/braunschweig`;
  s.route('/braunschweig/bi/oparl/1.0/papers.asp?id=1664', { text: fixture('meine-stadt-transparent/Braunschweig.paper.broken_json', { 'https://ratsinfo.braunschweig.de': b }) });
  return b;
}

export const ACTIVITIES = `- id: online-dienste
  title: Online-Dienste
  category: administration
  responsible: 10-Hauptamt
  phase: implementation
  status: { light: green, label: im Plan }
  progress: 35
  start: 2013-01-01
  end: 2015-12-31
  milestones:
    - { title: Gewerbeanmeldung online, due: 2013-06-30, done: true }
  budget: { plan: 450000, actual: 200000, year: 2013 }
`;

/**
 * A project folder: ratsdeck.yaml with the given body URL and committees (YAML lines under
 * `committees:`), one activity, and a sentinel file that nothing may touch.
 */
export function writeProject(dir: string, opts: { body?: string; committees: string }): string {
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(
    join(dir, 'ratsdeck.yaml'),
    [
      '# Die Stadt und ihre Gremien.',
      'body:',
      '  name: Stadt Beispielstadt',
      ...(opts.body ? ['oparl:', `  body: ${opts.body}   # die OParl-Body`] : []),
      'committees:',
      opts.committees.replace(/\n$/, ''),
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, '_data', 'activities.yaml'), ACTIVITIES);
  writeFileSync(join(dir, 'NOTIZ.txt'), 'nicht anfassen\n');
  return dir;
}

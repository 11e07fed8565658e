/**
 * `ratsdeck freeze` with `session.oparl` (issue 12): the agenda item's result and resolution
 * text from the council information system into the deck, then the snapshot; `--offline`
 * skips it; what the deck says already is kept; an unreachable RIS stops before anything is
 * written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { startOparlServer, type OparlServer } from './server.js';
import { writeProject } from './world.js';

const T11 = 'https://schema.oparl.org/1.1';
let server: OparlServer;
let tmp: string;
let n = 0;
beforeAll(async () => {
  server = await startOparlServer();
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-freeze-'));
  const b = `${server.base}/frz`;
  server.route('/frz/agendaitem/1', {
    json: { id: `${b}/agendaitem/1`, type: `${T11}/AgendaItem`, number: 'Ö 4', result: 'Geändert beschlossen', resolutionText: 'Der Ausschuss beschließt\r\nmit Änderungen.\r\n\r\nDie Verwaltung berichtet erneut.' },
  });
  server.route('/frz/agendaitem/2', { json: { id: `${b}/agendaitem/2`, type: `${T11}/AgendaItem`, number: 'Ö 5' } });
  server.route('/frz/agendaitem/3', { hang: true });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function project(item: string, result?: string): string {
  const dir = writeProject(join(tmp, `p${++n}`), { committees: '  - { id: hfa, name: Haupt- und Finanzausschuss }\n' });
  writeFileSync(
    join(dir, 'sitzung.yaml'),
    `# Die Sitzung im Juni.
title: Bericht
session:
  committee: hfa   # HFA
  date: 2026-06-11
  agendaItem: Ö 4
${result ? `  result: ${result}\n` : ''}  oparl: ${server.base}/frz/agendaitem/${item}
slides:
  - type: title
`,
  );
  return dir;
}
const run = (dir: string, ...argv: string[]) => runCli(argv, dir, { NO_COLOR: '1' });
const deck = (dir: string) => readFileSync(join(dir, 'sitzung.yaml'), 'utf8');
const snapshot = (dir: string) => JSON.parse(readFileSync(join(dir, '_sessions', 'sitzung.json'), 'utf8')) as { session: Record<string, unknown> };

describe('ratsdeck freeze with session.oparl', () => {
  it('writes the RIS result and resolution text into the deck (comments kept), then freezes it', async () => {
    const dir = project('1');
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain('wrote the result from the council information system into sitzung.yaml: session.result, session.resolutionText (geändert beschlossen)');
    expect(deck(dir)).toContain('# Die Sitzung im Juni.\n');
    expect(deck(dir)).toContain('  committee: hfa   # HFA\n');
    expect(deck(dir)).toContain('  result: geändert beschlossen\n');
    expect(snapshot(dir).session).toMatchObject({ result: 'geändert beschlossen', resolutionText: 'Der Ausschuss beschließt mit Änderungen.\n\nDie Verwaltung berichtet erneut.' });
    expect(r.stderr).not.toContain('no session.result recorded');
  });

  it('keeps a result the deck has already, and says when the RIS records another', async () => {
    const dir = project('1', 'vertagt');
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`warning: sitzung: the council information system records "geändert beschlossen" for ${server.base}/frz/agendaitem/1, the deck "vertagt": the deck's is kept`);
    expect(snapshot(dir).session.result).toBe('vertagt');
  });

  it('--offline asks no server and freezes the deck as it is', async () => {
    const dir = project('1');
    const before = server.requests.length;
    const text = deck(dir);
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data', '--offline');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(server.requests.length).toBe(before);
    expect(deck(dir)).toBe(text);
    expect(r.stderr).toContain('--offline: the result of sitzung is not fetched from the council information system');
    expect(existsSync(join(dir, '_sessions', 'sitzung.json'))).toBe(true);
  });

  it('no result in the RIS yet: said, and the freeze goes on as before', async () => {
    const dir = project('2');
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(r.stderr).toContain(`the council information system has no result for ${server.base}/frz/agendaitem/2 yet`);
    expect(r.stderr).toContain('no session.result recorded');
  });

  it('an RIS that does not answer: exit 8, the deck unchanged and no snapshot', async () => {
    const dir = project('3');
    const text = deck(dir);
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data', '--timeout', '0.1');
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${server.base}/frz/agendaitem/3: no answer within 0.1 s (tried 4 times)`);
    expect(deck(dir)).toBe(text);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);
  });

  it('a freeze that will refuse (the data changed since the session) leaves the deck untouched and asks no server', async () => {
    const dir = project('1');
    const text = deck(dir);
    const before = server.requests.length;
    const r = await run(dir, 'freeze', 'sitzung.yaml');
    expect(r.code, r.stderr).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('changed after the session (2026-06-11 00:00); nothing frozen');
    expect(deck(dir)).toBe(text);
    expect(server.requests.length).toBe(before);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);
  });

  it("the result written into a deck that carries its own data is not taken for a change of that data", async () => {
    const dir = project('1');
    // The deck keeps its own copy of the activities; nothing was touched since the session.
    writeFileSync(join(dir, 'sitzung.yaml'), deck(dir) + 'activities:\n' + readFileSync(join(dir, '_data', 'activities.yaml'), 'utf8'));
    rmSync(join(dir, '_data', 'activities.yaml'));
    const then = new Date('2026-06-10T12:00:00Z');
    utimesSync(join(dir, 'sitzung.yaml'), then, then);
    const r = await run(dir, 'freeze', 'sitzung.yaml');
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(deck(dir)).toContain('  result: geändert beschlossen\n');
    expect(snapshot(dir).session.result).toBe('geändert beschlossen');
    expect(r.stderr).toContain('none of the files its data comes from changed since the session');
  });

  it('a deck frozen already is not touched (and freeze refuses as before)', async () => {
    const dir = project('2');
    expect((await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data')).code).toBe(ExitCode.OK);
    const before = server.requests.length;
    const r = await run(dir, 'freeze', 'sitzung.yaml', '--from-current-data');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(server.requests.length).toBe(before);
  });
});

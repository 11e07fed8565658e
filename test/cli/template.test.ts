/** `ratsdeck template`: a ready workbook or CSV file; never over an existing file; read back as data. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { ACTIVITIES, loadSheet } from '../../src/sheets/index.js';
import { readWorkbook } from '../../src/sheets/xlsx.js';
import { readZipDirectory, readZipEntry } from '../../src/sheets/zip.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-template-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), 'body: { name: Stadt Beispielstadt }\ncommittees:\n  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
  writeFileSync(join(dir, 'sitzung.yaml'), 'title: Digitalisierung\nsession: { committee: hfa, date: 2021-09-23 }\nslides:\n  - type: activities\n  - type: activity\n');
  // Sentinels: nothing else is written or touched.
  writeFileSync(join(dir, '_data', 'notiz.txt'), 'bleibt');
  return dir;
}

describe('ratsdeck template activities', () => {
  it('--xlsx writes a workbook with German titles, the example row, drop-down lists and an explanation sheet', async () => {
    const dir = project('xlsx');
    const r = await runCli(['template', 'activities', '--xlsx', '_data/activities.xlsx'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('wrote _data/activities.xlsx: sheets Aktivitäten, Meilensteine, Kennzahlen and Erläuterung (what each column holds)\n');
    expect(readdirSync(join(dir, '_data')).sort()).toEqual(['activities.xlsx', 'notiz.txt']);
    const file = join(dir, '_data', 'activities.xlsx');
    const wb = readWorkbook(file) as { sheets: { sheet: string; rows: { value: unknown }[][] }[] };
    expect(wb.sheets.map((s) => s.sheet)).toEqual(['Aktivitäten', 'Meilensteine', 'Kennzahlen', 'Erläuterung']);
    expect(wb.sheets[0]!.rows[0]!.map((c) => c.value)).toEqual(ACTIVITIES.columns.map((c) => c.title));
    const help = wb.sheets[3]!.rows.map((row) => row.map((c) => c.value));
    expect(help[0]).toEqual(['Blatt', 'Spalte', 'Schlüssel', 'Pflicht', 'Beschreibung', 'Erlaubte Werte', 'Beispiel']);
    expect(help).toContainEqual(['Aktivitäten', 'Ampel', 'status.light', null, 'Status als Ampel (Grau = nicht bewertet).', 'Grün, Gelb, Rot, Grau (auch green, yellow, red, grey)', 'Gelb']);
    // The lists of allowed values, in the sheet's XML.
    const buf = readFileSync(file);
    const sheet1 = readZipEntry(buf, readZipDirectory(buf, 100).find((e) => e.name === 'xl/worksheets/sheet1.xml')!, 1e7).toString('utf8');
    expect(sheet1).toContain('<dataValidation type="list" allowBlank="1" showErrorMessage="0" showInputMessage="0" sqref="H2:H1000"><formula1>"Grün,Gelb,Rot,Grau"</formula1></dataValidation>');
    expect(sheet1).toContain('<formula1>"ja,nein"</formula1>');
    // The example row reads back as an activity, its milestone and KPI.
    const loaded = loadSheet({ file, key: ['activities'] });
    expect(loaded.problems).toEqual([]);
    // The template offers the German words; the model reads them (validate below).
    expect(loaded.value).toMatchObject([{ id: 'ozg-online-dienste', category: 'Verwaltungsdigitalisierung', phase: 'Umsetzung', status: { light: 'Gelb' }, start: '2019-01-01', milestones: [{ done: true }], kpis: [{ value: 38 }] }]);
    const v = await runCli(['validate'], dir);
    expect(v.stderr).toBe('1 of 1 deck valid\n');
  });

  it('--csv writes the file as German Excel saves it, and reads back the same', async () => {
    const dir = project('csv');
    const r = await runCli(['template', 'activities', '--csv', '_data/activities.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, '_data', 'activities.csv'), 'utf8');
    expect(text.startsWith('\ufeffKennung;Titel;Kategorie;')).toBe(true);
    expect(text).toContain('\r\n');
    expect(text).toContain(';01.01.2019;');
    expect(text).toContain(';Gelb;');
    expect(r.stderr).toContain('activities.milestones.csv');
    const m = await runCli(['template', 'milestones', '--csv', '_data/activities.milestones.csv'], dir);
    expect(m.code, m.stderr).toBe(0);
    const v = await runCli(['validate'], dir);
    expect(v.stderr).toBe('1 of 1 deck valid\n');
  });

  it('never overwrites a file, and says what it can write', async () => {
    const dir = project('refuse');
    writeFileSync(join(dir, '_data', 'activities.xlsx'), 'meine Tabelle');
    const r = await runCli(['template', 'activities', '--xlsx', '_data/activities.xlsx'], dir);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toBe('error: _data/activities.xlsx already exists; ratsdeck template never overwrites a file\n  hint: choose another name, or move the file away first\n');
    expect(readFileSync(join(dir, '_data', 'activities.xlsx'), 'utf8')).toBe('meine Tabelle');
    expect((await runCli(['template', 'aktivitaeten', '--xlsx', 'x.xlsx'], dir)).stderr).toMatch(/^error: no template "aktivitaeten"\n  hint: one of activities, milestones, kpis, networks, itBeirat, members, meetings, recommendations\n$/);
    expect((await runCli(['template', 'activities'], dir)).code).toBe(ExitCode.USAGE);
    expect((await runCli(['template', 'activities', '--xlsx', 'x.xls'], dir)).stderr).toBe('error: x.xls: the file name should end in .xlsx\n');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
    // A file where a folder should be: exit 7 with the path, as for build (it was an internal error).
    const f = await runCli(['template', 'activities', '--csv', 'x.csv', '--xlsx', '_data/activities.xlsx/neu.xlsx'], dir);
    expect(f.code).toBe(ExitCode.OUTPUT);
    expect(f.stderr).toBe('error: could not write _data/activities.xlsx/neu.xlsx: _data/activities.xlsx is a file, not a folder\n  hint: choose a path whose folders are folders\n');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('writes the IT-Beirat workbook, whose sheets read back as members, meetings and recommendations', async () => {
    const dir = project('beirat');
    writeFileSync(join(dir, '_data', 'activities.yaml'), '- { id: ozg-online-dienste, title: OZG, category: administration }\n');
    expect((await runCli(['template', 'itBeirat', '--xlsx', '_data/itBeirat.xlsx'], dir)).code).toBe(0);
    const loaded = loadSheet({ file: join(dir, '_data', 'itBeirat.xlsx'), key: ['itBeirat'] });
    expect(loaded.problems).toEqual([]);
    expect(loaded.value).toMatchObject({ members: [{ affiliation: 'Universität Koblenz', consent: true }], meetings: [{ date: '2020-09-17' }], recommendations: [{ id: 'r-2020-01', activities: ['ozg-online-dienste'] }] });
    expect((await runCli(['validate'], dir)).stderr).toBe('1 of 1 deck valid\n');
  });
});

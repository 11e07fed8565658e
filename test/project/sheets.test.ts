/**
 * Spreadsheets in the cascade (issue 13): a workbook or CSV file stands for _data/activities.yaml,
 * a workbook of one's own is mapped in ratsdeck.yaml, every problem names its cell (or the CSV
 * file's line and column), two sources for one key are an error naming both, exit 3 and nothing
 * written — as for YAML.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { Activity } from '../../src/model/schema.js';
import { loadDeck } from '../../src/project/project.js';
import { runCli } from '../helpers/cli.js';
import { workbook } from '../helpers/sheets.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'sheets');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-sheets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Whether the model takes German enum words (branch i11-messages, src/model/words.ts). */
const GERMAN_WORDS = Activity.safeParse({ id: 'a', title: 'A', category: 'administration', status: { light: 'gelb' } }).success;

let n = 0;
function project(files: Record<string, string | Buffer>, config = ''): string {
  const dir = join(tmp, `p${n++}`);
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), `body: { name: Stadt Beispielstadt }\ncommittees:\n  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA }\n${config}`);
  writeFileSync(join(dir, 'sitzung.yaml'), 'title: Digitalisierung\nsession: { committee: hfa, date: 2021-09-23 }\nslides:\n  - type: title\n  - type: activities\n  - type: activity\n');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const HEAD = ['Kennung', 'Titel', 'Kategorie', 'Ampel', 'Beginn', 'Planansatz (€)', 'Öffentlich'];
const date = (y: number, m: number, d: number) => ({ value: new Date(Date.UTC(y, m - 1, d)), type: Date, format: 'dd.mm.yyyy' });
const good = [HEAD, ['ozg', 'Online-Dienste', 'administration', 'yellow', date(2019, 1, 1), 450000, 'ja'], ['e-akte', 'E-Akte', 'administration', 'green', date(2020, 1, 1), 120000, null]];

const validate = (dir: string, ...args: string[]) => runCli(['validate', ...args], dir);
const lines = (s: string) => s.split('\n').filter((l) => l && !/^\d+ of \d+ deck/.test(l));

describe('a workbook instead of _data/activities.yaml', () => {
  it('validates and builds', async () => {
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Aktivitäten', data: good }]) });
    const r = await validate(dir);
    expect(r.stderr).toBe('1 of 1 deck valid\n');
    expect(r.code).toBe(0);
    const b = await runCli(['build'], dir);
    expect(b.code, b.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'sitzung', 'index.html'), 'utf8');
    expect(html).toContain('Online-Dienste');
    expect(html).toContain('450.000');
  });

  it('reports every bad cell at once, at its cell, and writes nothing (exit 3)', async () => {
    const bad = [
      HEAD,
      ['ozg', 'Online-Dienste', 'administration', 'lila', date(2019, 1, 1), 'ca. 5000', 'vielleicht'],
      ['e-akte', 'E-Akte', 'administration', 'green', '31.02.2020', 120000, null],
    ];
    const milestones = [['Aktivität', 'Meilenstein', 'Termin'], ['ozk', 'Gewerbeanmeldung online', date(2021, 3, 31)], ['e-akte', 'Pilot', 'bald']];
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Aktivitäten', data: bad }, { sheet: 'Meilensteine', data: milestones }]) });
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual([
      '_data/activities.xlsx: Aktivitäten!F2: activities[0].budget.plan: expected a number; got "ca. 5000" (write the number alone, e.g. 1.234,50 or 45 %)',
      '_data/activities.xlsx: Aktivitäten!G2: activities[0].public: expected ja or nein; got "vielleicht" (also accepted: x or an empty cell, 1 or 0, wahr or falsch, true or false)',
      '_data/activities.xlsx: Aktivitäten!E3: activities[1].start: impossible date "31.02.2020"',
      '_data/activities.xlsx: Meilensteine!A2: no activity has the id "ozk" (did you mean "ozg"?)',
      '_data/activities.xlsx: Meilensteine!C3: activities[1].milestones[0].due: expected a date; got "bald" (use a date cell, or write 18.03.2025 or 2025-03-18)',
      // The model's own problems in the same run, as for YAML; none about the unread cells
      // themselves (the milestone's due date is required: no "required" line repeats C3).
      '_data/activities.xlsx: Aktivitäten!D2: activities[0].status.light: expected one of Grün, Gelb, Rot, Grau (green, yellow, red, grey); got "lila"',
    ]);
    const b = await runCli(['build'], dir);
    expect(b.code).toBe(ExitCode.INVALID_DATA);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('passes the model\'s own problems through at the cell (an unknown status light)', async () => {
    const data = [HEAD, ['ozg', 'Online-Dienste', 'administration', 'lila', date(2019, 1, 1), 1, null], ['', 'Ohne Kennung', 'administration', null, null, null, null]];
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Aktivitäten', data }]) });
    const r = await validate(dir, '--json');
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const problems = JSON.parse(r.stdout).problems as { file: string; cell?: string; line: number; col: number; path: string; message: string }[];
    expect(problems.find((p) => p.path === 'activities[0].status.light')).toMatchObject({ file: '_data/activities.xlsx', cell: 'Aktivitäten!D2', line: 2, col: 4, message: expect.stringContaining('"lila"') });
    // A missing id: at the row.
    expect(problems.find((p) => p.path === 'activities[1].id')).toMatchObject({ cell: 'Aktivitäten!B3' });
    expect(lines((await validate(dir)).stderr)[0]).toMatch(/^_data\/activities\.xlsx: Aktivitäten!D2: activities\[0\]\.status\.light: .*"lila"/);
  });

  it('refuses a zip bomb with a clear message at the file', async () => {
    const dir = project({ '_data/activities.xlsx': Buffer.from('PK\x05\x06' + '\0'.repeat(18)) });
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)[0]).toMatch(/^_data\/activities\.xlsx:1:1: this zip file holds no Excel workbook/);
  });

  it('finds the activities on the sheet named for them, also when another sheet comes first', async () => {
    const milestones = [['Aktivität', 'Meilenstein', 'Termin'], ['ozg', 'Gewerbeanmeldung online', date(2021, 3, 31)]];
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Meilensteine', data: milestones }, { sheet: 'Aktivitäten', data: good }]) });
    const r = await validate(dir, '--json');
    expect(r.stderr).toBe('1 of 1 deck valid\n');
    const loaded = loadDeck(join(dir, 'sitzung.yaml'));
    const acts = (loaded.raw!.value as { activities: { id: string; milestones?: unknown[] }[] }).activities;
    expect(acts.map((a) => a.id)).toEqual(['ozg', 'e-akte']);
    expect(acts[0]!.milestones).toHaveLength(1);
    // Without a sheet named for them, the first sheet that is not named for other rows.
    const other = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Kennzahlen', data: [['Aktivität', 'Kennzahl', 'Wert'], ['ozg', 'Leistungen', 38]] }, { sheet: 'Projekte 2021', data: good }]) });
    expect((await validate(other)).stderr).toBe('1 of 1 deck valid\n');
  });

  it("warns about a sheet whose name is close to one it reads, and leaves the Amt's own sheets alone", async () => {
    const milestones = [['Aktivität', 'Meilenstein', 'Termin'], ['ozg', 'Gewerbeanmeldung online', date(2021, 3, 31)]];
    const sheets = [{ sheet: 'Aktivitäten', data: good }, { sheet: 'Meilenstein', data: milestones }, { sheet: 'Kennzahlen 2021', data: [['Aktivität', 'Kennzahl', 'Wert']] }, { sheet: 'Intern', data: [['Notiz']] }, { sheet: 'Erläuterung', data: [['Spalte']] }];
    const dir = project({ '_data/activities.xlsx': await workbook(sheets) });
    const r = await validate(dir);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      '_data/activities.xlsx: Meilenstein!A1: warning: the sheet "Meilenstein" is not read (name it "Meilensteine" (or "milestones") if it holds the milestones)',
      "_data/activities.xlsx: 'Kennzahlen 2021'!A1: warning: the sheet \"Kennzahlen 2021\" is not read (name it \"Kennzahlen\" (or \"kpis\") if it holds the kpis)",
    ]);
  });

  it('is an error beside activities.yaml, naming both', async () => {
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Aktivitäten', data: good }]), '_data/activities.yaml': '- { id: x, title: X, category: other }\n' });
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual([
      '_data/activities.yaml:1:1: activities: set by two sources: _data/activities.xlsx and _data/activities.yaml (keep one of them: a spreadsheet replaces the YAML file, it does not add to it)',
    ]);
  });

  it('shows cell text as text: markup in a cell is escaped, never run', async () => {
    const data = [HEAD, ['ozg', '<script>alert("x")</script><img src=x onerror=alert(1)> Sicherheit', 'administration', 'green', null, null, null]];
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'Aktivitäten', data }]) });
    const b = await runCli(['build'], dir);
    expect(b.code, b.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'sitzung', 'index.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
  });
});

describe('CSV files', () => {
  it('report problems at FILE:LINE:COL of the field', async () => {
    const csv = 'Kennung;Titel;Kategorie;Beschreibung;Beginn\r\nozg;Online-Dienste;administration;"Zwei\r\nZeilen";18.03.2025\r\ne-akte;E-Akte;administration;kurz;2025-13-01\r\n';
    const dir = project({ '_data/activities.csv': csv });
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual(['_data/activities.csv:4:35: activities[1].start: impossible date "2025-13-01"']);
  });

  it('name the allowed words in German first, as people write them in a spreadsheet, and suggest by meaning', async () => {
    const csv = 'Kennung;Titel;Kategorie;Ampel\r\nozg;Online-Dienste;Verwaltung;orange\r\ne-akte;E-Akte;Verwaltung;lila\r\n';
    const dir = project({ '_data/activities.csv': csv });
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual([
      '_data/activities.csv:2:31: activities[0].status.light: expected one of Grün, Gelb, Rot, Grau (green, yellow, red, grey); got "orange" (did you mean "Gelb"?)',
      '_data/activities.csv:3:26: activities[1].status.light: expected one of Grün, Gelb, Rot, Grau (green, yellow, red, grey); got "lila"',
    ]);
  });

  it.each(['csv-windows-1252', 'csv-utf8-bom'])('%s (LibreOffice export) validates once the model knows German words', async (name) => {
    const dir = join(tmp, name);
    cpSync(join(FIX, name), dir, { recursive: true });
    const loaded = loadDeck(join(dir, 'sitzung.yaml'));
    expect((loaded.raw!.value as { activities: unknown[] }).activities).toHaveLength(3);
    const r = await validate(dir);
    if (GERMAN_WORDS) expect(r.code, r.stderr).toBe(0);
    // Until then the model's own messages about "Umsetzung", "gelb" …, at their fields.
    else expect(lines(r.stderr).filter((l) => !l.includes('warning')).every((l) => /^_data\/activities\.csv:\d+:\d+: activities\[\d\]\.(phase|status\.light): /.test(l))).toBe(true);
  });

  it('warns about a milestones file without its activities file', async () => {
    const dir = project({ '_data/activities.milestones.csv': 'Aktivität;Meilenstein;Termin\r\n', '_data/activities.yaml': '- { id: x, title: X, category: other }\n' });
    const r = await validate(dir);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual(['_data/activities.milestones.csv:1:1: warning: _data/activities.milestones.csv is not read: it holds the milestones of activities.csv, and there is no activities.csv']);
  });
});

describe('a workbook in another format', () => {
  it('is not read, with a warning that says how to save it (LibreOffice saves .ods by default)', async () => {
    const xlsx = await workbook([{ sheet: 'Aktivitäten', data: good }]);
    const dir = project({ '_data/activities.ods': xlsx, '_data/activities.xls': xlsx, '_data/~$activities.xlsx': 'lock' });
    const r = await validate(dir);
    expect(r.code).toBe(0);
    const own = lines(r.stderr).filter((l) => l.startsWith('_data/'));
    expect(own).toEqual([
      '_data/activities.ods:1:1: warning: _data/activities.ods is not read: ratsdeck reads workbooks as .xlsx and lists as .csv (save it in Excel or LibreOffice as an .xlsx workbook (Excel-Arbeitsmappe), without macros)',
      '_data/activities.xls:1:1: warning: _data/activities.xls is not read: ratsdeck reads workbooks as .xlsx and lists as .csv (save it in Excel or LibreOffice as an .xlsx workbook (Excel-Arbeitsmappe), without macros)',
    ]);
  });
});

describe('a workbook of one\'s own, mapped in ratsdeck.yaml', () => {
  const MAPPING = `sources:
  activities:
    file: _data/Projektliste.xlsx
    sheet: Maßnahmen
    headerRow: 3
    columns: { id: Kürzel, title: Maßnahme, responsible: Federführung, status.light: Ampel, budget.plan: Budget 2021 }
    defaults: { category: administration }
`;
  const own = async () =>
    workbook([
      { sheet: 'Deckblatt', data: [['Digitalisierungsprojekte']] },
      {
        sheet: 'Maßnahmen',
        data: [['Projektliste'], [], ['Kürzel', 'Maßnahme', 'Federführung', 'Ampel', 'Budget 2021', 'Bemerkung', 'Öffentlich'], ['ozg', 'Online-Dienste', '10-Hauptamt', 'yellow', 450000, 'intern: nicht zeigen', null], ['vergabe', 'Vergabe', '20-Kämmerei', 'red', 1000, null, 'nein']],
      },
    ]);

  it('reads the sheet as it is: its own titles, header row, defaults; the Öffentlich column counts', async () => {
    const dir = project({ '_data/Projektliste.xlsx': await own() }, MAPPING);
    const r = await validate(dir);
    expect(r.stderr).toBe('1 of 1 deck valid\n');
    const loaded = loadDeck(join(dir, 'sitzung.yaml'));
    expect((loaded.raw!.value as { activities: unknown }).activities).toEqual([
      { id: 'ozg', title: 'Online-Dienste', responsible: '10-Hauptamt', status: { light: 'yellow' }, budget: { plan: 450000 }, category: 'administration' },
      { id: 'vergabe', title: 'Vergabe', responsible: '20-Kämmerei', status: { light: 'red' }, budget: { plan: 1000 }, public: false, category: 'administration' },
    ]);
    expect(loaded.raw!.locate(['activities', 1, 'status', 'light'])).toMatchObject({ cell: 'Maßnahmen!D5' });
    // A default's position is its line in ratsdeck.yaml.
    expect(loaded.raw!.locate(['activities', 0, 'category'])).toMatchObject({ file: join(dir, 'ratsdeck.yaml'), line: 10 });
  });

  it('says at the mapping what is not in the sheet', async () => {
    const dir = project({ '_data/Projektliste.xlsx': await own() }, MAPPING.replace('title: Maßnahme', 'title: Massnahme').replace('sheet: Maßnahmen', 'sheet: Massnahmen'));
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual(['ratsdeck.yaml:7:12: the workbook Projektliste.xlsx has no sheet "Massnahmen" (did you mean "Maßnahmen"? (the sheets are "Deckblatt", "Maßnahmen"))']);
    const dir2 = project({ '_data/Projektliste.xlsx': await own() }, MAPPING.replace('title: Maßnahme', 'title: Massnahme'));
    expect(lines((await validate(dir2)).stderr)).toEqual([
      'ratsdeck.yaml:9:35: no column "Massnahme" in row 3 of the sheet Maßnahmen (the columns there are "Kürzel", "Maßnahme", "Federführung", "Ampel", "Budget 2021", "Bemerkung", "Öffentlich")',
    ]);
  });

  it('is an error beside _data/activities.yaml, and the mapped file is not read a second time as _data/Projektliste', async () => {
    const dir = project({ '_data/Projektliste.xlsx': await own(), '_data/activities.yaml': '- { id: x, title: X, category: other }\n' }, MAPPING);
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toContain('set by two sources: _data/activities.yaml and sources.activities in ratsdeck.yaml (_data/Projektliste.xlsx)');
    expect(r.stderr).not.toContain('Projektliste.xlsx is not read');
  });

  it('reads the LibreOffice fixture (title rows, a cover sheet, German words) with its cells', () => {
    const loaded = loadDeck(join(FIX, 'mapped', 'sitzung.yaml'));
    expect(loaded.problems).toEqual([]);
    const acts = (loaded.raw!.value as { activities: Record<string, unknown>[] }).activities;
    expect(acts.map((a) => [a.id, (a.status as { light: string }).light, a.end, (a.budget as { plan: number }).plan])).toEqual([
      ['ozg', 'gelb', '2022-12-31', 450000],
      ['e-akte', 'grün', '2023-12-31', 120000],
      ['ris', 'rot', '2022-06-30', 80000],
    ]);
    expect(loaded.raw!.locate(['activities', 2, 'status', 'label'])).toMatchObject({ cell: 'Maßnahmen!E6' });
  });

  it('reads a milestones sheet of its own, mapped too', async () => {
    const buf = await workbook([
      { sheet: 'Maßnahmen', data: [[], [], ['Kürzel', 'Maßnahme', 'Federführung', 'Ampel', 'Budget 2021'], ['ozg', 'Online-Dienste', '10-Hauptamt', 'yellow', 450000]] },
      { sheet: 'Termine', data: [['Projekt', 'Was', 'Bis wann', 'Öffentlich'], ['ozg', 'Gewerbeanmeldung online', date(2021, 3, 31), null], ['ozg', 'Vergabe', date(2021, 10, 1), 'nein']] },
    ]);
    const dir = project({ '_data/Projektliste.xlsx': buf }, MAPPING + '    milestones: { sheet: Termine, columns: { activity: Projekt, title: Was, due: Bis wann } }\n');
    expect((await validate(dir)).stderr).toBe('1 of 1 deck valid\n');
    const loaded = loadDeck(join(dir, 'sitzung.yaml'));
    expect((loaded.raw!.value as { activities: { milestones: unknown }[] }).activities[0]!.milestones).toEqual([
      { title: 'Gewerbeanmeldung online', due: '2021-03-31' },
      { title: 'Vergabe', due: '2021-10-01', public: false },
    ]);
    expect(loaded.raw!.locate(['activities', 0, 'milestones', 1, 'due'])).toMatchObject({ cell: 'Termine!C3' });
  });

  it('belongs in ratsdeck.yaml, not in a deck', async () => {
    const dir = project({ '_data/activities.xlsx': await workbook([{ sheet: 'A', data: good }]) });
    writeFileSync(join(dir, 'sitzung.yaml'), readFileSync(join(dir, 'sitzung.yaml'), 'utf8') + 'sources: { activities: { file: x.xlsx } }\n');
    const r = await validate(dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(lines(r.stderr)).toEqual(['sitzung.yaml:7:1: sources: sources: belongs in ratsdeck.yaml: the data of a project is the same for all its decks']);
  });
});

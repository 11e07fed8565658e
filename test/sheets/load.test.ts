/**
 * Spreadsheets as data layers, from files made the way users make them (test/fixtures/sheets:
 * openpyxl writes, LibreOffice saves; CSV as a German office program exports it). These tests
 * look at the values handed to the model, before validation, so they hold whatever words the
 * model accepts (German enum words are the model's business).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors.js';
import { loadSheet } from '../../src/sheets/index.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'sheets');

const office = loadSheet({ file: join(FIX, 'office', '_data', 'activities.xlsx'), key: ['activities'] });
const activities = office.value as Record<string, unknown>[];

describe('a workbook saved by LibreOffice', () => {
  it('reads date, number, percent and formula cells, German words and booleans, lists in a cell', () => {
    expect(activities[0]).toEqual({
      id: 'ozg-online-dienste',
      title: 'Online-Dienste nach dem OZG',
      category: 'administration',
      responsible: '10-Hauptamt',
      phase: 'Umsetzung',
      status: { light: 'gelb', label: 'Verzögerung bei einzelnen Fachverfahren' },
      progress: 35,
      start: '2019-01-01',
      end: '2022-12-31',
      // 162000 is a formula's stored result (=100000+62000).
      budget: { plan: 450000, actual: 162000, year: 2021 },
      partners: ['Fachämter der Stadtverwaltung', 'Land Rheinland-Pfalz'],
      risks: ['Fachverfahren ohne Schnittstellen'],
      public: true,
      illustrative: true,
      milestones: [
        { title: 'Gewerbeanmeldung online', due: '2021-03-31', done: true },
        { title: 'SHEETLEAK-NONPUBLIC-MILESTONE', due: '2021-10-01', public: false },
      ],
      kpis: [{ name: 'Online verfügbare Leistungen', value: 38, unit: 'Leistungen', target: 120, asOf: '2021-04-30' }],
    });
    expect(activities[1]).toMatchObject({ id: 'e-akte', phase: 'Planung', status: { light: 'grün' }, progress: 10, start: '2020-01-01', end: '2023-12-31', milestones: [{ title: 'Pilotbetrieb in zwei Ämtern', due: '2021-06-30', done: true, public: true }] });
    expect(activities[2]).toMatchObject({ id: 'sheetleak-vergabe', public: false, status: { light: 'rot' } });
    expect(activities).toHaveLength(3);
  });

  it('knows the cell of every value, also on the milestones sheet', () => {
    expect(office.index.value([0, 'status', 'light'])).toMatchObject({ cell: 'Aktivitäten!F2', line: 2, col: 6 });
    expect(office.index.value([2, 'public'])).toMatchObject({ cell: 'Aktivitäten!P4' });
    expect(office.index.value([0, 'milestones', 1, 'public'])).toMatchObject({ cell: 'Meilensteine!E3' });
    expect(office.index.value([0, 'kpis', 0])).toMatchObject({ cell: 'Kennzahlen!A2' });
    expect(office.index.value([1])).toMatchObject({ cell: 'Aktivitäten!A3' });
  });

  it('does not read a column or a sheet that is no field, and says so for the column', () => {
    expect(JSON.stringify(office.value)).not.toMatch(/SHEETLEAK-(IGNORED-COLUMN|INTERNAL-SHEET)/);
    expect(office.problems.map((p) => formatProblem(p, FIX))).toEqual([
      'office/_data/activities.xlsx: Aktivitäten!R1: warning: the column "Bemerkung (intern)" is not a field of activities; it is not read (the columns ratsdeck reads are Kennung, Titel, Kategorie, Beschreibung, Federführung, Partner, Phase, Ampel, Ampeltext, Fortschritt (%), Beginn, Ende, Planansatz (€), Ist (€), Haushaltsjahr, Förderprogramm, Förderquote (%), Fördersumme (€), Haushalt: Beispieldaten, LeiKa-Schlüssel, Reifegradmodell, Reifegrad, EfA-Leistung, Risiken, Nächste Schritte, Linktitel, Link, Bild, Bildbeschreibung, Öffentlich, Beispieldaten)',
    ]);
  });
});

describe('CSV files as German office programs save them', () => {
  it.each(['csv-windows-1252', 'csv-utf8-bom'])('%s: the same values as the workbook, with milestones from activities.milestones.csv', (dir) => {
    const file = join(FIX, dir, '_data', 'activities.csv');
    const csv = loadSheet({ file, key: ['activities'], companions: [{ dataset: 'milestones', file: join(FIX, dir, '_data', 'activities.milestones.csv') }] });
    // 450.000 €, 35%, 01.01.2019 as shown in the cells; no KPIs file beside it.
    const expected = activities.map(({ kpis: _, ...a }) => a);
    expect(csv.value).toEqual(expected);
    expect(csv.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['1:166 the column "Bemerkung (intern)" is not a field of activities; it is not read']);
    // Line 3 is the second line of the quoted "Partner" cell; the cells after it are on that line.
    expect(csv.index.value([0, 'partners'])).toEqual({ file, line: 2, col: 181 });
    expect(csv.index.value([0, 'public'])).toEqual({ file, line: 3, col: 57 });
    expect(csv.index.value([1, 'id'])).toEqual({ file, line: 4, col: 1 });
    expect(csv.index.value([0, 'milestones', 1, 'public'])).toMatchObject({ file: join(FIX, dir, '_data', 'activities.milestones.csv'), line: 3 });
  });
});

describe('a formula without a calculated value (openpyxl)', () => {
  it('is an error at its cell', () => {
    const r = loadSheet({ file: join(FIX, 'formula-without-value.xlsx'), key: ['activities'] });
    expect(r.problems.map((p) => formatProblem(p, FIX))).toEqual([
      'formula-without-value.xlsx: Aktivitäten!E2: activities[0].budget.actual: the formula in this cell has no calculated value (open the file in Excel or LibreOffice and save it again, so that the results are stored with the formulas)',
    ]);
  });
});

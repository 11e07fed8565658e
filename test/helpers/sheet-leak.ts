/**
 * A project whose data comes from spreadsheets, with a unique marker (SHEETLEAK-…) in every
 * non-public row and sheet (issue 13): a non-public activity row, a non-public milestone row
 * and KPI row of a public activity, a non-public network in a CSV file, a non-public IT-Beirat
 * member and a member without consent in a workbook; plus a column and a sheet ratsdeck never
 * reads, which no build (public or not) may show.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbook } from './sheets.js';

export const SHEET_MARKERS = {
  activityTitle: 'SHEETLEAK-NONPUBLIC-ACTIVITY-TITLE',
  activityDescription: 'SHEETLEAK-NONPUBLIC-ACTIVITY-DESCRIPTION',
  activityResponsible: 'SHEETLEAK-NONPUBLIC-ACTIVITY-RESPONSIBLE',
  activityStatusLabel: 'SHEETLEAK-NONPUBLIC-STATUS-LABEL',
  activityRisk: 'SHEETLEAK-NONPUBLIC-ACTIVITY-RISK',
  milestone: 'SHEETLEAK-NONPUBLIC-MILESTONE-OF-PUBLIC-ACTIVITY',
  kpi: 'SHEETLEAK-NONPUBLIC-KPI-OF-PUBLIC-ACTIVITY',
  milestoneOfNonpublic: 'SHEETLEAK-MILESTONE-OF-NONPUBLIC-ACTIVITY',
  network: 'SHEETLEAK-NONPUBLIC-NETWORK-NAME',
  networkDescription: 'SHEETLEAK-NONPUBLIC-NETWORK-DESCRIPTION',
  memberAffiliation: 'SHEETLEAK-NONPUBLIC-MEMBER-AFFILIATION',
  noConsentName: 'SHEETLEAK-Name-Ohne-Einwilligung',
} as const;

/** Never read: not in any output, public or not. */
export const UNREAD_MARKERS = { column: 'SHEETLEAK-UNREAD-COLUMN', sheet: 'SHEETLEAK-UNREAD-SHEET' } as const;

const date = (y: number, m: number, d: number) => ({ value: new Date(Date.UTC(y, m - 1, d)), type: Date, format: 'dd.mm.yyyy' });

export async function writeSheetLeakProject(dir: string): Promise<void> {
  const M = SHEET_MARKERS;
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), 'body: { name: Stadt Beispielstadt }\ncommittees:\n  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA }\n');
  writeFileSync(
    join(dir, 'sitzung.yaml'),
    [
      'title: Digitalisierung der Verwaltung',
      'session: { committee: hfa, date: 2021-09-23, agendaItem: Ö 4 }',
      'slides:',
      '  - type: title',
      '  - type: activities',
      '  - { type: activities, view: status }',
      '  - type: activity',
      '  - { type: timeline, from: 2021-01-01, to: 2022-12-31 }',
      '  - { type: budget, year: 2021 }',
      '  - type: networks',
      '  - type: itbeirat',
      '',
    ].join('\n'),
  );
  const head = ['Kennung', 'Titel', 'Kategorie', 'Beschreibung', 'Federführung', 'Ampel', 'Ampeltext', 'Beginn', 'Ende', 'Planansatz (€)', 'Haushaltsjahr', 'Risiken', 'Öffentlich', 'Interne Notiz'];
  writeFileSync(
    join(dir, '_data', 'activities.xlsx'),
    await workbook([
      {
        sheet: 'Aktivitäten',
        data: [
          head,
          ['ozg', 'Online-Dienste der Stadt', 'administration', 'Öffentliche Beschreibung.', '10-Hauptamt', 'green', 'im Plan', date(2021, 1, 1), date(2022, 6, 30), 100000, 2021, 'Öffentliches Risiko', 'ja', UNREAD_MARKERS.column],
          ['sheetleak-vergabe', M.activityTitle, 'infrastructure', M.activityDescription, M.activityResponsible, 'red', M.activityStatusLabel, date(2021, 3, 1), date(2022, 3, 1), 987654, 2021, M.activityRisk, 'nein', null],
        ],
      },
      {
        sheet: 'Meilensteine',
        data: [
          ['Aktivität', 'Meilenstein', 'Termin', 'Erreicht', 'Öffentlich'],
          ['ozg', 'Öffentlicher Meilenstein', date(2021, 6, 30), 'x', null],
          ['ozg', M.milestone, date(2021, 9, 30), null, 'nein'],
          ['sheetleak-vergabe', M.milestoneOfNonpublic, date(2021, 12, 31), null, null],
        ],
      },
      {
        sheet: 'Kennzahlen',
        data: [
          ['Aktivität', 'Kennzahl', 'Wert', 'Öffentlich'],
          ['ozg', 'Online-Leistungen', 38, null],
          ['ozg', M.kpi, 7, 'nein'],
        ],
      },
      { sheet: 'Intern', data: [['Notiz'], [UNREAD_MARKERS.sheet]] },
    ]),
  );
  writeFileSync(
    join(dir, '_data', 'networks.csv'),
    `\ufeffKennung;Name;Beschreibung;Öffentlich\r\nr56;R56+;Regionales Netzwerk;ja\r\nsheetleak-netz;${M.network};"${M.networkDescription}; mit Semikolon";nein\r\n`,
  );
  writeFileSync(
    join(dir, '_data', 'itBeirat.xlsx'),
    await workbook([
      {
        sheet: 'Mitglieder',
        data: [
          ['Name', 'Institution', 'Einwilligung', 'Öffentlich'],
          ['Dr. Genannte Person', 'Hochschule Beispielstadt', 'ja', null],
          [M.noConsentName, 'Institut ohne Einwilligung', 'nein', null],
          ['Jemand', M.memberAffiliation, 'ja', 'nein'],
        ],
      },
    ]),
  );
}

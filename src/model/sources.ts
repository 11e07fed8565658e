/**
 * `sources:` in ratsdeck.yaml: the Amt's own workbook (or CSV file) read as it is, instead of
 * _data/<key>.yaml (issue 13): which file, which sheet, which row holds the column titles and
 * which column holds which field.
 */
import { z } from './zod.js';

const Columns = z
  .record(z.string(), z.string())
  .describe('Feld → Spaltentitel in Ihrer Tabelle, z. B. { title: Maßnahme, responsible: Federführung, status.light: Ampel }');

const SheetMapping = z.strictObject({
  file: z.string().optional().describe('Eigene Datei für dieses Blatt (.xlsx oder .csv), relativ zu ratsdeck.yaml'),
  sheet: z
    .union([z.string(), z.number().int().min(1)])
    .optional()
    .describe('Blatt: Name oder Nummer (1 = erstes Blatt)'),
  headerRow: z.number().int().min(1).optional().describe('Zeile mit den Spaltentiteln (Standard: 1)'),
  columns: Columns.optional(),
});

export const Source = z
  .strictObject({
    file: z.string().describe('Die Tabelle (.xlsx oder .csv), relativ zu ratsdeck.yaml, z. B. _data/Projektliste.xlsx'),
    sheet: SheetMapping.shape.sheet,
    headerRow: SheetMapping.shape.headerRow,
    columns: Columns.optional(),
    defaults: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Werte für jede Zeile, die die Tabelle nicht hat, z. B. { category: administration }'),
    milestones: SheetMapping.optional().describe('Das Blatt mit den Meilensteinen (Spalte activity/Aktivität: die Kennung)'),
    kpis: SheetMapping.optional().describe('Das Blatt mit den Kennzahlen (Spalte activity/Aktivität: die Kennung)'),
  })
  .describe('Eine eigene Tabelle als Datenquelle');

export const Sources = z
  .strictObject({
    activities: Source.optional().describe('Aktivitäten aus einer eigenen Tabelle (statt _data/activities.yaml)'),
    networks: Source.optional().describe('Netzwerke aus einer eigenen Tabelle'),
    'itBeirat.members': Source.optional().describe('Mitglieder des IT-Beirats'),
    'itBeirat.meetings': Source.optional().describe('Sitzungen des IT-Beirats'),
    'itBeirat.recommendations': Source.optional().describe('Empfehlungen des IT-Beirats'),
  })
  .describe('Datenquellen aus Tabellen (nur in ratsdeck.yaml): welche Datei, welches Blatt, welche Spalte welches Feld enthält');

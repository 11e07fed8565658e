/**
 * The one table of spreadsheet columns: for each kind of row (activities, milestones, …) the
 * model's key in dotted form, the German column title, how a cell is read, a description and
 * an example. The reader matches headers against it and `ratsdeck template` writes it, so the
 * two never disagree (issue 13).
 *
 * Enum columns list the model's own values; German words for them (gelb, Umsetzung) are the
 * model's business (one owner for YAML and spreadsheets), the reader passes them on as text.
 */
import { CATEGORIES, LIGHTS, PHASES, RECOMMENDATION_STATUSES } from '../model/schema.js';

/**
 * How a cell is read. text: any text (a number cell becomes its digits); id: text without
 * spaces around; enum: text, checked by the model; date: a date cell, 2025-03-18 or 18.03.2025;
 * number/int/percent: a number cell or German text (1.234,50 · 45 %); bool: ja/nein, x/empty,
 * 1/0, wahr/falsch, true/false; lines: one item per line in the cell; items: one per line or
 * separated by `;`; version: a number written with one decimal ("1.1", "2.0").
 */
export type Kind = 'text' | 'id' | 'enum' | 'date' | 'number' | 'int' | 'percent' | 'bool' | 'lines' | 'items' | 'version';

export type ExampleValue = string | number | boolean | Date;

export interface Column {
  /** The model's key, dotted: `status.light`; `links.title` is the first link's title (`links.2.title` the second). */
  key: string;
  /** The German column title that `ratsdeck template` writes and the reader accepts. */
  title: string;
  kind: Kind;
  /** What goes into the column (German, for the explanation sheet). */
  description: string;
  /** The example row's value. */
  example?: ExampleValue;
  /** Allowed values (enum columns). */
  values?: readonly string[];
  /** The model requires the field. */
  required?: boolean;
}

export type DatasetName = 'activities' | 'milestones' | 'kpis' | 'networks' | 'members' | 'meetings' | 'recommendations';

export interface Dataset {
  name: DatasetName;
  /** The sheet's name in the template (and a name the reader recognises). */
  sheet: string;
  /** Sheet names that hold this kind of row (compared without case). */
  sheetNames: readonly string[];
  columns: readonly Column[];
  /** Rows that belong to an activity: the column with its id, and the list they go into. */
  parent?: { column: string; into: 'milestones' | 'kpis' };
}

const PUBLIC: Column = {
  key: 'public',
  title: 'Öffentlich',
  kind: 'bool',
  description: 'nein = nichtöffentlich: erscheint nur in nichtöffentlichen Ausgaben. Leer = öffentlich.',
  example: 'ja',
};
const ILLUSTRATIVE: Column = {
  key: 'illustrative',
  title: 'Beispieldaten',
  kind: 'bool',
  description: 'ja = Beispieldaten (nicht aus einer Vorlage belegt); wird auf der Folie gekennzeichnet.',
};

const ACTIVITY_ID: Column = {
  key: 'activity',
  title: 'Aktivität',
  kind: 'id',
  description: 'Kennung der Aktivität (Spalte „Kennung“ im Blatt Aktivitäten), zu der die Zeile gehört.',
  example: 'ozg-online-dienste',
  required: true,
};

export const ACTIVITIES: Dataset = {
  name: 'activities',
  sheet: 'Aktivitäten',
  sheetNames: ['activities', 'Aktivitäten'],
  columns: [
    { key: 'id', title: 'Kennung', kind: 'id', required: true, example: 'ozg-online-dienste', description: 'Eindeutige Kennung: Buchstaben, Ziffern, „-“ und „_“. Bleibt von Sitzung zu Sitzung gleich.' },
    { key: 'title', title: 'Titel', kind: 'text', required: true, example: 'Online-Dienste nach dem Onlinezugangsgesetz (OZG)', description: 'Titel der Aktivität.' },
    { key: 'category', title: 'Kategorie', kind: 'enum', values: CATEGORIES, required: true, example: 'administration', description: 'Kategorie der Aktivität.' },
    { key: 'description', title: 'Beschreibung', kind: 'text', example: 'Die Stadtverwaltung bietet ihre Leistungen schrittweise auch online an.', description: 'Beschreibung (Markdown: **fett**, Listen; HTML wird nicht übernommen).' },
    { key: 'responsible', title: 'Federführung', kind: 'text', example: '10-Hauptamt', description: 'Federführendes Amt.' },
    { key: 'partners', title: 'Partner', kind: 'items', example: 'Fachämter der Stadtverwaltung; Land Rheinland-Pfalz', description: 'Beteiligte, getrennt durch „;“ oder je eine Zeile in der Zelle.' },
    { key: 'phase', title: 'Phase', kind: 'enum', values: PHASES, example: 'implementation', description: 'Phase der Aktivität.' },
    { key: 'status.light', title: 'Ampel', kind: 'enum', values: LIGHTS, example: 'yellow', description: 'Status als Ampel (Grau = nicht bewertet).' },
    { key: 'status.label', title: 'Ampeltext', kind: 'text', example: 'Verzögerung bei einzelnen Fachverfahren', description: 'Text zur Ampel, z. B. „im Plan“: die Farbe allein trägt nie die Bedeutung.' },
    { key: 'progress', title: 'Fortschritt (%)', kind: 'percent', example: 35, description: 'Fortschritt in Prozent (0–100).' },
    { key: 'start', title: 'Beginn', kind: 'date', example: new Date(Date.UTC(2019, 0, 1)), description: 'Beginn als Datum (Datumszelle, 18.03.2025 oder 2025-03-18).' },
    { key: 'end', title: 'Ende', kind: 'date', example: new Date(Date.UTC(2022, 11, 31)), description: 'Geplantes Ende als Datum.' },
    { key: 'budget.plan', title: 'Planansatz (€)', kind: 'number', example: 450000, description: 'Planansatz in Euro.' },
    { key: 'budget.actual', title: 'Ist (€)', kind: 'number', example: 162000, description: 'Ist in Euro.' },
    { key: 'budget.year', title: 'Haushaltsjahr', kind: 'int', example: 2021, description: 'Haushaltsjahr von Plan und Ist.' },
    { key: 'budget.funding.programme', title: 'Förderprogramm', kind: 'text', example: 'Landesmittel zur OZG-Umsetzung', description: 'Förderprogramm (ein zweites: Spalten „Förderprogramm 2“, „Förderquote (%) 2“ …).' },
    { key: 'budget.funding.rate', title: 'Förderquote (%)', kind: 'percent', example: 50, description: 'Förderquote in Prozent.' },
    { key: 'budget.funding.amount', title: 'Fördersumme (€)', kind: 'number', example: 90000, description: 'Fördersumme in Euro.' },
    { key: 'budget.illustrative', title: 'Haushalt: Beispieldaten', kind: 'bool', description: 'ja = die Haushaltszahlen sind Beispieldaten.' },
    { key: 'ozg.leikaKey', title: 'LeiKa-Schlüssel', kind: 'text', example: '99050012104000', description: 'LeiKa-Schlüssel der OZG-Leistung (14 Ziffern).' },
    { key: 'ozg.maturity.model', title: 'Reifegradmodell', kind: 'version', values: ['1.1', '2.0'], example: '1.1', description: 'OZG-Reifegradmodell: 1.1 (Stufen 0–4) oder 2.0 (Stufen 0–7).' },
    { key: 'ozg.maturity.level', title: 'Reifegrad', kind: 'int', example: 2, description: 'OZG-Reifegrad (Stufe).' },
    { key: 'ozg.efa', title: 'EfA-Leistung', kind: 'bool', example: 'nein', description: 'ja = Einer-für-Alle-Leistung.' },
    { key: 'risks', title: 'Risiken', kind: 'lines', example: 'Fachverfahren ohne Schnittstellen', description: 'Risiken, je eine Zeile in der Zelle (Alt+Eingabe).' },
    { key: 'nextSteps', title: 'Nächste Schritte', kind: 'lines', example: 'Anbindung an das Nutzerkonto', description: 'Nächste Schritte, je eine Zeile in der Zelle.' },
    { key: 'links.title', title: 'Linktitel', kind: 'text', example: 'OZG-Informationsplattform', description: 'Titel eines Links (ein zweiter: „Linktitel 2“, „Link 2“).' },
    { key: 'links.url', title: 'Link', kind: 'text', example: 'https://www.onlinezugangsgesetz.de', description: 'Adresse des Links (https://…).' },
    { key: 'image.src', title: 'Bild', kind: 'text', description: 'Pfad zu einer Bilddatei, relativ zu dieser Tabelle.' },
    { key: 'image.alt', title: 'Bildbeschreibung', kind: 'text', description: 'Alternativtext zum Bild (Pflicht, wenn es ein Bild gibt).' },
    { ...PUBLIC },
    { ...ILLUSTRATIVE, example: 'ja' },
  ],
};

export const MILESTONES: Dataset = {
  name: 'milestones',
  sheet: 'Meilensteine',
  sheetNames: ['milestones', 'Meilensteine'],
  parent: { column: 'activity', into: 'milestones' },
  columns: [
    ACTIVITY_ID,
    { key: 'title', title: 'Meilenstein', kind: 'text', required: true, example: 'Gewerbeanmeldung online', description: 'Bezeichnung des Meilensteins.' },
    { key: 'due', title: 'Termin', kind: 'date', required: true, example: new Date(Date.UTC(2021, 2, 31)), description: 'Termin als Datum.' },
    { key: 'done', title: 'Erreicht', kind: 'bool', example: 'x', description: 'x oder ja = erreicht.' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const KPIS: Dataset = {
  name: 'kpis',
  sheet: 'Kennzahlen',
  sheetNames: ['kpis', 'Kennzahlen'],
  parent: { column: 'activity', into: 'kpis' },
  columns: [
    ACTIVITY_ID,
    { key: 'name', title: 'Kennzahl', kind: 'text', required: true, example: 'Online verfügbare Leistungen', description: 'Bezeichnung der Kennzahl.' },
    { key: 'value', title: 'Wert', kind: 'number', required: true, example: 38, description: 'Aktueller Wert.' },
    { key: 'unit', title: 'Einheit', kind: 'text', example: 'Leistungen', description: 'Einheit, z. B. „%“ oder „Leistungen“.' },
    { key: 'target', title: 'Zielwert', kind: 'number', example: 120, description: 'Zielwert.' },
    { key: 'asOf', title: 'Stand', kind: 'date', example: new Date(Date.UTC(2021, 3, 30)), description: 'Stand als Datum.' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const NETWORKS: Dataset = {
  name: 'networks',
  sheet: 'Netzwerke',
  sheetNames: ['networks', 'Netzwerke'],
  columns: [
    { key: 'id', title: 'Kennung', kind: 'id', required: true, example: 'r56plus', description: 'Eindeutige Kennung: Buchstaben, Ziffern, „-“ und „_“.' },
    { key: 'name', title: 'Name', kind: 'text', required: true, example: 'R56+', description: 'Name des Netzwerks.' },
    { key: 'kind', title: 'Art', kind: 'text', example: 'Regionales Netzwerk', description: 'Art, z. B. Verein, Initiative, Netzwerk.' },
    { key: 'role', title: 'Rolle der Stadt', kind: 'text', example: 'Mitglied', description: 'Rolle der Stadt, z. B. Mitglied, Gründungsmitglied.' },
    { key: 'since', title: 'Seit', kind: 'int', example: 2017, description: 'Seit (Jahr).' },
    { key: 'description', title: 'Beschreibung', kind: 'text', description: 'Beschreibung (Markdown).' },
    { key: 'url', title: 'Link', kind: 'text', description: 'Adresse der Website (https://…).' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const MEMBERS: Dataset = {
  name: 'members',
  sheet: 'Mitglieder',
  sheetNames: ['members', 'Mitglieder'],
  columns: [
    { key: 'id', title: 'Kennung', kind: 'id', description: 'Kennung des Mitglieds (optional).' },
    { key: 'name', title: 'Name', kind: 'text', example: 'Prof. Dr. Beispiel', description: 'Name; erscheint nur mit Einwilligung.' },
    { key: 'affiliation', title: 'Institution', kind: 'text', required: true, example: 'Universität Koblenz', description: 'Institution.' },
    { key: 'role', title: 'Rolle', kind: 'text', example: 'Vorsitz', description: 'Rolle im Beirat.' },
    { key: 'since', title: 'Seit', kind: 'int', description: 'Seit (Jahr).' },
    { key: 'consent', title: 'Einwilligung', kind: 'bool', example: 'ja', description: 'ja = der Name darf veröffentlicht werden (Einwilligung liegt vor).' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const MEETINGS: Dataset = {
  name: 'meetings',
  sheet: 'Sitzungen',
  sheetNames: ['meetings', 'Sitzungen'],
  columns: [
    { key: 'date', title: 'Datum', kind: 'date', required: true, example: new Date(Date.UTC(2020, 8, 17)), description: 'Datum der Sitzung.' },
    { key: 'topics', title: 'Themen', kind: 'items', example: 'Stand der OZG-Umsetzung', description: 'Themen, getrennt durch „;“ oder je eine Zeile in der Zelle.' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const RECOMMENDATIONS: Dataset = {
  name: 'recommendations',
  sheet: 'Empfehlungen',
  sheetNames: ['recommendations', 'Empfehlungen'],
  columns: [
    { key: 'id', title: 'Kennung', kind: 'id', required: true, example: 'r-2020-01', description: 'Eindeutige Kennung.' },
    { key: 'date', title: 'Datum', kind: 'date', required: true, example: new Date(Date.UTC(2020, 8, 17)), description: 'Datum der Empfehlung.' },
    { key: 'title', title: 'Titel', kind: 'text', required: true, example: 'Informationssicherheitskonzept für Online-Dienste', description: 'Titel der Empfehlung.' },
    { key: 'text', title: 'Text', kind: 'text', description: 'Wortlaut (Markdown).' },
    { key: 'activities', title: 'Aktivitäten', kind: 'items', example: 'ozg-online-dienste', description: 'Kennungen der betroffenen Aktivitäten, getrennt durch „;“.' },
    { key: 'status', title: 'Umsetzungsstand', kind: 'enum', values: RECOMMENDATION_STATUSES, required: true, example: 'implemented', description: 'Umsetzungsstand der Empfehlung.' },
    { key: 'response', title: 'Stellungnahme', kind: 'text', description: 'Stellungnahme der Verwaltung (Markdown).' },
    { key: 'statusDate', title: 'Stand', kind: 'date', description: 'Stand des Umsetzungsstands.' },
    PUBLIC,
    ILLUSTRATIVE,
  ],
};

export const DATASETS: Record<DatasetName, Dataset> = {
  activities: ACTIVITIES,
  milestones: MILESTONES,
  kpis: KPIS,
  networks: NETWORKS,
  members: MEMBERS,
  meetings: MEETINGS,
  recommendations: RECOMMENDATIONS,
};

/**
 * What a spreadsheet under a _data key holds: its main rows (the first sheet, or the only
 * sheet of a CSV) and the sheets found by name. `_data/itBeirat.xlsx` has no main rows: each
 * sheet is found by its name and sets its own key (members, meetings, recommendations).
 */
export interface SheetSource {
  main?: Dataset;
  /** Further sheets by name, with the key (inside the file's value) their rows go to. */
  named: { dataset: Dataset; key?: string }[];
}

export function sourceForKey(key: readonly string[]): SheetSource | undefined {
  const k = key.join('.');
  if (k === 'activities') return { main: ACTIVITIES, named: [{ dataset: MILESTONES }, { dataset: KPIS }] };
  if (k === 'networks') return { main: NETWORKS, named: [] };
  if (k === 'itBeirat') {
    return { named: [{ dataset: MEMBERS, key: 'members' }, { dataset: MEETINGS, key: 'meetings' }, { dataset: RECOMMENDATIONS, key: 'recommendations' }] };
  }
  if (k === 'itBeirat.members') return { main: MEMBERS, named: [] };
  if (k === 'itBeirat.meetings') return { main: MEETINGS, named: [] };
  if (k === 'itBeirat.recommendations') return { main: RECOMMENDATIONS, named: [] };
  return undefined;
}

/** The keys a spreadsheet can stand for (a _data file's key, or a `sources:` entry). */
export const SHEET_KEYS = ['activities', 'networks', 'itBeirat', 'itBeirat.members', 'itBeirat.meetings', 'itBeirat.recommendations'] as const;

/** CSV companions of a CSV file: `activities.milestones.csv` beside `activities.csv`. */
export const CSV_COMPANIONS: Partial<Record<string, readonly DatasetName[]>> = { activities: ['milestones', 'kpis'] };

/**
 * `ratsdeck template`: a ready workbook (or CSV file) for one kind of rows, from the one table
 * of columns (columns.ts): German column titles, an example row, a drop-down list of the
 * allowed values where a column has them, and a sheet that explains every column. The only
 * importer of `write-excel-file`.
 */
import type { SheetData } from 'write-excel-file/node';
import { ACTIVITIES, DATASETS, KPIS, MEETINGS, MEMBERS, MILESTONES, RECOMMENDATIONS, type Column, type Dataset, type DatasetName, type ExampleValue } from './columns.js';
import { columnLetters } from './grid.js';
import { acceptedWords, vocabularyOf } from '../model/words.js';

/** What `ratsdeck template <name>` can write. */
export const TEMPLATE_NAMES = ['activities', 'milestones', 'kpis', 'networks', 'itBeirat', 'members', 'meetings', 'recommendations'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The sheets of a template workbook. */
function sheetsOf(name: TemplateName): Dataset[] {
  if (name === 'activities') return [ACTIVITIES, MILESTONES, KPIS];
  if (name === 'itBeirat') return [MEMBERS, MEETINGS, RECOMMENDATIONS];
  return [DATASETS[name as DatasetName]];
}

/**
 * The German word people write for a closed list's value (Gelb, Umsetzung): what the template
 * offers and shows as its example; the model reads it and the English value alike.
 */
function word(column: Column, value: string): string {
  const vocab = column.values && vocabularyOf(column.values);
  return (vocab && acceptedWords(vocab, value)[0]) ?? value;
}

/** The example value as the template writes it (a closed list's German word). */
function example(column: Column): ExampleValue | undefined {
  return column.kind === 'enum' && typeof column.example === 'string' ? word(column, column.example) : column.example;
}

/** Drop-down lists: the allowed values (their German words), and ja/nein for yes/no columns. */
export function choices(column: Column): readonly string[] | undefined {
  if (column.values) return column.values.map((v) => word(column, v));
  if (column.kind === 'bool') return ['ja', 'nein'];
  return undefined;
}

const BOOL_HELP = 'ja oder nein (auch x oder leer, 1 oder 0, wahr oder falsch)';

function allowedText(column: Column): string {
  if (column.values) {
    const german = column.values.map((v) => word(column, v)).join(', ');
    const english = column.values.join(', ');
    return german === english ? english : `${german} (auch ${english})`;
  }
  switch (column.kind) {
    case 'bool':
      return BOOL_HELP;
    case 'date':
      return 'Datumszelle, 18.03.2025 oder 2025-03-18';
    case 'number':
      return 'Zahlenzelle oder Zahl wie 1.234,50';
    case 'int':
      return 'ganze Zahl';
    case 'percent':
      return 'Zahl von 0 bis 100, auch „45 %“';
    case 'id':
      return 'Buchstaben, Ziffern, „-“ und „_“';
    case 'lines':
      return 'eine Angabe je Zeile in der Zelle';
    case 'items':
      return 'getrennt durch „;“ oder je eine Zeile';
    default:
      return 'Text';
  }
}

const HEADER = { fontWeight: 'bold', backgroundColor: '#DCE6F1', wrap: true, alignVertical: 'top' } as const;

function exampleCell(column: Column) {
  const v = example(column);
  if (v === undefined) return null;
  if (v instanceof Date) return { value: v, type: Date, format: 'dd.mm.yyyy' };
  return { value: v };
}

/** Inserts data validation lists into a worksheet's XML, where the format wants them. */
function validations(lists: Map<number, { sqref: string; values: readonly string[] }[]>) {
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml: string, _options: unknown, props: { sheetIndex: number }) => {
            const own = lists.get(props.sheetIndex);
            if (!own?.length) return xml;
            const body = own
              .map((l) => `<dataValidation type="list" allowBlank="1" showErrorMessage="0" showInputMessage="0" sqref="${l.sqref}"><formula1>"${l.values.join(',').replace(/&/g, '&amp;').replace(/"/g, '""').replace(/</g, '&lt;')}"</formula1></dataValidation>`)
              .join('');
            const markup = `<dataValidations count="${own.length}">${body}</dataValidations>`;
            // Elements that must follow <dataValidations> in a worksheet (ECMA-376 part 1, 18.3.1.99).
            const after = /<(hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/.exec(xml);
            return after ? xml.slice(0, after.index) + markup + xml.slice(after.index) : xml;
          },
        },
      },
    },
  };
}

/** The explanation sheet's column widths, in characters. */
const HELP_WIDTHS = [16, 24, 26, 8, 60, 40, 30];

/** Rows that a list of values may be chosen for (the example row and the rows below it). */
const LIST_ROWS = 1000;

/** The template workbook for `name`: a sheet per kind of row, each with its example row, and the explanation. */
export async function templateWorkbook(name: TemplateName): Promise<Buffer> {
  const datasets = sheetsOf(name);
  const lists = new Map<number, { sqref: string; values: readonly string[] }[]>();
  const sheets: { data: SheetData; sheet: string; columns: { width: number }[]; stickyRowsCount: number; orientation: 'landscape' }[] = datasets.map((d, i) => {
    const own: { sqref: string; values: readonly string[] }[] = [];
    d.columns.forEach((c, j) => {
      const values = choices(c);
      // An inline list holds at most 255 characters.
      if (values && values.join(',').length <= 255) own.push({ sqref: `${columnLetters(j)}2:${columnLetters(j)}${LIST_ROWS}`, values });
    });
    lists.set(i, own);
    return {
      sheet: d.sheet,
      data: [d.columns.map((c) => ({ value: c.title, ...HEADER })), d.columns.map(exampleCell)] as SheetData,
      columns: d.columns.map((c) => ({ width: Math.min(40, Math.max(12, c.title.length + 2, String(example(c) ?? '').length > 40 ? 40 : String(example(c) ?? '').length + 2)) })),
      stickyRowsCount: 1,
      orientation: 'landscape',
    };
  });
  const help: SheetData = [
    ['Blatt', 'Spalte', 'Schlüssel', 'Pflicht', 'Beschreibung', 'Erlaubte Werte', 'Beispiel'].map((value) => ({ value, ...HEADER })),
    ...datasets.flatMap((d) =>
      d.columns.map((c) => {
        const row = [d.sheet, c.title, c.key, c.required ? 'ja' : '', c.description, allowedText(c), helpExample(example(c))];
        // Wrapped text needs its rows' height: LibreOffice keeps the default height and sets the lines over the next rows.
        const height = Math.max(...row.map((v, k) => Math.ceil((v.length * 1.1) / HELP_WIDTHS[k]!))) * 13;
        return row.map((value) => ({ value, wrap: true, alignVertical: 'top' as const, height }));
      }),
    ),
    [],
    [{ value: `Die erste Zeile jedes Blattes enthält die Spaltentitel (deutsch wie hier oder die Schlüssel). Weitere Spalten und Blätter liest ratsdeck nicht. Nichtöffentliche Zeilen: Spalte „Öffentlich“ = nein.`, wrap: false }],
  ] as SheetData;
  sheets.push({ sheet: 'Erläuterung', data: help, columns: HELP_WIDTHS.map((width) => ({ width })), stickyRowsCount: 1, orientation: 'landscape' });
  // Loaded when a workbook is written, not by every command that reads the project (issue 15).
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  return writeXlsxFile(sheets, { fontFamily: 'Arial', fontSize: 10, features: [validations(lists)] }).toBuffer();
}

function helpExample(v: ExampleValue | undefined): string {
  if (v === undefined) return '';
  return v instanceof Date ? v.toISOString().slice(0, 10).split('-').reverse().join('.') : String(v);
}

function csvField(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvValue(v: ExampleValue | undefined): string {
  if (v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10).split('-').reverse().join('.');
  if (typeof v === 'number') return String(v).replace('.', ',');
  return String(v);
}

/** The template as CSV the way German Excel saves it: UTF-8 with BOM, `;`, CRLF. */
export function templateCsv(name: Exclude<TemplateName, 'itBeirat'>): string {
  const d = DATASETS[name];
  const lines = [d.columns.map((c) => csvField(c.title)), d.columns.map((c) => csvField(csvValue(example(c))))];
  return '\ufeff' + lines.map((l) => l.join(';')).join('\r\n') + '\r\n';
}

/**
 * Workbooks and CSV files the way people make them, for tests: write-excel-file with real date
 * and number cells, German booleans (ja/nein, x), one item per line in list cells.
 */
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { ACTIVITIES, DATASETS, type Column, type Dataset } from '../../src/sheets/index.js';

type Item = Record<string, unknown>;

const LIST_PARENTS = ['budget.funding', 'links'];

function get(item: Item, path: (string | number)[]): unknown {
  let v: unknown = item;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** The columns for these items: every column of the table, numbered ones for second list entries. */
function columnsFor(dataset: Dataset, items: Item[]): { title: string; column: Column; path: (string | number)[] }[] {
  const out: { title: string; column: Column; path: (string | number)[] }[] = [];
  for (const column of dataset.columns) {
    const parent = LIST_PARENTS.find((p) => column.key.startsWith(`${p}.`));
    if (!parent) {
      out.push({ title: column.title, column, path: column.key.split('.') });
      continue;
    }
    const most = Math.max(1, ...items.map((i) => ((get(i, parent.split('.')) as unknown[] | undefined) ?? []).length));
    for (let n = 0; n < most; n++) {
      out.push({ title: n ? `${column.title} ${n + 1}` : column.title, column, path: [...parent.split('.'), n, ...column.key.slice(parent.length + 1).split('.')] });
    }
  }
  return out;
}

export function cellOf(column: Column, v: unknown): SheetData[number][number] {
  if (v === undefined || v === null) return null;
  switch (column.kind) {
    case 'date':
      return { value: new Date(`${String(v)}T00:00:00Z`), type: Date, format: 'dd.mm.yyyy' };
    case 'bool':
      return column.key === 'done' ? (v ? 'x' : null) : v ? 'ja' : 'nein';
    case 'lines':
      return (v as string[]).join('\n');
    case 'items':
      return (v as string[]).join('; ');
    default:
      return v as string | number;
  }
}

export function sheetOf(dataset: Dataset, items: Item[], extra?: (item: Item) => SheetData[number]): SheetData {
  const cols = columnsFor(dataset, items);
  return [cols.map((c) => c.title), ...items.map((item) => [...cols.map((c) => cellOf(c.column, get(item, c.path))), ...(extra?.(item) ?? [])])];
}

/** An activities workbook with the sheets Aktivitäten, Meilensteine and Kennzahlen. */
export async function activitiesWorkbook(activities: Item[]): Promise<Buffer> {
  const child = (name: 'milestones' | 'kpis') => {
    const rows = activities.flatMap((a) => ((a[name] as Item[] | undefined) ?? []).map((m) => ({ activity: a.id, ...m })));
    return sheetOf(DATASETS[name], rows);
  };
  const main = activities.map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'milestones' && k !== 'kpis')));
  return writeXlsxFile([
    { data: sheetOf(ACTIVITIES, main), sheet: 'Aktivitäten' },
    { data: child('milestones'), sheet: 'Meilensteine' },
    { data: child('kpis'), sheet: 'Kennzahlen' },
  ]).toBuffer();
}

/** Any sheets. */
export async function workbook(sheets: { sheet: string; data: SheetData }[]): Promise<Buffer> {
  return writeXlsxFile(sheets).toBuffer();
}

/** A field as German Excel writes it into a CSV file: 1.234,5 · 18.03.2025 · "…" around ; and line breaks. */
export function csvFieldOf(column: Column, v: unknown): string {
  if (v === undefined || v === null) return '';
  let s: string;
  switch (column.kind) {
    case 'date':
      s = String(v).split('-').reverse().join('.');
      break;
    case 'number':
    case 'int':
      s = typeof v === 'number' ? new Intl.NumberFormat('de-DE', { useGrouping: column.kind === 'number' }).format(v) : String(v);
      break;
    case 'percent':
      s = `${new Intl.NumberFormat('de-DE').format(v as number)} %`;
      break;
    case 'bool':
      s = column.key === 'done' ? (v ? 'x' : '') : v ? 'ja' : 'nein';
      break;
    case 'lines':
      s = (v as string[]).join('\r\n');
      break;
    case 'items':
      s = (v as string[]).join('; ');
      break;
    default:
      s = String(v);
  }
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV text (CRLF, `;`) of the items. */
export function csvOf(dataset: Dataset, items: Item[]): string {
  const cols = columnsFor(dataset, items);
  const lines = [cols.map((c) => c.title).join(';'), ...items.map((item) => cols.map((c) => csvFieldOf(c.column, get(item, c.path))).join(';'))];
  return lines.join('\r\n') + '\r\n';
}

/** activities.csv and its companions activities.milestones.csv and activities.kpis.csv. */
export function activitiesCsv(activities: Item[]): Record<'activities' | 'milestones' | 'kpis', string> {
  const child = (name: 'milestones' | 'kpis') => csvOf(DATASETS[name], activities.flatMap((a) => ((a[name] as Item[] | undefined) ?? []).map((m) => ({ activity: a.id, ...m }))));
  const main = activities.map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'milestones' && k !== 'kpis')));
  return { activities: csvOf(ACTIVITIES, main), milestones: child('milestones'), kpis: child('kpis') };
}

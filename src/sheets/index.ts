/**
 * Spreadsheets as data sources (issue 13): `_data/activities.xlsx` or `.csv` instead of
 * `_data/activities.yaml`, or the Amt's own workbook mapped in ratsdeck.yaml, read into the
 * same { file, value, index, problems } as a YAML file, with every value's cell as its
 * position. The parts: columns.ts (the one table of columns), values.ts (values as people type
 * them), grid.ts (cells and their addresses), zip.ts and xlsx.ts (workbooks, safely), csv.ts,
 * table.ts (headers to fields), load.ts (the layer for the cascade), template.ts.
 */
export { ACTIVITIES, CSV_COMPANIONS, DATASETS, SHEET_KEYS, sourceForKey, type Column, type Dataset, type DatasetName, type Kind } from './columns.js';
export { CELL_VALUE, isSheetFile, loadSheet, SHEET_EXTENSIONS, type SheetMapping, type SheetSpec, type SourceMapping } from './load.js';
export { choices, templateCsv, templateWorkbook, TEMPLATE_NAMES, type TemplateName } from './template.js';
export { readCell, parseNumberText, type Cell, type CellValue } from './values.js';

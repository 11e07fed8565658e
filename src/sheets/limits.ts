/** Limits that keep a hostile spreadsheet from exhausting memory or time (issue 13, safety). */
/** An .xlsx file on disk: a project list with a few hundred rows is well below 1 MB. */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** A CSV file on disk. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Files inside the .xlsx zip: a workbook has a few dozen. */
export const MAX_ZIP_ENTRIES = 5_000;
/** What the parts of a workbook that are read may unpack to, each and together (zip bombs). */
export const MAX_UNPACKED_ENTRY_BYTES = 50 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Rows and columns of one sheet, and cells of a whole workbook. */
export const MAX_ROWS = 10_000;
export const MAX_COLUMNS = 500;
export const MAX_CELLS = 250_000;
/** How long reading one workbook may take. */
export const READ_TIMEOUT_MS = 30_000;

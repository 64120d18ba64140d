// Reading the CSV file a spec names, and deciding what of it a message may show.
//
// What of a file may appear in a message: a spec can name any file (a typo, or a spec from a stranger naming
// ~/.ssh/id_rsa or /etc/passwd), and problem messages are shown, logged and copied into bug reports. So a message
// quotes the file only once the file has shown itself to be the kind of data a spec means, a "table":
//   - UTF-8 text without control characters,
//   - a first row whose every field looks like a column name (short; letters, digits, spaces and a few signs such
//     as _ - . ( ) %, but no : / \ = @ or quotes, which configuration files, paths and keys are made of),
//   - at least one data row, every data row as wide as the header,
//   - and at least one column whose cells are numbers.
// Then the header's names may be quoted (to spot a misspelt column), and a cell may be quoted only when it is
// short and sits in a column that is mostly numbers (a stray "n/a" among prices). Otherwise a message says what
// was expected and counts what was found (lines, fields), and shows nothing of the file.
import Papa from 'papaparse';
import { decodeStrictText, type DataFileReader } from '../files';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import { describeReadError as describeFileError } from './readError';

export interface CsvTable {
  /** the header row's names, trimmed */
  fields: string[];
  rows: string[][];
  /** the file is plausibly the data the spec means (see above): its names and cells may be quoted */
  quotable: boolean;
  /** the delimiter papaparse found (a PyTorch script reads the file again with it) */
  delimiter: string;
}

const FILE_PATH: JsonPath = ['data', 'csv', 'file'];
const NAME = /^[\p{L}\p{N}\p{M}\p{Sc} _\-.()[\]%#°+*&]{0,64}$/u;
const QUOTABLE_CELL_CHARS = 20;

/** A file name as messages show it: as written, unless it is too long to read (a pasted paragraph, a hostile path). */
export function fileLabel(file: string): string {
  return file.length <= 120 ? file : `${file.slice(0, 80)}…${file.slice(-30)}`;
}

/** The file as a table, or undefined after reporting why it cannot be one. */
export function readCsvTable(reporter: Reporter, path: string, readFile: DataFileReader | undefined): CsvTable | undefined {
  const file = fileLabel(path);
  if (!readFile) {
    reporter.report(FILE_PATH, {
      message: `"${file}" cannot be read: this spec is not saved in a folder, so there is nowhere to look for it. Save the spec next to the CSV file.`,
      code: 'file',
    });
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFile(path, LIMITS.csvBytes);
  } catch (error) {
    reporter.report(FILE_PATH, { message: describeReadError(file, error), code: (error as { code?: string })?.code === 'EFBIG' ? 'limit' : 'file' });
    return undefined;
  }
  if (bytes.byteLength > LIMITS.csvBytes) {
    reporter.report(FILE_PATH, { message: `"${file}" is larger than the limit of ${LIMITS.csvBytes.toLocaleString('en-US')} bytes: ${LIMIT_REASONS.csvBytes}.`, code: 'limit' });
    return undefined;
  }
  const text = decodeStrictText(bytes);
  if (text === undefined) {
    reporter.report(FILE_PATH, { message: `"${file}" is not a text file: a CSV file is UTF-8 text, a header row naming its columns and then rows of numbers.`, code: 'csv' });
    return undefined;
  }
  // Without papaparse's header mode: it renames duplicate columns and logs to the console about it.
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy', dynamicTyping: false });
  // papaparse's messages name the problem ("Quoted field unterminated"), never the content.
  const structural = parsed.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (structural) {
    const line = structural.row === undefined ? '' : `, line ${structural.row + 1}`;
    reporter.report(FILE_PATH, { message: `${file}${line}: ${structural.message}.`, code: 'csv' });
    return undefined;
  }
  const [header = [], ...rows] = parsed.data;
  if (rows.length > LIMITS.csvRows) {
    reporter.report(FILE_PATH, {
      message: `${file} has ${rows.length.toLocaleString('en-US')} rows, over the limit of ${LIMITS.csvRows.toLocaleString('en-US')}: ${LIMIT_REASONS.csvRows}.`,
      code: 'limit',
    });
    return undefined;
  }
  const fields = header.map((name) => String(name).trim());
  return { fields, rows, quotable: looksLikeTable(fields, rows), delimiter: parsed.meta.delimiter };
}

function looksLikeTable(fields: string[], rows: string[][]): boolean {
  if (fields.length === 0 || rows.length === 0 || !fields.every((name) => NAME.test(name))) return false;
  if (!rows.every((row) => row.length === fields.length)) return false;
  return fields.some((_, column) => mostlyNumbers(rows, column, 1));
}

/** At least `share` of the column's cells are numbers. */
function mostlyNumbers(rows: string[][], column: number, share: number): boolean {
  let numbers = 0;
  for (const row of rows) if (isNumber(String(row[column] ?? ''))) numbers++;
  return rows.length > 0 && numbers >= share * rows.length;
}

function isNumber(cell: string): boolean {
  const text = cell.trim();
  return text !== '' && Number.isFinite(Number(text));
}

/** "3 lines of 1 field", "40 lines of 1 to 4 fields": the shape of a file that is not a table, and nothing else. */
export function describeShape(table: CsvTable): string {
  const widths = [table.fields.length, ...table.rows.map((row) => row.length)];
  const low = Math.min(...widths);
  const high = Math.max(...widths);
  const lines = widths.length;
  return `${lines} line${lines === 1 ? '' : 's'} of ${low === high ? low : `${low} to ${high}`} field${high === 1 ? '' : 's'}`;
}

/** Whether a message may quote the cell at `row` of `column`. */
export function cellQuotable(table: CsvTable, column: number, row: number): boolean {
  const cell = String(table.rows[row]?.[column] ?? '').trim();
  return table.quotable && cell.length <= QUOTABLE_CELL_CHARS && !/[\p{Cc}"\\]/u.test(cell) && mostlyNumbers(table.rows, column, 0.5);
}

export function describeReadError(file: string, error: unknown): string {
  return describeFileError(file, error, { noun: 'a CSV file', maxBytes: LIMITS.csvBytes, reason: LIMIT_REASONS.csvBytes });
}

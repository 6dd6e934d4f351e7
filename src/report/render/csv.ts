/**
 * CSV (RFC 4180): the table as displayed, one record per row, so an estimate and its standard error
 * sit in consecutive records, stars attached to the estimate. Records end in CRLF as the RFC says;
 * fields with a comma, quote, CR or LF are quoted and inner quotes doubled. Notes follow as records
 * whose first field holds the note, padded so every record has the same number of fields.
 */
import { assertTable, plainText, type Table } from '../table.js';

/**
 * @example
 * ```ts
 * renderCsv(table, { notes: false });
 * ```
 */
export interface CsvOptions {
  /** Append the notes as records; default true. */
  readonly notes?: boolean;
}

/**
 * Quote one field if RFC 4180 requires it.
 *
 * @example
 * ```ts
 * csvField('[0.1, 0.2]'); // '"[0.1, 0.2]"'
 * csvField('say "hi"');   // '"say ""hi"""'
 * csvField('0.1763***');  // '0.1763***'
 * ```
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Render a table as CSV text.
 *
 * @example
 * ```ts
 * renderCsv(regressionTable([m1]));
 * // ,(1)\r\n
 * // Vag,0.1763***\r\n
 * // ,(0.0221)\r\n
 * ```
 */
export function renderCsv(table: Table, options: CsvOptions = {}): string {
  assertTable(table);
  const n = table.columns.length;
  const records = [...table.header, ...table.panels.flatMap((p) => p.rows)].map((r) => r.cells.map(plainText));
  if (options.notes ?? true) for (const note of table.notes) records.push([note.text, ...Array<string>(n - 1).fill('')]);
  return records.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/**
 * CSV writing for every export (RFC 4180): cells quoted when they must be, CRLF line ends, a UTF-8 byte-order
 * mark first so that Excel opens Vietnamese correctly, and any cell a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return: OWASP "CSV injection") given a leading apostrophe.
 * The payments reconciliation export and the report tables both write through here.
 */
import { cellContent, plainNumber, type DataTable, type ExportOptions } from './table.ts';

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: defused if it would start a formula, quoted if it holds a quote, delimiter or line break. */
export function csvCell(value: string | number | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes('"') || text.includes(delimiter) || /[\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: CRLF line ends (RFC 4180), a UTF-8 byte-order mark first so that Excel reads Vietnamese. */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[], o: { bom?: boolean; delimiter?: string } = {}): string {
  const d = o.delimiter ?? ',';
  const body = rows.map((row) => row.map((cell) => csvCell(cell, d)).join(d)).join('\r\n');
  return `${o.bom === false ? '' : '\ufeff'}${body}\r\n`;
}

/**
 * A table as CSV bytes: one header row of the columns' labels, then one row per data row. Numbers are written
 * plainly (a dot for decimals, no grouping, percentages 0–100 with two decimals) and never defused: a negative
 * number stays a number. Not applicable is `naText`. The title, subtitle and notes are not written: the file
 * holds the table only, for other programs to read (the XLSX and PDF carry them).
 */
export function tableToCsv(table: DataTable, o: ExportOptions): Buffer {
  const lines = [table.columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of table.rows) {
    lines.push(table.columns.map((column) => {
      const cell = cellContent(column, row[column.key]);
      switch (cell.type) {
        case 'empty': return '';
        case 'na': return csvCell(o.naText);
        case 'text': return csvCell(cell.text);
        // Digits, a dot and maybe a leading "-": nothing to quote, and a number is no formula.
        case 'number': return plainNumber(cell.value, cell.kind);
      }
    }).join(','));
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

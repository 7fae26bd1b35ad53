/**
 * Tables as an Excel workbook (exceljs), one sheet per table. Layout of a sheet:
 *
 *   row 1       the table's title (bold, larger)
 *   row 2       its subtitle, when it has one (italic)
 *   next        empty
 *   header row  the columns' labels: bold, shaded, frozen (stays in view when scrolling), auto-filter, printed
 *               again on every printed page
 *   data rows   one per row
 *   then        an empty row and the notes, one per row (italic)
 *
 * Cells: numbers are stored as numbers, so that a spreadsheet can sum and sort them. Percentages are stored as
 * the same number the page shows, 0–100, with the format `0.00` (not as a fraction with a `%` format): the
 * value read back equals the value on the page, the CSV and the PDF, with no rounding from dividing by 100, and
 * the column's label carries the unit. Integers `#,##0`, other decimals `#,##0.00`. Not applicable is the text
 * `naText`, right-aligned with the numbers. Text is always stored as text: exceljs writes a string as a string,
 * never as a formula, so "=1+1" from the data stays inert.
 *
 * exceljs is loaded on first use (it takes most of a second to load, which start-up does not need).
 */
import type { Workbook, Worksheet } from 'exceljs';
import { cellContent, isNumeric, plainNumber, type DataTable, type ExportOptions } from './table.ts';

export interface XlsxOptions extends ExportOptions {
  /** One per table, in order; default each table's title. Made valid either way (see `sheetNames`). */
  sheetNames?: string[];
}

const NUMBER_FORMATS = { integer: '#,##0', percent: '0.00', decimal: '#,##0.00' } as const;
/** Excel's limit on the characters of one cell. */
const MAX_CELL = 32_767;
const MAX_SHEET_NAME = 31;

/** At most `max` UTF-16 units, not cutting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Valid, distinct sheet names for `wanted`: NFC; the characters Excel refuses ([ ] : * ? / \) and control
 * characters replaced by spaces; no apostrophe at either end; at most 31 characters; not "History" (reserved);
 * distinct ignoring case, a repeat getting " (2)", " (3)"…; an empty name becomes its position ("1", "2"…).
 */
export function sheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>(['history']);
  return wanted.map((raw, index) => {
    let base = raw.normalize('NFC').replace(/[[\]:*?/\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/g, ' ').trim();
    base = clip(base, MAX_SHEET_NAME).replace(/^[\s']+|[\s']+$/g, '') || String(index + 1);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${clip(base, MAX_SHEET_NAME - suffix.length).replace(/[\s']+$/, '')}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Column widths in characters: the longest value (the label counts up to 30, as it wraps), within 8–60. */
function widths(table: DataTable, naText: string): number[] {
  return table.columns.map((column) => {
    let longest = Math.min(30, Math.max(...column.label.split('\n').map((l) => l.length)));
    for (const row of table.rows) {
      const cell = cellContent(column, row[column.key]);
      const text = cell.type === 'na' ? naText : cell.type === 'text' ? cell.text : cell.type === 'number' ? plainNumber(cell.value, cell.kind) : '';
      // Grouping adds a separator per three digits.
      const length = cell.type === 'number' ? text.length + Math.floor(text.replace(/^-|\..*$/g, '').length / 3) : Math.max(0, ...text.split('\n').map((l) => l.length));
      if (length > longest) longest = length;
    }
    return Math.min(60, Math.max(8, longest + 2));
  });
}

function addTable(wb: Workbook, name: string, table: DataTable, naText: string): Worksheet {
  const ws = wb.addWorksheet(name);
  let r = 1;
  const titleCell = ws.getCell(r++, 1);
  titleCell.value = clip(table.title, MAX_CELL);
  titleCell.font = { bold: true, size: 14 };
  if (table.subtitle) {
    const cell = ws.getCell(r++, 1);
    cell.value = clip(table.subtitle, MAX_CELL);
    cell.font = { italic: true };
  }
  r++;
  const headerRow = r++;
  const header = ws.getRow(headerRow);
  table.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = clip(column.label, MAX_CELL);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECEF' } };
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: isNumeric(column) ? 'right' : 'left' };
  });
  for (const data of table.rows) {
    const row = ws.getRow(r++);
    table.columns.forEach((column, i) => {
      const content = cellContent(column, data[column.key]);
      if (content.type === 'empty') return;
      const cell = row.getCell(i + 1);
      if (content.type === 'number') {
        cell.value = content.kind === 'integer' ? Math.round(content.value) : content.value;
        cell.numFmt = NUMBER_FORMATS[content.kind];
      } else {
        cell.value = clip(content.type === 'na' ? naText : content.text, MAX_CELL);
        cell.alignment = content.type === 'na' || isNumeric(column) ? { horizontal: 'right' } : { wrapText: content.text.includes('\n'), vertical: 'top' };
      }
    });
  }
  if (table.notes && table.notes.length > 0) {
    r++;
    for (const note of table.notes) {
      const cell = ws.getCell(r++, 1);
      cell.value = clip(note, MAX_CELL);
      cell.font = { italic: true };
    }
  }
  widths(table, naText).forEach((width, i) => { ws.getColumn(i + 1).width = width; });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  if (table.columns.length > 0 && table.rows.length > 0) {
    ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: table.columns.length } };
  }
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` };
  return ws;
}

/** The workbook of `tables` (at least one): one sheet each, laid out as above. */
export async function tableToXlsx(tables: readonly DataTable[], o: XlsxOptions): Promise<Buffer> {
  if (tables.length === 0) throw new Error('tableToXlsx: no tables (a workbook needs a sheet)');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'smart-commune';
  wb.title = tables[0]!.title;
  wb.created = new Date();
  const names = sheetNames(tables.map((t, i) => o.sheetNames?.[i] ?? t.title));
  tables.forEach((table, i) => addTable(wb, names[i]!, table, o.naText));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Tables as a PDF report (a dashboard's figures on paper): the report's title, subtitle and generation time,
 * then each table with its title, subtitle and notes. Drawn with the platform's flow layout and the committed
 * Noto Sans fonts (src/platform/pdf, the one-stop forms' layout), so Vietnamese prints and extracts correctly.
 * A4 across by default. Long tables run over as many pages as they need, the header repeated on each; numbers
 * are right-aligned and written as people read them in the report's language; every page from the second
 * carries the report's title at the top, and every page its number "n/m" at the foot (when there are several).
 *
 * Column widths follow the content: each column gets at least its longest word, and the room left is shared
 * in proportion to what the columns would need to print on one line. When even the longest words do not fit,
 * the type gets smaller (down to 70 %), then words break.
 */
import { geometry, LEADING, Sheet, type TableColumn } from '../pdf/sheet.ts';
import { cleanText, longestWord, textWidth, wrap } from '../pdf/text.ts';
import { cellContent, displayNumber, isNumeric, type DataTable } from './table.ts';

export interface PdfReportInput {
  title: string;
  subtitle?: string;
  /** Printed as given under the title: the caller's whole sentence, e.g. "Lập lúc 09:30 27/10/2026". */
  generatedAt: string;
  tables: DataTable[];
  /** What a `null` (not applicable) value is printed as. */
  naText: string;
  /** Default A4 across. */
  pageSize?: 'A4-landscape' | 'A4';
  /** Number format and the document's language: "1.234,50" in Vietnamese (default), "1,234.50" in English. */
  lang?: 'vi' | 'en';
  /** The document's author in its properties (e.g. the unit's name); default "smart-commune". */
  author?: string;
}

const LOCALES = { vi: 'vi-VN', en: 'en-GB' } as const;

/** The cells of a table as the PDF prints them. */
function texts(table: DataTable, naText: string, locale: string): string[][] {
  return table.rows.map((row) => table.columns.map((column) => {
    const cell = cellContent(column, row[column.key]);
    switch (cell.type) {
      case 'empty': return '';
      case 'na': return naText;
      case 'text': return cell.text;
      case 'number': return displayNumber(cell.value, cell.kind, locale);
    }
  }));
}

/** The width of the widest line of `text` at `size`. */
function lineWidth(text: string, size: number): number {
  let max = 0;
  for (const line of cleanText(text).split('\n')) max = Math.max(max, textWidth(line, 'regular', size));
  return max;
}

/**
 * Type size, column widths and the table's width (at most `width`) for a table: see the file's comment. A
 * table that needs less than the page gets a quarter more than it needs, not the whole width. Measured once at
 * `size`; widths scale linearly with the type size, padding included.
 */
function fit(table: DataTable, cells: string[][], width: number, size: number): { size: number; widths: number[]; tableWidth: number } {
  const pad = 2 * size * 0.35;
  const min: number[] = [];
  const natural: number[] = [];
  table.columns.forEach((column, i) => {
    let least = longestWord(column.label, size, 'bold');
    // The label on one line when there is room (it wraps otherwise).
    let full = Math.max(...cleanText(column.label).split('\n').map((l) => textWidth(l, 'bold', size)));
    for (const row of cells) {
      const text = row[i]!;
      if (text === '') continue;
      least = Math.max(least, longestWord(text, size));
      full = Math.max(full, lineWidth(text, size));
    }
    min.push(least + pad + 0.5);
    natural.push(Math.min(Math.max(full, least) + pad + 0.5, width * 0.4));
  });
  const sumMin = min.reduce((s, w) => s + w, 0);
  const k = sumMin > width ? Math.max(0.7, width / sumMin) : 1;
  const scaledMin = min.map((w) => w * k);
  const scaledNatural = natural.map((w, i) => Math.max(w * k, scaledMin[i]!));
  const needMin = scaledMin.reduce((s, w) => s + w, 0);
  const needNatural = scaledNatural.reduce((s, w) => s + w, 0);
  let widths: number[];
  let tableWidth = width;
  if (needMin >= width) widths = scaledMin;
  else if (needNatural <= width) {
    widths = scaledNatural;
    tableWidth = Math.min(width, needNatural * 1.25);
  } else widths = scaledMin.map((w, i) => w + (scaledNatural[i]! - w) * ((width - needMin) / (needNatural - needMin)));
  const total = widths.reduce((s, w) => s + w, 0);
  return { size: size * k, widths: widths.map((w) => (w / total) * tableWidth), tableWidth };
}

function drawTable(sheet: Sheet, table: DataTable, naText: string, locale: string): void {
  const titleSize = sheet.pt(9);
  const subSize = sheet.pt(7.5);
  const cells = texts(table, naText, locale);
  const { size, widths, tableWidth } = fit(table, cells, sheet.width, sheet.pt(7));
  const pad = size * 0.35;
  const lh = size * LEADING;

  // Keep the table's title with its header and first row.
  const headerHeight = Math.max(1, ...table.columns.map((c, i) => wrap(c.label, widths[i]! - 2 * pad, size, 'bold').length)) * lh + 2 * pad;
  const firstRow = cells.length === 0 ? 0 : Math.max(1, ...cells[0]!.map((t, i) => wrap(t, widths[i]! - 2 * pad, size).length)) * lh + 2 * pad;
  const titleHeight = wrap(table.title, sheet.width, titleSize, 'bold').length * titleSize * LEADING + (table.subtitle ? wrap(table.subtitle, sheet.width, subSize, 'italic').length * subSize * LEADING : 0);
  sheet.ensure(titleHeight + sheet.pt(3) + headerHeight + firstRow);

  sheet.text(table.title, { size: titleSize, style: 'bold', after: table.subtitle ? 0 : sheet.pt(3) });
  if (table.subtitle) sheet.text(table.subtitle, { size: subSize, style: 'italic', after: sheet.pt(3) });
  if (table.columns.length > 0) {
    // Number columns right-aligned, "N/A" in them too.
    const columns: TableColumn[] = table.columns.map((c, i) => ({ header: c.label, weight: widths[i]!, align: isNumeric(c) ? 'right' : 'left' }));
    sheet.table(columns, cells, { size, headerSize: size, padding: pad, width: tableWidth });
  }
  for (const [i, note] of (table.notes ?? []).entries()) sheet.text(note, { size: sheet.pt(6.5), style: 'italic', after: i === (table.notes?.length ?? 0) - 1 ? 0 : sheet.pt(1) });
}

/** The report as PDF bytes. */
export async function tablesToPdf(input: PdfReportInput): Promise<Uint8Array> {
  const locale = LOCALES[input.lang ?? 'vi'];
  const sheet = await Sheet.create(geometry('A4', (input.pageSize ?? 'A4-landscape') === 'A4-landscape'), {
    title: input.title,
    subject: input.subtitle ?? input.title,
    author: input.author ?? 'smart-commune',
    createdAt: new Date(),
    language: locale,
    pageLabel: (page, pages) => `${page}/${pages}`,
  });
  sheet.text(input.title, { size: sheet.pt(11), style: 'bold', align: 'center', balanced: true, after: sheet.pt(1) });
  if (input.subtitle) sheet.text(input.subtitle, { size: sheet.pt(8.5), style: 'italic', align: 'center', balanced: true, after: sheet.pt(1) });
  sheet.text(input.generatedAt, { size: sheet.pt(7), align: 'center', after: sheet.pt(8) });
  sheet.continuation = input.title;
  input.tables.forEach((table, i) => {
    if (i > 0) sheet.gap(sheet.pt(10));
    drawTable(sheet, table, input.naText, locale);
  });
  return sheet.save();
}

/**
 * A table to export, as the reports pages hand it over: labels already translated, values as plain data. The
 * three writers (csv.ts, xlsx.ts, pdf.ts) read the same shape, so a page builds it once and offers every format.
 *
 * Values: `null` means "not applicable" (a denominator of zero) and is written as the caller's `naText`, never
 * as 0; a number that is not finite (NaN from 0/0, Infinity) is treated the same way. A key missing from a row
 * is an empty cell. A string in a number column is written as text. Percentages are numbers from 0 to 100 (not
 * fractions), shown with two decimals; the column's label should carry the unit ("Đúng hạn (%)").
 */

export type ColumnKind = 'text' | 'integer' | 'percent' | 'decimal';

export interface DataColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type DataValue = string | number | null;

export interface DataTable {
  title: string;
  subtitle?: string;
  columns: DataColumn[];
  rows: Record<string, DataValue>[];
  /** Printed under the table (PDF, XLSX); left out of the CSV, which holds the table only. */
  notes?: string[];
}

export interface ExportOptions {
  /** What a `null` (not applicable) value is written as, e.g. "N/A" or "Không áp dụng". */
  naText: string;
}

/** The classified value of one cell: what each writer decides how to show. */
export type CellContent =
  | { type: 'empty' }
  | { type: 'na' }
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; kind: Exclude<ColumnKind, 'text'> };

export function cellContent(column: DataColumn, value: DataValue | undefined): CellContent {
  if (value === undefined) return { type: 'empty' };
  if (value === null) return { type: 'na' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { type: 'na' };
    return column.kind === 'text' ? { type: 'text', text: String(value) } : { type: 'number', value, kind: column.kind };
  }
  return { type: 'text', text: value };
}

export const isNumeric = (column: DataColumn): boolean => column.kind !== 'text';

/**
 * A number as machine-readable text (the CSV): a dot for decimals, no grouping; percentages with exactly two
 * decimals, integers rounded, other decimals as given.
 */
export function plainNumber(value: number, kind: Exclude<ColumnKind, 'text'>): string {
  if (kind === 'percent') return value.toFixed(2);
  if (kind === 'integer') return String(Math.round(value));
  return String(value);
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number as people read it in `locale` (the PDF): "1.234" and "12,50" in Vietnamese, "1,234" and "12.50"
 * in English; percentages and other decimals with two decimals (so that a column lines up), integers with none.
 */
export function displayNumber(value: number, kind: Exclude<ColumnKind, 'text'>, locale: string): string {
  const id = `${locale}|${kind}`;
  let f = formats.get(id);
  if (!f) {
    const digits = kind === 'integer' ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    f = new Intl.NumberFormat(locale, digits);
    formats.set(id, f);
  }
  return f.format(value);
}

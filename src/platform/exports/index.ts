/**
 * Exports of tables as CSV, XLSX and PDF, for the reports pages (issue #7) and anything else that lists
 * figures. Build a `DataTable` once, then: `tableToCsv`, `tableToXlsx`, `tablesToPdf`, and `sendExport` to
 * answer the request. See docs in each file; the choices are summed up in table.ts.
 */
export type { ColumnKind, DataColumn, DataTable, DataValue, ExportOptions } from './table.ts';
export { csvCell, tableToCsv, writeCsv } from './csv.ts';
export { sheetNames, tableToXlsx, type XlsxOptions } from './xlsx.ts';
export { tablesToPdf, type PdfReportInput } from './pdf.ts';
export { EXPORT_CONTENT_TYPES, exportFileName, sendExport, type ExportFormat } from './send.ts';

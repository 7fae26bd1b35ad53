/**
 * The catalogue as an Excel workbook (XLSX), for the people who keep it in spreadsheets. Layout (row 1 of each
 * sheet holds the column names below, which an import reads; the order of columns does not matter):
 *
 * - "Thủ tục": one row per procedure version. Plain columns for the scalar parts; the lists (agencies,
 *   legalBasis, steps, methods) one item per line inside the cell; feeLines, internalSteps and
 *   formDefinition as JSON in the cell; paperResultRequired TRUE/FALSE; version, status and effectiveFrom
 *   for information (an import makes new drafts).
 * - "Thành phần": one row per component, keyed to its procedure by code and version, ordered by position.
 * - "Hướng dẫn": what each column means, in Vietnamese and English (ignored by an import).
 *
 * exceljs is loaded on first use: it takes most of a second to load, which start-up does not need.
 */
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { translator } from '../../../platform/i18n/index.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { ExportItem, FileReading, ImportRow } from './document.ts';
import { MAX_IMPORT_ROWS } from './document.ts';
import { inspectZip } from './zip-guard.ts';

export const PROCEDURE_SHEET = 'Thủ tục';
export const COMPONENT_SHEET = 'Thành phần';
export const GUIDE_SHEET = 'Hướng dẫn';

type Kind = 'text' | 'lines' | 'json' | 'number' | 'boolean' | 'choice' | 'info';

/** The columns of the procedure sheet: name, kind, width. */
const PROCEDURE_COLUMNS: readonly (readonly [string, Kind, number])[] = [
  ['code', 'text', 14], ['version', 'info', 8], ['status', 'info', 10], ['effectiveFrom', 'info', 12],
  ['name', 'text', 50], ['field', 'text', 20], ['level', 'text', 16],
  ['agencies', 'lines', 40], ['legalBasis', 'lines', 24], ['steps', 'lines', 60], ['methods', 'lines', 20], ['subjects', 'text', 40],
  ['processingTimeValue', 'number', 10], ['processingTimeUnit', 'choice', 14], ['processingTimeNote', 'text', 40],
  ['feeStatus', 'choice', 14], ['feeLines', 'json', 40], ['feeNote', 'text', 40], ['feeTiming', 'choice', 12],
  ['paperResultRequired', 'boolean', 10], ['resultDocument', 'text', 40], ['onlineLevel', 'choice', 10],
  ['internalSteps', 'json', 40], ['formDefinition', 'json', 40], ['source', 'text', 40],
];
const COMPONENT_COLUMNS: readonly (readonly [string, Kind, number])[] = [
  ['code', 'text', 14], ['version', 'number', 8], ['position', 'number', 8], ['name', 'text', 80],
  ['originals', 'number', 10], ['copies', 'number', 10], ['required', 'boolean', 10], ['templateFile', 'text', 24],
];
const REQUIRED_COLUMNS = ['code', 'name', 'field', 'level', 'feeStatus', 'onlineLevel'];
const CHOICES: Record<string, string> = {
  processingTimeUnit: 'working_days, working_hours, days', feeStatus: 'free, charged, set_by_province, not_published',
  feeTiming: 'at_intake, on_result', onlineLevel: 'full, partial, none',
};

/** The field label of a column, for the guide sheet. */
const COLUMN_LABELS: Record<string, MessageKey> = {
  code: 'catalogue_admin.field.code', version: 'catalogue_admin.field.version', status: 'catalogue_admin.field.status', effectiveFrom: 'catalogue_admin.field.effectiveFrom',
  name: 'catalogue_admin.field.name', field: 'catalogue_admin.field.field', level: 'catalogue_admin.field.level', agencies: 'catalogue_admin.field.agencies',
  legalBasis: 'catalogue_admin.field.legalBasis', steps: 'catalogue_admin.field.steps', methods: 'catalogue_admin.field.methods', subjects: 'catalogue_admin.field.subjects',
  processingTimeValue: 'catalogue_admin.field.processingTime.value', processingTimeUnit: 'catalogue_admin.field.processingTime.unit',
  processingTimeNote: 'catalogue_admin.field.processingTime.note', feeStatus: 'catalogue_admin.field.feeStatus', feeLines: 'catalogue_admin.field.feeLines',
  feeNote: 'catalogue_admin.field.feeNote', feeTiming: 'catalogue_admin.field.feeTiming', paperResultRequired: 'catalogue_admin.field.paperResultRequired',
  resultDocument: 'catalogue_admin.field.resultDocument', onlineLevel: 'catalogue_admin.field.onlineLevel', internalSteps: 'catalogue_admin.field.internalSteps',
  formDefinition: 'catalogue_admin.field.formDefinition', source: 'catalogue_admin.field.source', position: 'catalogue_admin.field.position',
  originals: 'catalogue_admin.field.originals', copies: 'catalogue_admin.field.copies', required: 'catalogue_admin.field.required', templateFile: 'catalogue_admin.field.templateFile',
};
const KIND_HINTS: Record<Kind, MessageKey> = {
  text: 'catalogue_admin.xlsx.kind.text', lines: 'catalogue_admin.xlsx.kind.lines', json: 'catalogue_admin.xlsx.kind.json', number: 'catalogue_admin.xlsx.kind.number',
  boolean: 'catalogue_admin.xlsx.kind.boolean', choice: 'catalogue_admin.xlsx.kind.choice', info: 'catalogue_admin.xlsx.kind.info',
};

async function newWorkbook(): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  return new ExcelJS.Workbook();
}

function addSheet(wb: Workbook, name: string, columns: readonly (readonly [string, Kind, number])[]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([key, , width]) => ({ header: key, key, width }));
  // Codes stay text when someone edits the sheet in Excel ("1.000110" is not the number 1.00011).
  ws.getColumn('code').numFmt = '@';
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** The workbook of `items`: see the layout above. */
export async function writeWorkbook(items: readonly ExportItem[]): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'smart-commune';
  const procedures = addSheet(wb, PROCEDURE_SHEET, PROCEDURE_COLUMNS);
  const components = addSheet(wb, COMPONENT_SHEET, COMPONENT_COLUMNS);
  for (const p of items) {
    procedures.addRow({
      code: p.code, version: p.version, status: p.status, effectiveFrom: p.effectiveFrom ?? undefined,
      name: p.name, field: p.field, level: p.level, agencies: lines(p.agencies), legalBasis: lines(p.legalBasis), steps: lines(p.steps), methods: lines(p.methods),
      subjects: p.subjects || undefined, processingTimeValue: p.processingTime.value ?? undefined, processingTimeUnit: p.processingTime.unit ?? undefined,
      processingTimeNote: p.processingTime.note ?? undefined, feeStatus: p.feeStatus, feeLines: JSON.stringify(p.feeLines), feeNote: p.feeNote ?? undefined,
      feeTiming: p.feeTiming, paperResultRequired: p.paperResultRequired, resultDocument: p.resultDocument ?? undefined, onlineLevel: p.onlineLevel,
      internalSteps: JSON.stringify(p.internalSteps), formDefinition: JSON.stringify(p.formDefinition), source: p.source || undefined,
    });
    p.components.forEach((c, i) => components.addRow({
      code: p.code, version: p.version, position: i + 1, name: c.name, originals: c.originals, copies: c.copies, required: c.required, templateFile: c.templateFile ?? undefined,
    }));
  }
  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ header: 'sheet', width: 14 }, { header: 'column', width: 22 }, { header: 'Nội dung', width: 40 }, { header: 'Meaning', width: 40 }, { header: 'Cách ghi', width: 60 }, { header: 'Format', width: 60 }];
  guide.getRow(1).font = { bold: true };
  const vi = translator('vi');
  const en = translator('en');
  for (const [sheet, columns] of [[PROCEDURE_SHEET, PROCEDURE_COLUMNS], [COMPONENT_SHEET, COMPONENT_COLUMNS]] as const) {
    for (const [key, kind] of columns) {
      const params = { values: CHOICES[key] ?? '' };
      guide.addRow([sheet, key, vi(COLUMN_LABELS[key]!), en(COLUMN_LABELS[key]!), vi(KIND_HINTS[kind], params), en(KIND_HINTS[kind], params)]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const lines = (items: readonly string[]) => (items.length > 0 ? items.join('\n') : undefined);

// --- reading ------------------------------------------------------------------------------------------------------

type Plain = string | number | boolean | null;

/** A cell as plain data: rich text joined, a formula's cached result, a date as YYYY-MM-DD; an error cell is `undefined`. */
function plain(value: CellValue): Plain | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return plain(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return plain((value.result ?? null) as CellValue);
  return undefined;
}

/** The columns of a sheet by name, or the first problem with its header row. */
function headerOf(ws: Worksheet, known: readonly (readonly [string, Kind, number])[], required: readonly string[]): Map<string, number> | { error: MessageKey; params: Record<string, string> } {
  const columns = new Map<string, number>();
  const header = ws.getRow(1);
  for (let c = 1; c <= header.cellCount; c++) {
    const name = plain(header.getCell(c).value);
    if (name === null || name === '') continue;
    const key = String(name).trim();
    if (!known.some(([k]) => k === key)) return { error: 'catalogue_admin.import.unknown_column', params: { sheet: ws.name, column: key } };
    if (columns.has(key)) return { error: 'catalogue_admin.import.duplicate_column', params: { sheet: ws.name, column: key } };
    columns.set(key, c);
  }
  const missing = required.find((k) => !columns.has(k));
  if (missing) return { error: 'catalogue_admin.import.missing_column', params: { sheet: ws.name, column: missing } };
  return columns;
}

/** A code typed into a number cell comes back as a number: its six decimals give the code again. */
const codeText = (value: Plain) => (typeof value === 'number' ? value.toFixed(6) : value === null ? '' : String(value).trim());
/** A version number as a key, whether the cell holds the number or its text. */
const versionKey = (value: Plain) => (value === null ? '' : String(value).trim());
const textOrUndefined = (value: Plain) => (value === null ? undefined : typeof value === 'string' ? value : String(value));

/**
 * Reads an import workbook from its bytes: checked as a ZIP first (see zip-guard.ts), then the two sheets.
 * A problem with the file as a whole refuses it; problems of a row are the row's.
 */
export async function readWorkbook(bytes: Buffer): Promise<FileReading> {
  const zip = inspectZip(bytes, { maxEntries: 200, maxTotalBytes: 64 * 1024 * 1024 });
  if (!zip.ok) return { ok: false, error: zip.reason === 'too_big' ? 'catalogue_admin.import.xlsx_too_big' : 'catalogue_admin.import.bad_xlsx' };
  if (!zip.names.includes('[Content_Types].xml') || !zip.names.includes('xl/workbook.xml')) return { ok: false, error: 'catalogue_admin.import.bad_xlsx' };
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: 'catalogue_admin.import.bad_xlsx' };
  }
  const procedures = wb.getWorksheet(PROCEDURE_SHEET);
  if (!procedures) return { ok: false, error: 'catalogue_admin.import.no_sheet', params: { sheet: PROCEDURE_SHEET } };
  // rowCount also counts empty rows that only carry formatting: bounded too, so that the loop below is.
  if (procedures.actualRowCount - 1 > MAX_IMPORT_ROWS || procedures.rowCount > MAX_IMPORT_ROWS * 5) return { ok: false, error: 'catalogue_admin.import.too_many_rows', params: { max: MAX_IMPORT_ROWS } };
  const columns = headerOf(procedures, PROCEDURE_COLUMNS, REQUIRED_COLUMNS);
  if (!(columns instanceof Map)) return { ok: false, ...columns };

  const rows: (ImportRow & { key: string })[] = [];
  let cellError: { sheet: string; row: number } | undefined;
  const cellOf = (ws: Worksheet, columnsOf: Map<string, number>, rowNumber: number) => (key: string): Plain => {
    const c = columnsOf.get(key);
    if (c === undefined) return null;
    const value = plain(ws.getRow(rowNumber).getCell(c).value);
    if (value === undefined) {
      cellError ??= { sheet: ws.name, row: rowNumber };
      return null;
    }
    return value;
  };
  for (let r = 2; r <= procedures.rowCount; r++) {
    const cell = cellOf(procedures, columns, r);
    if (PROCEDURE_COLUMNS.every(([k]) => { const v = cell(k); return v === null || v === ''; })) continue;
    const problems: ImportRow['problems'] = [];
    const json = (key: string): unknown => {
      const value = cell(key);
      if (value === null || value === '') return undefined;
      try {
        return JSON.parse(String(value));
      } catch {
        problems.push({ path: key, key: 'catalogue_admin.import.json_cell' });
        return undefined;
      }
    };
    const list = (key: string) => {
      const value = cell(key);
      return value === null ? undefined : String(value).split(/\r?\n/);
    };
    const code = codeText(cell('code'));
    const data: Record<string, unknown> = {
      code, name: textOrUndefined(cell('name')), field: textOrUndefined(cell('field')), level: textOrUndefined(cell('level')),
      agencies: list('agencies'), legalBasis: list('legalBasis'), steps: list('steps'), methods: list('methods'), subjects: textOrUndefined(cell('subjects')),
      processingTime: { value: cell('processingTimeValue'), unit: cell('processingTimeUnit'), note: textOrUndefined(cell('processingTimeNote')) },
      feeStatus: cell('feeStatus'), feeLines: json('feeLines'), feeNote: textOrUndefined(cell('feeNote')), feeTiming: cell('feeTiming'),
      paperResultRequired: cell('paperResultRequired'), resultDocument: textOrUndefined(cell('resultDocument')), onlineLevel: cell('onlineLevel'),
      internalSteps: json('internalSteps'), formDefinition: textOrUndefined(cell('formDefinition')), source: textOrUndefined(cell('source')),
      components: [],
    };
    rows.push({ label: { key: 'catalogue_admin.import.sheet_row', params: { sheet: PROCEDURE_SHEET, row: r } }, data, problems, key: `${code}|${versionKey(cell('version'))}` });
  }
  if (rows.length === 0) return { ok: false, error: 'catalogue_admin.import.empty' };

  const componentSheet = wb.getWorksheet(COMPONENT_SHEET);
  if (componentSheet) {
    if (componentSheet.actualRowCount - 1 > MAX_IMPORT_ROWS * 50 || componentSheet.rowCount > MAX_IMPORT_ROWS * 100) return { ok: false, error: 'catalogue_admin.import.too_many_rows', params: { max: MAX_IMPORT_ROWS } };
    const cc = headerOf(componentSheet, COMPONENT_COLUMNS, ['code', 'name']);
    if (!(cc instanceof Map)) return { ok: false, ...cc };
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const found = new Map<ImportRow, { position: number; row: number; data: Record<string, unknown> }[]>();
    for (let r = 2; r <= componentSheet.rowCount; r++) {
      const cell = cellOf(componentSheet, cc, r);
      if (COMPONENT_COLUMNS.every(([k]) => { const v = cell(k); return v === null || v === ''; })) continue;
      const owner = byKey.get(`${codeText(cell('code'))}|${versionKey(cell('version'))}`);
      if (!owner) return { ok: false, error: 'catalogue_admin.import.orphan_component', params: { sheet: COMPONENT_SHEET, row: r, code: codeText(cell('code')) } };
      const position = cell('position');
      const list = found.get(owner) ?? [];
      list.push({
        position: typeof position === 'number' ? position : Number.MAX_SAFE_INTEGER, row: r,
        data: { name: textOrUndefined(cell('name')), originals: cell('originals'), copies: cell('copies'), required: cell('required'), templateFile: textOrUndefined(cell('templateFile')) },
      });
      found.set(owner, list);
    }
    for (const [owner, list] of found) owner.data!.components = list.sort((a, b) => a.position - b.position || a.row - b.row).map((c) => c.data);
  }
  if (cellError) return { ok: false, error: 'catalogue_admin.import.error_cell', params: { sheet: cellError.sheet, row: cellError.row } };
  return { ok: true, rows: rows.map(({ key: _key, ...row }) => row) };
}

/** Reads a workbook back into plain rows per sheet (tests compare exports cell by cell with it). */
export async function workbookCells(bytes: Buffer): Promise<Record<string, Plain[][]>> {
  const wb = await newWorkbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: Record<string, Plain[][]> = {};
  wb.eachSheet((ws) => {
    const rows: Plain[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Plain[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(plain(row.getCell(c).value) ?? null);
      rows.push(cells);
    }
    out[ws.name] = rows;
  });
  return out;
}

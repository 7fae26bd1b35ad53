/**
 * The exchange format of the catalogue, shared by the JSON and XLSX files: one item per procedure version,
 * its content as `checkProcedure` accepts it, plus the exporting install's version number, status and
 * effective date (for information; an import always makes new drafts).
 *
 * JSON: `{ format, formatVersion, exportedAt, selection, count, procedures: [item, …] }` (a bare array of items
 * is accepted too). Pure: no database.
 */
import sjson from 'secure-json-parse';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { CONTENT_FIELDS } from '../domain/procedure-rules.ts';
import type { ProcedureContent } from '../domain/procedure-rules.ts';
import type { ProcedureStatus } from '../domain/procedure.ts';

export const FORMAT = 'smart-commune.procedures';
export const FORMAT_VERSION = 1;
/** At most this many procedure versions in one import. */
export const MAX_IMPORT_ROWS = 2000;
/** At most this many bytes in one import file (the request carrying it is bounded at 4 MB). */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;

export type ExportItem = ProcedureContent & { version: number; status: ProcedureStatus; effectiveFrom: string | null };

export interface ExportDocument {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  exportedAt: string;
  selection: string;
  count: number;
  procedures: ExportItem[];
}

/** An item of a version: content keys in the order of the form, after its number, status and date. */
export function exportItemOf(v: ProcedureContent & { version: number; status: ProcedureStatus; effectiveFrom: string | null }): ExportItem {
  const item: Record<string, unknown> = { code: v.code, version: v.version, status: v.status, effectiveFrom: v.effectiveFrom };
  for (const k of CONTENT_FIELDS) item[k] = v[k];
  return item as ExportItem;
}

export function exportDocument(items: ExportItem[], selection: string, now = new Date()): ExportDocument {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, exportedAt: now.toISOString(), selection, count: items.length, procedures: items };
}

/** Where a row of an import file came from, for the person reading the list of problems. */
export interface RowLabel {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** One procedure of an import file, not yet checked, with the problems the reader already found in it. */
export interface ImportRow {
  label: RowLabel;
  /** Null when the row is not even an object: only the reader's problems are reported. */
  data: Record<string, unknown> | null;
  problems: { path: string; key: MessageKey; params?: Record<string, string | number> }[];
}

export type FileReading = { ok: true; rows: ImportRow[] } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text PostgreSQL can store: no NUL, no lone surrogate, anywhere in the parsed value (keys included). */
function storable(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000') || !value.isWellFormed()) return false;
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000') || !key.isWellFormed()) return false;
        stack.push(item);
      }
    }
  }
  return true;
}

/** Reads a JSON import file from its bytes: strict UTF-8 (a BOM allowed), then the document or a bare array. */
export function readJsonFile(bytes: Uint8Array): FileReading {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, error: 'catalogue_admin.import.not_utf8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return { ok: false, error: 'catalogue_admin.import.not_json' };
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return { ok: false, error: 'catalogue_admin.import.bad_json' };
  }
  if (!storable(value)) return { ok: false, error: 'catalogue_admin.import.bad_text' };
  let items: unknown;
  if (Array.isArray(value)) items = value;
  else {
    const doc = value as Record<string, unknown>;
    if (doc.format !== undefined && doc.format !== FORMAT) return { ok: false, error: 'catalogue_admin.import.wrong_format', params: { format: FORMAT } };
    if (doc.formatVersion !== undefined && doc.formatVersion !== FORMAT_VERSION) return { ok: false, error: 'catalogue_admin.import.wrong_version', params: { version: FORMAT_VERSION } };
    items = doc.procedures;
  }
  if (!Array.isArray(items)) return { ok: false, error: 'catalogue_admin.import.no_procedures' };
  if (items.length === 0) return { ok: false, error: 'catalogue_admin.import.empty' };
  if (items.length > MAX_IMPORT_ROWS) return { ok: false, error: 'catalogue_admin.import.too_many_rows', params: { max: MAX_IMPORT_ROWS } };
  return {
    ok: true,
    rows: items.map((item, i) => {
      const label = { key: 'catalogue_admin.import.item' as const, params: { n: i + 1 } };
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        return { label, data: null, problems: [{ path: 'code', key: 'catalogue_admin.error.not_object' as const }] };
      }
      return { label, data: item as Record<string, unknown>, problems: [] };
    }),
  };
}

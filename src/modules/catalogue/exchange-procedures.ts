/**
 * Export and import of the catalogue (JSON and XLSX, see exchange/). An import is all or nothing: every row is
 * checked with the same rules as the editing form, and either every row becomes a new draft (version 1 of a new
 * code, or one above the highest version of a known code) in one transaction with one audit entry, or nothing
 * is written and the person gets the list of problems, row by row.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { checkProcedure } from './domain/procedure-rules.ts';
import type { Problem, ProcedureContent, VersionState } from './domain/procedure-rules.ts';
import { exportDocument, exportItemOf, MAX_IMPORT_BYTES, readJsonFile } from './exchange/document.ts';
import type { ExportDocument, ExportItem, ImportRow, RowLabel } from './exchange/document.ts';
import { readWorkbook, writeWorkbook } from './exchange/xlsx.ts';
import { looksLikeZip } from './exchange/zip-guard.ts';
import { insertProceduresInTrx, listVersionLines, listVersionsByIds, todayInVietnam, versionFactsOf } from './store.ts';

/** Which versions an export holds: those in force (the default), every version, or those in one state. */
export type ExportSelection = 'all' | VersionState;

export async function exportProcedures(db: Db, selection: ExportSelection, today = todayInVietnam()): Promise<ExportItem[]> {
  const lines = await listVersionLines(db, {}, today);
  const ids = lines.filter((l) => selection === 'all' || l.state === selection).map((l) => l.id);
  return (await listVersionsByIds(db, ids)).map(exportItemOf);
}

export async function exportJson(db: Db, selection: ExportSelection, today = todayInVietnam()): Promise<ExportDocument> {
  return exportDocument(await exportProcedures(db, selection, today), selection);
}

export async function exportXlsx(db: Db, selection: ExportSelection, today = todayInVietnam()): Promise<Buffer> {
  return writeWorkbook(await exportProcedures(db, selection, today));
}

/** An upload as the web layer hands it over. */
export interface ImportUpload {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/** The problems of one row of the file. */
export interface RowProblems {
  label: RowLabel;
  code: string;
  problems: Problem[];
}

export type ImportResult =
  | { ok: true; created: { code: string; version: number }[] }
  | { ok: false; file: { key: MessageKey; params?: Record<string, string | number> } }
  | { ok: false; rows: RowProblems[] };

const fileProblem = (key: MessageKey, params?: Record<string, string | number>): ImportResult => ({ ok: false, file: params ? { key, params } : { key } });

/** The type of an upload, from its bytes; the name the browser sent must agree (a renamed file is refused). */
function kindOf(upload: ImportUpload): { kind: 'json' | 'xlsx' } | { problem: MessageKey } {
  const name = upload.filename.toLowerCase();
  const named = name.endsWith('.xlsx') ? 'xlsx' : name.endsWith('.json') ? 'json' : null;
  if (named === null) return { problem: 'catalogue_admin.import.wrong_type' };
  const zip = looksLikeZip(upload.data);
  if (named === 'xlsx' && !zip) return { problem: 'catalogue_admin.import.fake_xlsx' };
  if (named === 'json' && zip) return { problem: 'catalogue_admin.import.fake_json' };
  return { kind: named };
}

/** Reads, checks and (when every row is right) stores an import file. */
export async function importProcedures(db: Db, who: AuditActor, upload: ImportUpload | undefined): Promise<ImportResult> {
  if (!upload || (upload.data.length === 0 && !upload.truncated)) return fileProblem('catalogue_admin.import.no_file');
  if (upload.truncated || upload.data.length > MAX_IMPORT_BYTES) return fileProblem('catalogue_admin.import.too_large', { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
  const kind = kindOf(upload);
  if ('problem' in kind) return fileProblem(kind.problem);
  const reading = kind.kind === 'json' ? readJsonFile(upload.data) : await readWorkbook(upload.data);
  if (!reading.ok) return fileProblem(reading.error, reading.params);

  const checked = reading.rows.map((row) => ({ row, result: row.data === null ? null : checkProcedure(row.data) }));
  const failures: RowProblems[] = [];
  const good: { row: ImportRow; content: ProcedureContent }[] = [];
  for (const { row, result } of checked) {
    const problems = [...row.problems, ...(result && !result.ok ? result.problems : [])];
    const code = typeof row.data?.code === 'string' ? row.data.code : '';
    if (problems.length > 0 || !result || !result.ok) failures.push({ label: row.label, code, problems });
    else good.push({ row, content: result.value });
  }
  // What the database knows: a code appears once per file, and a code with an open draft takes no other.
  const facts = await versionFactsOf(db, [...new Set(good.map((g) => g.content.code))]);
  const seen = new Map<string, RowLabel>();
  const planned: (ProcedureContent & { version: number })[] = [];
  for (const { row, content } of good) {
    const problems: Problem[] = [];
    const first = seen.get(content.code);
    const known = facts.get(content.code);
    if (first) problems.push({ path: 'code', key: 'catalogue_admin.import.duplicate_code', params: { code: content.code } });
    else if (known?.draftVersion) problems.push({ path: 'code', key: 'catalogue_admin.import.draft_open', params: { code: content.code, version: known.draftVersion } });
    seen.set(content.code, first ?? row.label);
    if (problems.length > 0) failures.push({ label: row.label, code: content.code, problems });
    else planned.push({ ...content, version: (known?.maxVersion ?? 0) + 1 });
  }
  if (failures.length > 0) {
    const order = new Map(reading.rows.map((r, i) => [r.label, i]));
    return { ok: false, rows: failures.sort((a, b) => order.get(a.label)! - order.get(b.label)!) };
  }

  const created = planned.map((p) => ({ code: p.code, version: p.version }));
  try {
    await db.transaction().execute(async (trx) => {
      await insertProceduresInTrx(trx, planned.map((p) => ({ ...p, status: 'draft' as const, effectiveFrom: null })));
      await recordAuditInTrx(trx, who, {
        action: 'catalogue.imported', targetType: 'procedure',
        details: {
          format: kind.kind, bytes: upload.data.length, sha256: crypto.createHash('sha256').update(upload.data).digest('hex'), count: created.length,
          created: created.map((c) => `${c.code}@${c.version}`),
        },
      });
    });
  } catch (error) {
    // Someone else opened a draft or a version of one of these codes meanwhile: nothing was written.
    if ((error as { code?: string }).code === '23505') return fileProblem('catalogue_admin.import.clash');
    throw error;
  }
  return { ok: true, created };
}

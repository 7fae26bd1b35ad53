/**
 * Case files (hồ sơ công việc, NĐ 30/2020 Art. 28–29): the documents of one matter, opened by whoever handles it
 * with a code, a title, the year, a retention period (years, or permanent) and a keeper; documents of the unit are
 * added while it is open; it is closed when the work is done (closed_at) and then accepts nothing more. Every
 * change is audited; adding a document writes a 'filed' event in the document's history.
 */
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { translator } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { listOfficialsOfUnit } from '../identity/index.ts';
import type { DocumentsContext } from './context.ts';
import { vietnamYear } from './domain/numbering.ts';
import { findCaseFile } from './case-files-store.ts';
import type { CaseFileRow } from './case-files-store.ts';
import { documentOfUnit } from './exchange-store.ts';
import { documentsDb, insertEventInTrx } from './store.ts';

const vi = translator('vi');

export interface CaseFileInput { code: string; title: string; year: string; retention: string; keeperId: string }
export type CaseFileProblems = Partial<Record<keyof CaseFileInput, MessageKey>>;

/** The period a file is kept: "permanent" or 1–100 years. */
export function parseRetention(text: string): { ok: true; years: number | null } | { ok: false } {
  if (text === 'permanent') return { ok: true, years: null };
  if (!/^\d{1,3}$/.test(text)) return { ok: false };
  const n = Number(text);
  return n >= 1 && n <= 100 ? { ok: true, years: n } : { ok: false };
}

/** The last year a file is kept: counted from the year the work ended (closed), or from its year while open. */
export const keptUntil = (f: Pick<CaseFileRow, 'retention_years' | 'year' | 'closed_at'>): number | null =>
  f.retention_years === null ? null : (f.closed_at ? vietnamYear(f.closed_at) : Number(f.year)) + Number(f.retention_years);

export async function createCaseFile(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, input: CaseFileInput): Promise<{ ok: true; id: number } | { ok: false; problems: CaseFileProblems }> {
  const problems: CaseFileProblems = {};
  const code = input.code.trim();
  const title = input.title.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N}./_-]{0,49}$/u.test(code)) problems.code = 'documents.exchange.case.error.code';
  if (title === '' || title.length > 500) problems.title = 'documents.exchange.case.error.title';
  const year = /^\d{4}$/.test(input.year) ? Number(input.year) : NaN;
  if (!(year >= 2000 && year <= 2100)) problems.year = 'documents.exchange.case.error.year';
  const retention = parseRetention(input.retention);
  if (!retention.ok) problems.retention = 'documents.exchange.case.error.retention';
  const officials = await listOfficialsOfUnit(ctx.db, unitId);
  const keeper = input.keeperId === '' ? officials.find((o) => o.id === by.id) ?? null : officials.find((o) => String(o.id) === input.keeperId && !o.disabled);
  if (keeper === undefined) problems.keeperId = 'documents.exchange.case.error.keeper';
  if (Object.keys(problems).length > 0 || !retention.ok) return { ok: false, problems };
  return ctx.db.transaction().execute(async (trx) => {
    const made = await documentsDb(trx).insertInto('case_files').values({
      unit_id: unitId, code, title, year, retention_years: retention.years, keeper_id: keeper?.id ?? by.id, keeper_name: keeper?.fullName ?? by.name,
    }).onConflict((oc) => oc.columns(['unit_id', 'year', 'code']).doNothing()).returning('id').executeTakeFirst();
    if (!made) return { ok: false as const, problems: { code: 'documents.exchange.case.error.code_taken' as MessageKey } };
    const id = Number(made.id);
    await recordAuditInTrx(trx, audit, { action: 'documents.case_file_created', unitId, targetType: 'case_file', targetId: id, details: { code, year, retentionYears: retention.years, keeper: keeper?.fullName ?? by.name } });
    return { ok: true as const, id };
  });
}

export async function addToCaseFile(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, caseFileId: number, documentId: number): Promise<'added' | 'already'> {
  return ctx.db.transaction().execute(async (trx) => {
    // The file's row lock: a close waits for an add in flight, and an add after a close sees it closed.
    const file = await findCaseFile(trx, unitId, caseFileId, { forUpdate: true });
    if (!file) throw new AppError('error.not_found', 404);
    if (file.status === 'closed') throw new AppError('documents.exchange.case.error.closed', 409);
    const doc = await documentOfUnit(trx, unitId, documentId);
    if (!doc) throw new AppError('documents.exchange.case.error.document', 422);
    const added = await documentsDb(trx).insertInto('case_file_documents').values({ case_file_id: caseFileId, document_id: documentId, unit_id: unitId })
      .onConflict((oc) => oc.columns(['case_file_id', 'document_id']).doNothing()).returning('document_id').executeTakeFirst();
    if (!added) return 'already';
    await insertEventInTrx(trx, { documentId, unitId, kind: 'filed', author: by, body: vi('documents.exchange.case.event.filed', { code: file.code, title: file.title }).slice(0, 4000), at: ctx.now() });
    await recordAuditInTrx(trx, audit, { action: 'documents.case_file_document_added', unitId, targetType: 'case_file', targetId: caseFileId, details: { documentId, code: file.code } });
    return 'added';
  });
}

export async function closeCaseFile(ctx: DocumentsContext, audit: AuditActor, unitId: number, caseFileId: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const file = await findCaseFile(trx, unitId, caseFileId, { forUpdate: true });
    if (!file) throw new AppError('error.not_found', 404);
    if (file.status === 'closed') throw new AppError('documents.exchange.case.error.closed', 409);
    const count = await documentsDb(trx).selectFrom('case_file_documents').select(sql<number>`count(*)`.as('n')).where('case_file_id', '=', caseFileId).executeTakeFirstOrThrow();
    if (Number(count.n) === 0) throw new AppError('documents.exchange.case.error.empty', 409);
    await documentsDb(trx).updateTable('case_files').set({ status: 'closed', closed_at: ctx.now() }).where('id', '=', caseFileId).execute();
    await recordAuditInTrx(trx, audit, { action: 'documents.case_file_closed', unitId, targetType: 'case_file', targetId: caseFileId, details: { code: file.code, documents: Number(count.n) } });
  });
}

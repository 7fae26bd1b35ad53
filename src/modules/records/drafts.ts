/** Filling a record before it is filed: the form, saved as a draft, and its attachments. */
import crypto from 'node:crypto';
import type { AuditActor } from '../audit/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { Procedure } from '../catalogue/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { AppError } from '../../platform/errors.ts';
import { detectFileKind } from '../../platform/files/file-kind.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { ownerOf, MAX_DRAFT_BYTES, MAX_DRAFTS_PER_OWNER, MAX_FILE_BYTES, MAX_FILES_PER_DRAFT } from './context.ts';
import type { Filer, RecordsContext } from './context.ts';
import { answersOf, checkForm, formSections, APPLICANT_FIELDS } from './domain/form-values.ts';
import type { FieldProblem, FormValues } from './domain/form-values.ts';
import { sanitiseFileName } from './domain/file-name.ts';
import { countDraftsOf, deleteDraftFileInTrx, deleteDraftInTrx, findRecordByDraft, insertDraftInTrx, insertFileInTrx, totalDraftBytes, updateDraftInTrx } from './store.ts';
import type { Draft } from './store.ts';

/** The agencies that receive records: communes and wards with an agency code. */
export function receivesRecords(unit: Unit | undefined): unit is Unit & { code: string } {
  return !!unit && (unit.kind === 'commune' || unit.kind === 'ward') && !!unit.code;
}

/** Who may file where: a citizen with any commune or ward, an official only with their own. */
export async function receivingUnit(ctx: RecordsContext, who: Filer, unitIdText: string): Promise<(Unit & { code: string }) | null> {
  const unitId = /^\d{1,15}$/.test(unitIdText) ? Number(unitIdText) : NaN;
  if (who.kind === 'official') {
    const own = await findUnit(ctx.db, who.unitId);
    return receivesRecords(own) ? own : null;
  }
  if (!Number.isSafeInteger(unitId)) return null;
  const unit = await findUnit(ctx.db, unitId);
  return receivesRecords(unit) ? unit : null;
}

export type SaveResult =
  | { ok: true; draft: Draft }
  | { ok: false; values: FormValues; problems: Record<string, FieldProblem>; unitProblem: MessageKey | null };

/**
 * Saves what was entered into a new or existing draft. Only what could never be stored is refused; the
 * full check comes at submission. Citizens may file online only for procedures offered online.
 */
export async function saveDraft(ctx: RecordsContext, who: Filer, audit: AuditActor, procedure: Procedure, existing: Draft | null, input: { unitId: string; values: Record<string, string> }, today: string): Promise<SaveResult> {
  if (who.kind === 'citizen' && procedure.onlineLevel === 'none') throw new AppError('records.not_online', 400);
  const unit = await receivingUnit(ctx, who, input.unitId);
  const checked = checkForm(formSections(procedure.formDefinition), input.values, { today, complete: false });
  if (!unit || Object.keys(checked.problems).length > 0) {
    return { ok: false, values: checked.values, problems: checked.problems, unitProblem: unit ? null : 'records.unit_required' };
  }
  const applicant = Object.fromEntries(Object.entries(checked.values).filter(([k]) => APPLICANT_FIELDS.has(k)));
  const answers = answersOf(checked.values);
  if (existing) {
    if (await findRecordByDraft(ctx.db, existing.publicId)) throw new AppError('records.draft_already_filed', 409);
    await ctx.db.transaction().execute(async (trx) => {
      await updateDraftInTrx(trx, existing.id, { unitId: unit.id, procedureId: procedure.id, applicant, answers });
      await recordAuditInTrx(trx, audit, { action: 'records.draft_saved', unitId: unit.id, targetType: 'draft', targetId: existing.publicId, details: { procedure: procedure.code } });
    });
    return { ok: true, draft: { ...existing, unitId: unit.id, procedureId: procedure.id, values: { ...applicant, ...answers } } };
  }
  if ((await countDraftsOf(ctx.db, ownerOf(who))) >= MAX_DRAFTS_PER_OWNER) throw new AppError('records.too_many_drafts', 400, { max: MAX_DRAFTS_PER_OWNER });
  const draft = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertDraftInTrx(trx, {
      publicId: crypto.randomBytes(16).toString('base64url'), unitId: unit.id, procedureId: procedure.id, procedureCode: procedure.code,
      ownerKind: who.kind, ownerId: who.id, values: {}, applicant, answers,
    });
    await recordAuditInTrx(trx, audit, { action: 'records.draft_saved', unitId: unit.id, targetType: 'draft', targetId: created.publicId, details: { procedure: procedure.code, created: true } });
    return created;
  });
  return { ok: true, draft };
}

export interface Upload {
  data: Uint8Array;
  truncated: boolean;
  filename: string;
}

export type AttachResult = { ok: true; fileId: number } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

/** Checks a file from its bytes, scans it, and stores it with the record, for the component it answers. */
export async function checkUpload(ctx: RecordsContext, upload: Upload | undefined): Promise<{ ok: true; contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; fileName: string; sha256: string } | { ok: false; error: MessageKey; params?: Record<string, string | number> }> {
  if (!upload || (upload.data.length === 0 && !upload.truncated)) return { ok: false, error: 'records.file_required' };
  if (upload.truncated || upload.data.length > MAX_FILE_BYTES) return { ok: false, error: 'records.file_too_large', params: { max: `${MAX_FILE_BYTES / 1024 / 1024} MB` } };
  const detected = detectFileKind(upload.data);
  if ('problem' in detected) return { ok: false, error: `records.file_${detected.problem}` as MessageKey };
  const verdict = await ctx.scanner(upload.data);
  if (verdict === 'infected') return { ok: false, error: 'records.file_infected' };
  if (verdict === 'unavailable') return { ok: false, error: 'records.file_scan_unavailable' };
  return { ok: true, contentType: detected.kind, fileName: sanitiseFileName(upload.filename, detected.kind), sha256: crypto.createHash('sha256').update(upload.data).digest('hex') };
}

export async function attachToDraft(ctx: RecordsContext, who: Filer, audit: AuditActor, draft: Draft, procedure: Procedure, componentText: string, upload: Upload | undefined): Promise<AttachResult> {
  const position = componentText === '' || componentText === '0' ? null : /^\d{1,3}$/.test(componentText) ? Number(componentText) : NaN;
  if (position !== null && (!Number.isInteger(position) || position < 1 || position > procedure.components.length)) return { ok: false, error: 'records.component_unknown' };
  const checked = await checkUpload(ctx, upload);
  if (!checked.ok) return checked;
  const totals = await totalDraftBytes(ctx.db, draft.id);
  if (totals.files >= MAX_FILES_PER_DRAFT) return { ok: false, error: 'records.too_many_files', params: { max: MAX_FILES_PER_DRAFT } };
  if (totals.bytes + upload!.data.length > MAX_DRAFT_BYTES) return { ok: false, error: 'records.draft_too_large', params: { max: `${MAX_DRAFT_BYTES / 1024 / 1024} MB` } };
  if (await findRecordByDraft(ctx.db, draft.publicId)) throw new AppError('records.draft_already_filed', 409);
  const fileId = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertFileInTrx(trx, { unitId: draft.unitId, draftId: draft.id, kind: who.kind === 'official' && who.role === 'one_stop_officer' ? 'scan' : 'attachment', componentPosition: position, fileName: checked.fileName, contentType: checked.contentType, data: upload!.data, sha256: checked.sha256, by: ownerOf(who) });
    await recordAuditInTrx(trx, audit, { action: 'records.file_attached', unitId: draft.unitId, targetType: 'draft', targetId: draft.publicId, details: { fileId: id, component: position, bytes: upload!.data.length, contentType: checked.contentType, sha256: checked.sha256 } });
    return id;
  });
  return { ok: true, fileId };
}

export async function removeDraftFile(ctx: RecordsContext, audit: AuditActor, draft: Draft, fileId: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteDraftFileInTrx(trx, draft.id, fileId))) throw new AppError('error.not_found', 404);
    await recordAuditInTrx(trx, audit, { action: 'records.file_removed', unitId: draft.unitId, targetType: 'draft', targetId: draft.publicId, details: { fileId } });
  });
}

export async function discardDraft(ctx: RecordsContext, audit: AuditActor, draft: Draft): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteDraftInTrx(trx, draft.id);
    await recordAuditInTrx(trx, audit, { action: 'records.draft_deleted', unitId: draft.unitId, targetType: 'draft', targetId: draft.publicId });
  });
}

/**
 * Filing a record: the checked form becomes a record with its code and status 1 "Mới đăng ký", its files,
 * a first event, an audit entry and a message to the applicant, all in one transaction.
 */
import crypto from 'node:crypto';
import type { Trx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { computeFee } from '../catalogue/index.ts';
import type { Procedure } from '../catalogue/index.ts';
import { enqueueInTrx } from '../notifications/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { ownerOf, MAX_FILES_PER_DRAFT } from './context.ts';
import type { Filer, RecordsContext } from './context.ts';
import { receivingUnit } from './drafts.ts';
import { checkUpload } from './drafts.ts';
import type { Upload } from './drafts.ts';
import { answersOf, applicantOf, checkForm, feeQuantities, formSections } from './domain/form-values.ts';
import type { FieldProblem, FormValues } from './domain/form-values.ts';
import { formatRecordCode, vietnamDate } from './domain/record-code.ts';
import { CHANNEL, STATUS } from './domain/status.ts';
import { claimSubmissionKeyInTrx, findRecordByDraft, findRecordById, findSubmissionKey, insertEventInTrx, insertFileInTrx, insertRecordInTrx, moveDraftFilesInTrx, nextSequenceInTrx, deleteDraftInTrx } from './store.ts';
import type { Draft, RecordRow } from './store.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';

/** The fee of a record: the procedure's lines for the quantities the form gives (chứng thực: pages, copies). */
export function feeOf(procedure: Procedure, values: FormValues): number {
  if (procedure.feeStatus !== 'charged') return 0;
  const q = feeQuantities(values);
  return computeFee(procedure.feeLines, { pages: q.pages ?? 1, copies: q.copies ?? 1 });
}

interface Filing {
  who: Filer;
  audit: AuditActor;
  procedure: Procedure;
  unit: Unit & { code: string };
  values: FormValues;
  draftPublicId: string | null;
  now: Date;
}

async function fileInTrx(trx: Trx, f: Filing): Promise<RecordRow> {
  const day = vietnamDate(f.now);
  const sequence = await nextSequenceInTrx(trx, f.unit.id, day);
  const applicant = applicantOf(f.values);
  const record = await insertRecordInTrx(trx, {
    unitId: f.unit.id,
    code: formatRecordCode(f.unit.code, day, sequence),
    procedureId: f.procedure.id,
    procedureCode: f.procedure.code,
    procedureName: f.procedure.name,
    // The desk receives in person; a digital team member helps the citizen file online.
    channel: f.who.kind === 'official' && f.who.role === 'one_stop_officer' ? CHANNEL.desk : CHANNEL.online,
    applicantCitizenId: f.who.kind === 'citizen' ? f.who.id : null,
    applicant,
    answers: answersOf(f.values),
    feeAmount: feeOf(f.procedure, f.values),
    assistedBy: f.who.kind === 'official' ? { id: f.who.id, name: f.who.name, role: f.who.role } : null,
    draftPublicId: f.draftPublicId,
  });
  const recordId = Number(record.id);
  await insertEventInTrx(trx, { recordId, unitId: f.unit.id, kind: 'status', fromStatus: null, toStatus: STATUS.submitted, author: { kind: f.who.kind, id: f.who.id, name: f.who.name } });
  await recordAuditInTrx(trx, f.audit, {
    action: 'records.submitted', unitId: f.unit.id, targetType: 'record', targetId: record.code,
    details: { procedure: f.procedure.code, version: f.procedure.version, channel: record.channel, assisted: f.who.kind === 'official' },
  });
  await enqueueInTrx(trx, { channel: 'sms', recipient: applicant.phone, template: 'records.submitted', params: { code: record.code, procedure: shorten(f.procedure.name, 60), agency: f.unit.name } });
  return record;
}

const shorten = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

export type SubmitResult =
  | { ok: true; record: RecordRow; created: boolean }
  | { ok: false; problems: Record<string, FieldProblem>; unitProblem: MessageKey | null; general?: MessageKey };

/** Files a draft. A second submission of the same draft (a double click, a retried request) finds the first record. */
export async function submitDraft(ctx: RecordsContext, who: Filer, audit: AuditActor, procedure: Procedure, draft: Draft, now = new Date()): Promise<SubmitResult> {
  const earlier = await findRecordByDraft(ctx.db, draft.publicId);
  if (earlier) return { ok: true, record: earlier, created: false };
  if (who.kind === 'citizen' && procedure.onlineLevel === 'none') throw new AppError('records.not_online', 400);
  if (procedure.id !== draft.procedureId) return { ok: false, problems: {}, unitProblem: null, general: 'records.procedure_changed' };
  const unit = await receivingUnit(ctx, who, String(draft.unitId));
  const checked = checkForm(formSections(procedure.formDefinition), draft.values, { today: vietnamDate(now), complete: true });
  if (!unit || Object.keys(checked.problems).length > 0) return { ok: false, problems: checked.problems, unitProblem: unit ? null : 'records.unit_required' };
  try {
    const record = await ctx.db.transaction().execute(async (trx) => {
      const created = await fileInTrx(trx, { who, audit, procedure, unit, values: checked.values, draftPublicId: draft.publicId, now });
      await moveDraftFilesInTrx(trx, draft.id, Number(created.id), unit.id);
      await deleteDraftInTrx(trx, draft.id);
      return created;
    });
    return { ok: true, record, created: true };
  } catch (error) {
    // The same draft submitted twice at the same moment: the unique draft id let one through.
    if ((error as { code?: string }).code === '23505') {
      const first = await findRecordByDraft(ctx.db, draft.publicId);
      if (first) return { ok: true, record: first, created: false };
    }
    throw error;
  }
}

export interface ApiAttachment {
  component: number | null;
  fileName: string;
  data: Uint8Array;
}

export interface ApiSubmission {
  procedure: Procedure;
  unitId: string;
  values: Record<string, string>;
  attachments: ApiAttachment[];
  idempotencyKey: string | null;
}

export type ApiSubmitResult =
  | { ok: true; record: RecordRow; created: boolean }
  | { ok: false; problems: Record<string, FieldProblem>; unitProblem: MessageKey | null; fileProblems: { index: number; error: MessageKey; params?: Record<string, string | number> }[] };

/**
 * `submitApplication`: the form and its files in one request. With an Idempotency-Key, the same key
 * from the same person returns the record the first request made, and a different request under the
 * same key is refused (422), never a second record.
 */
export async function submitApplication(ctx: RecordsContext, who: Filer, audit: AuditActor, input: ApiSubmission, now = new Date()): Promise<ApiSubmitResult> {
  const actorKey = `${who.kind}:${who.id}`;
  const requestHash = crypto.createHash('sha256').update(JSON.stringify([input.procedure.code, input.unitId, Object.entries(input.values).sort(), input.attachments.map((a) => [a.component, a.fileName, crypto.createHash('sha256').update(a.data).digest('hex')])])).digest('hex');
  const replay = async () => {
    const known = input.idempotencyKey ? await findSubmissionKey(ctx.db, actorKey, input.idempotencyKey) : undefined;
    if (!known) return undefined;
    if (known.requestHash !== requestHash) throw new AppError('records.idempotency_mismatch', 422);
    const record = await findRecordById(ctx.db, known.recordId);
    return record ? ({ ok: true, record, created: false } as const) : undefined;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  if (who.kind === 'citizen' && input.procedure.onlineLevel === 'none') throw new AppError('records.not_online', 400);
  const unit = await receivingUnit(ctx, who, input.unitId);
  const checked = checkForm(formSections(input.procedure.formDefinition), input.values, { today: vietnamDate(now), complete: true });
  const fileProblems: Extract<ApiSubmitResult, { ok: false }>['fileProblems'] = [];
  const files: { component: number | null; fileName: string; contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; sha256: string; data: Uint8Array }[] = [];
  if (input.attachments.length > MAX_FILES_PER_DRAFT) fileProblems.push({ index: MAX_FILES_PER_DRAFT, error: 'records.too_many_files', params: { max: MAX_FILES_PER_DRAFT } });
  for (const [index, a] of input.attachments.slice(0, MAX_FILES_PER_DRAFT).entries()) {
    if (a.component !== null && (a.component < 1 || a.component > input.procedure.components.length)) {
      fileProblems.push({ index, error: 'records.component_unknown' });
      continue;
    }
    const result = await checkUpload(ctx, { data: a.data, truncated: false, filename: a.fileName });
    if (!result.ok) fileProblems.push({ index, error: result.error, ...(result.params ? { params: result.params } : {}) });
    else files.push({ component: a.component, fileName: result.fileName, contentType: result.contentType, sha256: result.sha256, data: a.data });
  }
  if (!unit || Object.keys(checked.problems).length > 0 || fileProblems.length > 0) {
    return { ok: false, problems: checked.problems, unitProblem: unit ? null : 'records.unit_required', fileProblems };
  }
  const KEY_TAKEN = Symbol('idempotency key taken');
  try {
    const record = await ctx.db.transaction().execute(async (trx) => {
      const created = await fileInTrx(trx, { who, audit, procedure: input.procedure, unit, values: checked.values, draftPublicId: null, now });
      for (const f of files) {
        await insertFileInTrx(trx, { unitId: unit.id, recordId: Number(created.id), kind: 'attachment', componentPosition: f.component, fileName: f.fileName, contentType: f.contentType, data: f.data, sha256: f.sha256, by: ownerOf(who) });
      }
      // Claimed last: a concurrent request with the same key waits here for this one, then finds its record.
      if (input.idempotencyKey && !(await claimSubmissionKeyInTrx(trx, { actorKey, key: input.idempotencyKey, requestHash, recordId: Number(created.id) }))) throw KEY_TAKEN;
      return created;
    });
    return { ok: true, record, created: true };
  } catch (error) {
    if (error === KEY_TAKEN) {
      const first = await replay();
      if (first) return first;
    }
    throw error;
  }
}

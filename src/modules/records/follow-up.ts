/**
 * What happens around a filed record: messages both ways, a supplement asked for and provided, the
 * citizen's withdrawal request, the rating. Status changes of the back office (intake, processing,
 * result) come with the one-stop issue; `requestSupplement` is the one it needs here.
 */
import type { Trx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { enqueueInTrx } from '../notifications/index.ts';
import type { RecordsContext } from './context.ts';
import { checkUpload } from './drafts.ts';
import type { Upload } from './drafts.ts';
import { acceptsSupplement, mayBeRated, mayRequestWithdrawal, maySupplementBeRequested, CLOSED_STATUSES, STATUS, withdrawsAtOnce } from './domain/status.ts';
import type { RecordStatus } from './domain/status.ts';
import { findRecordById, insertEventInTrx, insertFileInTrx, listEvents, updateRecordInTrx } from './store.ts';
import type { RecordChanges, RecordRow } from './store.ts';
import { transitionInTrx } from './transition.ts';
import { simpleDeadlines } from './deadlines.ts';
import type { DeadlineCalculator } from './deadlines.ts';

export type Author = { kind: 'citizen'; id: number; name: string } | { kind: 'official'; id: number; name: string };

export const MAX_MESSAGE = 2000;

export type ActionResult = { ok: true } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

function messageText(body: string): string | null {
  const text = body.replace(/\r\n?/g, '\n').trim();
  return text.length === 0 || [...text].length > MAX_MESSAGE ? null : text;
}

/** Locks the record for the change: two changes to one record happen one after the other. */
async function lockedRecord(trx: Trx, recordId: number): Promise<RecordRow> {
  const record = await findRecordById(trx, recordId, { forUpdate: true });
  if (!record) throw new AppError('error.not_found', 404);
  return record;
}

async function setStatusInTrx(calc: DeadlineCalculator, trx: Trx, record: RecordRow, to: RecordStatus, author: Author, body = '', changes: RecordChanges = {}): Promise<void> {
  await transitionInTrx(trx, record, to, author, { now: new Date(), deadlines: calc, body, changes });
}

/** The due-date calculator, loaded before a transaction opens (see deadlines.ts). */
const calculator = (ctx: RecordsContext) => (ctx.deadlines ?? simpleDeadlines).at(new Date());

/** Tells the applicant by SMS that something needs their attention on the record. */
export async function notifyApplicantInTrx(trx: Trx, record: RecordRow, template: 'records.message'): Promise<void> {
  if (!record.applicant_phone) return;
  await enqueueInTrx(trx, { channel: 'sms', recipient: record.applicant_phone, template, params: { code: record.code } });
}

export async function postMessage(ctx: RecordsContext, author: Author, audit: AuditActor, recordId: number, body: string): Promise<ActionResult> {
  const text = messageText(body);
  if (!text) return { ok: false, error: 'records.message_invalid', params: { max: MAX_MESSAGE } };
  await ctx.db.transaction().execute(async (trx) => {
    const record = await lockedRecord(trx, recordId);
    await insertEventInTrx(trx, { recordId, unitId: Number(record.unit_id), kind: 'message', author, body: text });
    await recordAuditInTrx(trx, audit, { action: 'records.message_posted', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { length: text.length } });
    if (author.kind === 'official') await notifyApplicantInTrx(trx, record, 'records.message');
  });
  return { ok: true };
}

/** The desk asks for what is missing, all of it at once (Mẫu 02): status 5, the clock stops. */
export async function requestSupplement(ctx: RecordsContext, author: Author & { kind: 'official' }, audit: AuditActor, recordId: number, body: string): Promise<ActionResult> {
  const text = messageText(body);
  if (!text) return { ok: false, error: 'records.message_invalid', params: { max: MAX_MESSAGE } };
  const calc = await calculator(ctx);
  return ctx.db.transaction().execute(async (trx): Promise<ActionResult> => {
    const record = await lockedRecord(trx, recordId);
    if (!maySupplementBeRequested(record.status)) return { ok: false, error: 'records.wrong_status' };
    await setStatusInTrx(calc, trx, record, STATUS.supplement_requested, author, '', { supplement_requests: record.supplement_requests + 1 });
    await insertEventInTrx(trx, { recordId, unitId: Number(record.unit_id), kind: 'supplement_request', author, body: text });
    await recordAuditInTrx(trx, audit, { action: 'records.supplement_requested', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { from: record.status, requests: record.supplement_requests + 1 } });
    return { ok: true };
  });
}

/**
 * The citizen sends what was asked for: files and a note. The record goes back to where it was before
 * the request (received or processing; a record never received goes back to "new").
 */
export async function provideSupplement(ctx: RecordsContext, author: Author & { kind: 'citizen' }, audit: AuditActor, recordId: number, note: string, upload: Upload | undefined): Promise<ActionResult> {
  const text = note.trim() === '' ? '' : messageText(note);
  if (text === null) return { ok: false, error: 'records.message_invalid', params: { max: MAX_MESSAGE } };
  const checked = await checkUpload(ctx, upload);
  if (!checked.ok) return checked;
  const calc = await calculator(ctx);
  return ctx.db.transaction().execute(async (trx): Promise<ActionResult> => {
    const record = await lockedRecord(trx, recordId);
    if (!acceptsSupplement(record.status)) return { ok: false, error: 'records.wrong_status' };
    const before = await statusBeforeSupplement(trx, recordId);
    const fileId = await insertFileInTrx(trx, { unitId: Number(record.unit_id), recordId, kind: 'supplement', componentPosition: null, fileName: checked.fileName, contentType: checked.contentType, data: upload!.data, sha256: checked.sha256, by: { kind: 'citizen', id: author.id } });
    await insertEventInTrx(trx, { recordId, unitId: Number(record.unit_id), kind: 'supplement', author, body: text });
    await setStatusInTrx(calc, trx, record, before, author);
    await recordAuditInTrx(trx, audit, { action: 'records.supplement_provided', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { fileId, sha256: checked.sha256, bytes: upload!.data.length } });
    return { ok: true };
  });
}

async function statusBeforeSupplement(trx: Trx, recordId: number): Promise<RecordStatus> {
  const events = await listEvents(trx, recordId);
  const request = events.filter((e) => e.kind === 'status' && e.to_status === STATUS.supplement_requested).pop();
  const from = request?.from_status;
  return from === STATUS.received || from === STATUS.processing ? from : STATUS.submitted;
}

/**
 * The citizen asks to stop. Not yet received: withdrawn at once (status 7). Otherwise the request is kept
 * and the desk answers it (Mẫu 05) unless a result already exists.
 */
export async function requestWithdrawal(ctx: RecordsContext, author: Author & { kind: 'citizen' }, audit: AuditActor, recordId: number, reason: string): Promise<ActionResult & { withdrawn?: boolean }> {
  const text = messageText(reason);
  if (!text) return { ok: false, error: 'records.reason_required', params: { max: MAX_MESSAGE } };
  const calc = await calculator(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const record = await lockedRecord(trx, recordId);
    if (!mayRequestWithdrawal(record.status) || record.withdrawal_requested_at) return { ok: false, error: 'records.wrong_status' } as const;
    const now = new Date();
    await updateRecordInTrx(trx, recordId, { withdrawal_requested_at: now, withdrawal_reason: text });
    await insertEventInTrx(trx, { recordId, unitId: Number(record.unit_id), kind: 'withdrawal_request', author, body: text });
    const atOnce = withdrawsAtOnce(record.status);
    if (atOnce) await setStatusInTrx(calc, trx, record, STATUS.withdrawn, author);
    await recordAuditInTrx(trx, audit, { action: 'records.withdrawal_requested', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { withdrawn: atOnce, from: record.status } });
    return { ok: true, withdrawn: atOnce } as const;
  });
}

export async function rateRecord(ctx: RecordsContext, author: Author & { kind: 'citizen' }, audit: AuditActor, recordId: number, ratingText: string, comment: string): Promise<ActionResult> {
  const rating = /^[1-5]$/.test(ratingText) ? Number(ratingText) : null;
  if (rating === null) return { ok: false, error: 'records.rating_invalid' };
  const text = comment.trim() === '' ? '' : messageText(comment);
  if (text === null) return { ok: false, error: 'records.message_invalid', params: { max: MAX_MESSAGE } };
  return ctx.db.transaction().execute(async (trx): Promise<ActionResult> => {
    const record = await lockedRecord(trx, recordId);
    if (!mayBeRated(record.status)) return { ok: false, error: 'records.wrong_status' };
    if (record.rating !== null) return { ok: false, error: 'records.already_rated' };
    await updateRecordInTrx(trx, recordId, { rating, rating_comment: text || null, rated_at: new Date() });
    await insertEventInTrx(trx, { recordId, unitId: Number(record.unit_id), kind: 'rating', author, body: `${rating}/5${text ? ` — ${text}` : ''}` });
    await recordAuditInTrx(trx, audit, { action: 'records.rated', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { rating } });
    return { ok: true };
  });
}

/**
 * A status change made by the back office, with its event and audit entry. The one-stop module (issue #4)
 * decides which changes are allowed; this keeps the record, its history and the audit log together.
 */
export async function changeStatus(ctx: RecordsContext, author: Author, audit: AuditActor, recordId: number, to: RecordStatus, note = ''): Promise<void> {
  const calc = await calculator(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const record = await lockedRecord(trx, recordId);
    if (CLOSED_STATUSES.has(record.status)) throw new AppError('records.wrong_status', 409);
    await setStatusInTrx(calc, trx, record, to, author, note);
    await recordAuditInTrx(trx, audit, { action: 'records.status_changed', unitId: Number(record.unit_id), targetType: 'record', targetId: record.code, details: { from: record.status, to } });
  });
}

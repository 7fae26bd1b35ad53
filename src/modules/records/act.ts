/**
 * The back office acting on a record: one function for every workflow action. The record is locked, the
 * version the official saw is compared (two officials acting at once: the second is told to reload), the
 * workflow table decides, and the change, its events, the audit entry and the SMS to the applicant commit
 * together.
 */
import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findProcedureVersionById } from '../catalogue/index.ts';
import { listOfficialsOfUnit } from '../identity/index.ts';
import type { Role } from '../identity/index.ts';
import type { RecordsContext } from './context.ts';
import { simpleDeadlines } from './deadlines.ts';
import { checkUpload } from './drafts.ts';
import type { Upload } from './drafts.ts';
import { parseDate } from './domain/form-values.ts';
import { TO, refusal, stepResult } from './domain/workflow.ts';
import type { Action, Refusal, WorkflowState } from './domain/workflow.ts';
import { findRecordById, insertEventInTrx, insertFileInTrx, listEvents, listRecordFiles, replaceResultFileInTrx, updateRecordInTrx } from './store.ts';
import { reusableForRecord } from './reuse.ts';
import type { RecordChanges, RecordRow } from './store.ts';
import { transitionInTrx } from './transition.ts';
import { SigningRefused, sealResult, signResult } from '../signatures/index.ts';
import { translator } from '../../platform/i18n/index.ts';
import { notifyApplicantInTrx } from './follow-up.ts';
import { notePaymentInTrx } from './pay-record.ts';
import { DESK_METHODS } from './domain/payment.ts';
import type { DeskMethod } from './domain/payment.ts';

export interface Official {
  id: number;
  name: string;
  unitId: number;
  permissions: ReadonlySet<string>;
}

export interface ActionInput {
  /** The record's version shown on the official's page. */
  version: number;
  /** Reason, list of missing papers, note. */
  text?: string;
  /** The official who receives the record (forward, hand over, submit for approval). */
  toOfficialId?: number;
  /** Extension: the new appointment date, YYYY-MM-DD or DD/MM/YYYY. */
  newDate?: string;
  /** Return: how the result reaches the applicant. */
  via?: string;
  /** Approval: the electronic result. */
  result?: Upload;
  /** Confirm payment: how the applicant paid at the desk, `cash` (default) or `transfer`. */
  method?: string;
}

export type ActResult = { ok: true; record: RecordRow } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

const REFUSAL_MESSAGES: Record<Refusal, MessageKey> = {
  wrong_status: 'records.wrong_status',
  not_permitted: 'error.forbidden',
  not_holder: 'records.act.not_holder',
  awaiting_approval: 'records.act.awaiting_approval',
  not_awaiting_approval: 'records.act.not_awaiting_approval',
  already_extended: 'records.act.already_extended',
  no_withdrawal_request: 'records.act.no_withdrawal_request',
  past_due: 'records.act.past_due',
  nothing_to_seal: 'records.act.nothing_to_seal',
  not_sealed: 'records.act.not_sealed',
};

const SIGNING_REFUSALS: Record<SigningRefused['code'], MessageKey> = {
  'signatures.no_seal_image': 'records.act.no_seal_image',
  'signatures.not_signed_by_official': 'records.act.nothing_to_seal',
  'signatures.already_sealed': 'records.act.nothing_to_seal',
  'signatures.unknown_document': 'records.act.nothing_to_seal',
};

/** The visible signatures' words: Vietnamese, as the documents themselves are. */
const vi = translator('vi');
const appearanceLabels = () => ({ signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') });

/** Who may receive the record for each action: a specialist to process it, a leader to approve it. */
const RECEIVER_ROLES: Partial<Record<Action, readonly Role[]>> = {
  forward: ['specialist'],
  hand_over: ['specialist'],
  submit_for_approval: ['chairman', 'vice_chairman'],
};

export const MAX_TEXT = 2000;

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

export function workflowState(r: RecordRow): WorkflowState {
  return {
    status: r.status, awaitingApproval: r.awaiting_approval, holderId: r.holder_official_id === null ? null : Number(r.holder_official_id),
    extended: r.extended_at !== null, withdrawalRequested: r.withdrawal_requested_at !== null, dueAt: r.due_at,
    resultSigned: r.result_public_id !== null, resultSealed: r.result_sealed_at !== null,
  };
}

/** The officials of the record's commune who may receive it for `action`, for the page's choice list. */
export async function receiversFor(ctx: RecordsContext, unitId: number, action: Action): Promise<{ id: number; name: string }[]> {
  const roles = RECEIVER_ROLES[action];
  if (!roles) return [];
  const officials = await listOfficialsOfUnit(ctx.db, unitId);
  return officials.filter((o) => !o.disabled && o.roles.some((r) => roles.includes(r))).map((o) => ({ id: o.id, name: o.fullName }));
}

const needsText: ReadonlySet<Action> = new Set(['request_supplement', 'refuse', 'send_back', 'extend', 'stop', 'decline_withdrawal']);

export async function act(ctx: RecordsContext, who: Official, audit: AuditActor, recordId: number, action: Action, input: ActionInput, now = new Date()): Promise<ActResult> {
  const text = (input.text ?? '').replace(/\r\n?/g, '\n').trim();
  if (needsText.has(action) && (text === '' || [...text].length > MAX_TEXT)) return { ok: false, error: 'records.act.text_required', params: { max: MAX_TEXT } };
  if ([...text].length > MAX_TEXT) return { ok: false, error: 'records.act.text_required', params: { max: MAX_TEXT } };
  let receiver: { id: number; name: string } | undefined;
  if (RECEIVER_ROLES[action]) {
    const record = await findRecordById(ctx.db, recordId);
    if (!record) throw new AppError('records.not_found', 404);
    receiver = (await receiversFor(ctx, Number(record.unit_id), action)).find((o) => o.id === input.toOfficialId);
    if (!receiver) return { ok: false, error: 'records.act.receiver_required' };
  }
  let result: Awaited<ReturnType<typeof checkUpload>> | undefined;
  if (action === 'approve' && input.result && (input.result.data.length > 0 || input.result.truncated)) {
    result = await checkUpload(ctx, input.result);
    if (!result.ok) return result;
  }
  // Signing happens before the record's transaction (it is slow, and has its own): the record is checked first,
  // and again under the lock; a race lost in between leaves only an unused signed copy behind.
  let signed: { data: Uint8Array; sha256: string; publicId: string } | undefined;
  if ((action === 'approve' && result?.ok) || action === 'seal') {
    const record = await findRecordById(ctx.db, recordId);
    if (!record) throw new AppError('records.not_found', 404);
    if (record.version !== input.version) return { ok: false, error: 'records.act.stale' };
    const why = refusal(action, workflowState(record), who, now);
    if (why) return { ok: false, error: REFUSAL_MESSAGES[why] };
    if (ctx.signatures) {
      try {
        if (action === 'approve' && result?.ok) {
          if (result.contentType !== 'application/pdf') return { ok: false, error: 'records.act.result_pdf_required' };
          const out = await signResult(ctx.signatures, audit, {
            unitId: Number(record.unit_id), officialId: who.id, pdf: input.result!.data, title: `${record.procedure_name} — ${record.code}`, fileName: result.fileName, labels: appearanceLabels(),
          });
          signed = { data: out.pdf, sha256: sha256(out.pdf), publicId: out.publicId };
        } else if (action === 'seal') {
          const data = await sealResult(ctx.signatures, audit, { unitId: Number(record.unit_id), publicId: record.result_public_id!, labels: appearanceLabels() });
          signed = { data, sha256: sha256(data), publicId: record.result_public_id! };
        }
      } catch (error) {
        if (error instanceof SigningRefused) return { ok: false, error: SIGNING_REFUSALS[error.code] };
        throw error;
      }
    } else if (action === 'seal') return { ok: false, error: 'records.act.nothing_to_seal' };
  }
  const via = input.via ?? '';
  if (action === 'return_result' && !['desk', 'post', 'electronic'].includes(via)) return { ok: false, error: 'records.act.via_required' };
  const method = (input.method || 'cash') as DeskMethod;
  if (action === 'confirm_payment' && !DESK_METHODS.includes(method)) return { ok: false, error: 'payments.desk.method_required' };
  // Loaded before the transaction: see deadlines.ts.
  const deadlines = await (ctx.deadlines ?? simpleDeadlines).at(now);

  return ctx.db.transaction().execute(async (trx): Promise<ActResult> => {
    const record = await findRecordById(trx, recordId, { forUpdate: true });
    if (!record) throw new AppError('records.not_found', 404);
    if (record.version !== input.version) return { ok: false, error: 'records.act.stale' };
    const why = refusal(action, workflowState(record), who, now);
    if (why) return { ok: false, error: REFUSAL_MESSAGES[why] };
    const author = { kind: 'official' as const, id: who.id, name: who.name };
    const unitId = Number(record.unit_id);
    const changes: RecordChanges = {};
    const details: Record<string, unknown> = { from: record.status };

    switch (action) {
      case 'accept': {
        const procedure = await findProcedureVersionById(trx, Number(record.procedure_id));
        const due = procedure ? deadlines.due(now, procedure.processingTime, { after15Rule: true }) : null;
        Object.assign(changes, { received_at: now, due_at: due, original_due_at: due });
        details.dueAt = due?.toISOString() ?? null;
        // HoSoCoThanhPhanSoHoa (indicator 4.3): a component the applicant brought no file for is one of their earlier digital results.
        if (procedure) {
          const reusable = await reusableForRecord(trx, record, procedure);
          const attached = new Set((await listRecordFiles(trx, recordId)).map((f) => f.componentPosition));
          changes.reused_data = [...reusable.keys()].some((position) => !attached.has(position));
          if (changes.reused_data) details.reusedData = true;
        }
        break;
      }
      case 'request_supplement':
        changes.supplement_requests = record.supplement_requests + 1;
        details.requests = changes.supplement_requests;
        break;
      case 'refuse':
      case 'stop':
        Object.assign(changes, { decided_at: now, decision_reason: text, holder_official_id: null, holder_name: null });
        break;
      case 'forward':
      case 'hand_over':
      case 'submit_for_approval': {
        const started = record.step_started_at ?? record.received_at ?? record.submitted_at;
        const procedure = await findProcedureVersionById(trx, Number(record.procedure_id));
        const budgetHours = procedure?.internalSteps[record.step_index]?.hours;
        const slip = stepResult(budgetHours === undefined ? null : budgetHours * 3600_000, now.getTime() - started.getTime());
        await insertEventInTrx(trx, { recordId, unitId, kind: 'handover', author, to: receiver!, stepResult: slip, body: text });
        Object.assign(changes, {
          holder_official_id: receiver!.id, holder_name: receiver!.name, step_index: record.step_index + 1, step_started_at: now,
          ...(action === 'submit_for_approval' ? { awaiting_approval: true } : {}),
        });
        details.to = receiver!.id;
        details.step = slip;
        break;
      }
      case 'send_back': {
        // Back to the official who submitted it.
        const events = await listEvents(trx, recordId);
        const submitted = events.filter((e) => e.kind === 'handover' && Number(e.to_official_id) === Number(record.holder_official_id)).pop();
        const back = submitted?.author_id ? { id: Number(submitted.author_id), name: submitted.author_name } : null;
        await insertEventInTrx(trx, { recordId, unitId, kind: 'approval', author, body: text, ...(back ? { to: back } : {}) });
        Object.assign(changes, { awaiting_approval: false, holder_official_id: back?.id ?? null, holder_name: back?.name ?? null, step_started_at: now });
        break;
      }
      case 'approve': {
        if (result?.ok) {
          // The signed result when signing is on; the file as uploaded otherwise.
          const data = signed?.data ?? input.result!.data;
          const hash = signed?.sha256 ?? result.sha256;
          const fileId = await insertFileInTrx(trx, { unitId, recordId, kind: 'result', componentPosition: null, fileName: result.fileName, contentType: result.contentType, data, sha256: hash, by: { kind: 'official', id: who.id } });
          details.resultFile = { id: fileId, sha256: hash, signed: signed !== undefined };
          if (signed) changes.result_public_id = signed.publicId;
        }
        await insertEventInTrx(trx, { recordId, unitId, kind: 'approval', author, body: text });
        Object.assign(changes, { awaiting_approval: false, decided_at: now, holder_official_id: null, holder_name: null });
        break;
      }
      case 'seal': {
        await replaceResultFileInTrx(trx, recordId, signed!.data, signed!.sha256);
        changes.result_sealed_at = now;
        await insertEventInTrx(trx, { recordId, unitId, kind: 'result', author, body: text });
        details.resultFile = { sha256: signed!.sha256, sealed: true };
        break;
      }
      case 'confirm_payment':
        // The fee paid at the desk is recorded like an online payment (pay-record.ts), unless the record was paid already (online).
        if (record.paid_at === null && Number(record.fee_amount) > 0) {
          Object.assign(changes, await notePaymentInTrx(trx, record, { amount: Number(record.fee_amount), channel: 0, method, paidAt: now, author }));
          details.payment = { amount: Number(record.fee_amount), method };
        } else details.alreadyPaid = record.paid_at !== null;
        break;
      case 'return_result':
        Object.assign(changes, { returned_at: now, returned_via: via });
        details.via = via;
        break;
      case 'extend': {
        const date = parseDate(input.newDate ?? '');
        // The new appointment: the end of the chosen day's office hours, Vietnam time, after the current one.
        const newDue = date ? new Date(`${date}T17:00:00+07:00`) : null;
        if (!newDue || (record.due_at && newDue.getTime() <= record.due_at.getTime())) return { ok: false, error: 'records.act.new_date_invalid' };
        Object.assign(changes, { due_at: newDue, extended_at: now, extension_reason: text });
        await insertEventInTrx(trx, { recordId, unitId, kind: 'extension', author, body: text });
        details.newDue = newDue.toISOString();
        break;
      }
      case 'decline_withdrawal':
        // The request is answered: it leaves the record, and the answer reaches the applicant as a message.
        Object.assign(changes, { withdrawal_requested_at: null, withdrawal_reason: null });
        await insertEventInTrx(trx, { recordId, unitId, kind: 'message', author, body: text });
        await notifyApplicantInTrx(trx, record, 'records.message');
        details.reason = text;
        break;
      default:
        break;
    }

    const to = TO[action];
    if (to !== null) await transitionInTrx(trx, record, to, author, { now, deadlines, changes, body: action === 'request_supplement' || action === 'refuse' || action === 'stop' ? text : '' });
    else await updateRecordInTrx(trx, recordId, changes);
    if (action === 'request_supplement') await insertEventInTrx(trx, { recordId, unitId, kind: 'supplement_request', author, body: text });
    await recordAuditInTrx(trx, audit, { action: `records.${action}`, unitId, targetType: 'record', targetId: record.code, details });
    return { ok: true, record: (await findRecordById(trx, recordId))! };
  });
}
